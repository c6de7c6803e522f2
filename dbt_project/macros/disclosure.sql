{#- Disclosure control (docs/disclosure.md). Every published cell that counts people, and every
    published total it adds up to, gets a text id (NULL when a part of it is NULL); the marts look their cell and totals up in
    private.disclosure_suppressed_cells and private.disclosure_withheld_totals by that id. -#}
{% macro disclosure_id(kind, columns) -%}
    ('{{ kind }}'{% for c in columns %} || '|' || {{ c }}::varchar{% endfor %})
{%- endmacro %}

{#- True when the cell with this id is suppressed, by its own size or to protect another cell. -#}
{% macro cell_suppressed(kind, columns) -%}
    ({{ disclosure_id(kind, columns) }} in (select cell_id from {{ ref('disclosure_suppressed_cells') }}))
{%- endmacro %}

{#- True when the published total (a national or KPI value) with this id must not be shown. -#}
{% macro total_withheld(kind, columns) -%}
    ({{ disclosure_id(kind, columns) }} in (select group_id from {{ ref('disclosure_withheld_totals') }}))
{%- endmacro %}
