-- Contract 2, rule 2 (marts.md "Small cells"), checked independently of the Python model that
-- decides it: under every published total whose own people reach the threshold the suppressed
-- rows are none, or at least two that together hold at least the threshold; a dropout_by_group row
-- that is the total of dropout_cohort cells is held to the same rule when it is published, and
-- needs a suppressed part when it is suppressed. Rows holding the same people count once.
-- Returns the groups that would give a suppressed row away; blocking, so nothing is published then.
with terms as (
    select distinct c.group_id, c.group_kind, c.role, c.threshold, c.size,
           coalesce(c.people_key::varchar || '|' || c.size, c.cell_id) as unit,
           s.cell_id is not null as hidden
    from {{ ref('disclosure_cells') }} as c
    left join {{ ref('disclosure_suppressed_cells') }} as s using (cell_id)
    where c.group_kind <> 'none'
),
totals as (
    select group_id, unit as total_unit, hidden as total_hidden from terms where role = 'total'
),
parts as (
    select t.* from terms as t
    where t.role = 'part'
      and not exists (select 1 from totals as o where o.group_id = t.group_id and o.total_unit = t.unit)
),
groups as (
    select p.group_id, any_value(p.group_kind) as group_kind, any_value(p.threshold) as threshold,
           any_value(o.total_hidden) as total_hidden,
           sum(p.size) as total_size,
           count(*) filter (where p.hidden and p.size > 0) as hidden_parts,
           coalesce(sum(p.size) filter (where p.hidden and p.size > 0), 0) as hidden_size
    from parts as p
    left join totals as o using (group_id)
    group by p.group_id
)
select * from groups
where case when group_kind = 'published' then total_size >= threshold
                and (hidden_parts = 1 or (hidden_parts >= 2 and hidden_size < threshold))
           when total_hidden then hidden_parts = 0
           else hidden_parts = 1 or (hidden_parts >= 2 and hidden_size < threshold) end
