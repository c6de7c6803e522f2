{#- Schemas are named as configured (staging, intermediate, private, marts, ops), without the
    target-schema prefix, because the published snapshot's schema names are part of the contract. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name | trim if custom_schema_name else target.schema }}
{%- endmacro %}
