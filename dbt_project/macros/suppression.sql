{#- Small-cell suppression (marts.md): a count of people, a rate or a per-student amount of a
    suppressed cell is published as NULL. Which cells are suppressed (below the threshold, or to
    protect another one) is decided once, in private.disclosure_suppressed_cells (docs/disclosure.md). -#}
{% macro unless(expr, hidden) -%}
    case when {{ hidden }} then null else {{ expr }} end
{%- endmacro %}

{#- A ratio whose zero denominator gives NULL instead of an error or infinity. -#}
{% macro ratio(numerator, denominator) -%}
    ({{ numerator }})::double / nullif({{ denominator }}, 0)
{%- endmacro %}
