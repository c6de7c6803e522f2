{#- No two rows share the grain: the published marts are keyed by it. -#}
{% test unique_grain(model, columns) %}
select {{ columns | join(', ') }}, count(*) as copies
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
