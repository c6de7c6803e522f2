{#- Every column of the model within the range its contract declares (models/marts/_marts.yml):
    `config.meta.range` [low, high] (either end may be null), else [0, 1] for a fraction and
    [0, ∞) for a count. NULL is allowed (suppressed or undefined). One test per model, naming the
    column and value of every row out of range. -#}
{% test values_in_range(model) %}
{%- set checks = [] -%}
{%- if execute -%}
  {%- set node = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
                 | selectattr('name', 'equalto', model.identifier) | first -%}
  {%- for col in node.columns.values() -%}
    {%- set default = {'fraction': [0, 1], 'count': [0, none]}.get(col.meta.get('unit'), [none, none]) -%}
    {%- set bounds = col.meta.get('range', default) -%}
    {%- if bounds[0] is not none or bounds[1] is not none -%}
      {%- do checks.append((col.name, bounds[0], bounds[1])) -%}
    {%- endif -%}
  {%- endfor -%}
{%- endif %}
{%- if checks %}
{%- for name, low, high in checks %}
select '{{ name }}' as column_name, {{ name }}::varchar as value from {{ model }}
where {% if low is not none %}{{ name }} < {{ low }}{% endif %}{% if low is not none and high is not none %} or {% endif %}{% if high is not none %}{{ name }} > {{ high }}{% endif %}
{{ 'union all' if not loop.last }}
{%- endfor %}
{%- else %}
select null as column_name, null as value where false
{%- endif %}
{% endtest %}
