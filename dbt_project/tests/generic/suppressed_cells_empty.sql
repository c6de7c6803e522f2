{#- A suppressed row shows no count of people and no rate; an unsuppressed row shows its denominator. -#}
{% test suppressed_cells_empty(model, columns, denominator) %}
select * from {{ model }}
where (suppressed and ({% for c in columns %}{{ c }} is not null{{ ' or ' if not loop.last }}{% endfor %}))
   or (not suppressed and {{ denominator }} is null)
{% endtest %}
