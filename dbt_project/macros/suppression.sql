{#- Small-cell suppression (marts.md): below the threshold a count of people, a rate or a
    per-student amount is published as NULL. -#}
{% macro suppress(expr, denominator, threshold) -%}
    case when {{ denominator }} < {{ threshold }} then null else {{ expr }} end
{%- endmacro %}

{% macro is_suppressed(denominator, threshold) -%}
    coalesce({{ denominator }}, 0) < {{ threshold }}
{%- endmacro %}

{#- A ratio whose zero denominator gives NULL instead of an error or infinity. -#}
{% macro ratio(numerator, denominator) -%}
    ({{ numerator }})::double / nullif({{ denominator }}, 0)
{%- endmacro %}
