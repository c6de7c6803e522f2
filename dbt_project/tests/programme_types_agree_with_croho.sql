-- Warns (does not block) when a delivered programme_type is not what the CROHO table says of the
-- programme code; ops.programme_types_vs_croho lists every code with its verdict.
{{ config(severity='warn') }}
select * from {{ ref('programme_types_vs_croho') }}
where verdict not in ('agrees', 'not checked: no CROHO code of its own')
