-- Warns (does not block) when a school's delivered vo_outflow graduates differ from DUO's exam
-- results by more than the margin; ops.outflow_vs_duo lists them.
{{ config(severity='warn') }}
select * from {{ ref('outflow_vs_duo') }} where exceeds_margin
