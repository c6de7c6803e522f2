{#- A partnership's own rows as the mart publishes them, with the people columns taken unsuppressed
    from the private detail (marts.md: a partnership's own viewers may see its own rows unsuppressed).
    shielded_in_snapshot says which rows everyone else sees suppressed, shielded_columns which columns
    everyone else sees empty there (a download re-applies them). Never published in the shared
    snapshot: deployment/own_detail.py writes one extract per partnership beside it. -#}
{% macro own_rows(mart, detail, grain, people, partnership='m.partnership_code') -%}
select m.* replace (
           {%- for c in people %}d.{{ c }} as {{ c }}, {% endfor %}false as suppressed),
       m.suppressed as shielded_in_snapshot,
       [{% for c in people %}'{{ c }}'{% if not loop.last %}, {% endif %}{% endfor %}]::varchar[] as shielded_columns,
       {{ partnership }} as own_partnership_code
from {{ ref(mart) }} as m
join {{ ref(detail) }} as d using ({{ grain | join(', ') }})
where {{ partnership }} is not null and {{ partnership }} <> 'onbekend'
{%- endmacro %}
