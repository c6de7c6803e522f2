-- Published totals (KPI values, national rates) that must not be shown (docs/disclosure.md): a
-- total over fewer people than the threshold is itself a small cell, and a total whose suppressed
-- parts complementary suppression could not protect (fewer than two, or together below the
-- threshold) would give them away. Totals that are cells are suppressed instead
-- (disclosure_suppressed_cells).
with parts as (
    select m.group_id, m.group_kind, m.size, m.threshold, s.cell_id is not null as hidden
    from {{ ref('disclosure_cells') }} as m
    left join {{ ref('disclosure_suppressed_cells') }} as s using (cell_id)
),
groups as (
    select group_id, any_value(group_kind) as group_kind, any_value(threshold) as threshold,
           sum(size) as total_size,
           count(*) filter (where hidden) as hidden_parts,
           coalesce(sum(size) filter (where hidden), 0) as hidden_size
    from parts
    group by group_id
)
select group_id, group_kind, total_size, hidden_parts, hidden_size,
       case when total_size < threshold then 'total below threshold'
            else 'suppressed parts unprotected' end as reason
from groups
where group_kind = 'published'
  and (total_size < threshold or (hidden_parts >= 1 and (hidden_parts < 2 or hidden_size < threshold)))
