{#- Disclosure control (docs/disclosure.md). Every published row that counts people, and every
    published total it adds up to, gets a text id (NULL when a part of it is NULL); the marts look
    their row up in private.disclosure_suppressed_cells by that id. -#}
{% macro disclosure_id(kind, columns) -%}
    ('{{ kind }}'{% for c in columns %} || '|' || {{ c }}::varchar{% endfor %})
{%- endmacro %}

{#- True when the cell with this id is suppressed, by its own size or to protect another cell. -#}
{% macro cell_suppressed(kind, columns) -%}
    ({{ disclosure_id(kind, columns) }} in (select cell_id from {{ ref('disclosure_suppressed_cells') }}))
{%- endmacro %}

{#- A rate of a total (a national rate, a KPI value; marts.md contract 2): published whenever its own
    people reach the threshold, rounded to exactly 3 decimals so that it does not give away its
    exact fraction; over fewer people it is itself a small cell (NULL). -#}
{% macro total_rate(rate, people, threshold) -%}
    case when {{ people }} >= {{ threshold }} then round({{ rate }}, 3) end
{%- endmacro %}
