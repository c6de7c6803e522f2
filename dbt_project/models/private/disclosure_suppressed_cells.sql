-- The cells the marts publish as suppressed (docs/disclosure.md): primary suppression (fewer
-- people than small_cell_threshold, marts.md) plus complementary suppression, so that no published
-- total minus its visible parts gives away a suppressed cell. Rule per group whose total is
-- published: either none of its parts is suppressed, or at least two are and together they count at
-- least the threshold. A group breaking the rule has its smallest other eligible parts suppressed
-- too, until it holds; that may break the rule in another group the new cell belongs to, so this
-- repeats until nothing changes (a recursive CTE; it ends because cells are only ever added).
-- National groups are repaired only once no regional group breaks the rule: the cells suppressed
-- for a region usually protect the national total too, so no other region loses a cell for it.
-- A `cell` group (disclosure_cells) whose total is suppressed needs one suppressed part, or its
-- parts would add up to it; when no eligible parts can repair a `cell` group, its total is
-- suppressed instead. `published` groups that still break the rule get their total withheld
-- (disclosure_withheld_totals). The cells include the region totals (`rt|...`), which no mart shows.
with recursive
members as (
    select * from {{ ref('disclosure_cells') }}
),
parts as (
    select cell_id, any_value(size) as size, any_value(threshold) as threshold, bool_and(eligible) as eligible
    from members group by cell_id
),
cells as (
    select * from parts
    union all
    select distinct total_cell_id, total_size, threshold, false from members
    where total_size is not null and total_cell_id not in (select cell_id from parts)
),
suppressed(iteration, cell_id) as (
    select 0, cell_id from cells where size < threshold
    union all
    (
        with current_set as (
            select * from suppressed
        ),
        state as (
            select m.group_id, m.group_kind, m.total_cell_id, m.national, m.cell_id, m.size, m.threshold, c.eligible,
                   s.cell_id is not null as hidden,
                   m.total_cell_id in (select cell_id from current_set) as total_hidden
            from members as m
            join cells as c using (cell_id)
            left join current_set as s using (cell_id)
        ),
        groups as (
            select group_id, any_value(group_kind) as group_kind, any_value(total_cell_id) as total_cell_id,
                   any_value(threshold) as threshold, any_value(national) as national,
                   case when any_value(group_kind) = 'cell' then not coalesce(any_value(total_hidden), false)
                        else sum(size) >= any_value(threshold) end as total_published,
                   count(*) filter (where hidden) as hidden_parts,
                   coalesce(sum(size) filter (where hidden), 0) as hidden_size,
                   count(*) filter (where hidden or eligible) as hideable_parts,
                   coalesce(sum(size) filter (where hidden or eligible), 0) as hideable_size
            from state
            where group_kind <> 'none'
            group by group_id
        ),
        all_breaking as (
            select *,
                   case when total_published then hideable_parts >= 2 and hideable_size >= threshold
                        else hideable_parts >= 1 end as can_hold
            from groups
            where (total_published and hidden_parts >= 1 and (hidden_parts < 2 or hidden_size < threshold))
               or (group_kind = 'cell' and not total_published and hidden_parts = 0)
        ),
        breaking as (       -- regional groups first
            select * from all_breaking
            where national = (select min(national) from all_breaking where can_hold or group_kind = 'cell')
        ),
        ordered as (         -- hidden parts first, then the smallest eligible ones
            select p.cell_id, p.hidden, b.total_published, b.threshold,
                   count(*) over w as parts_before,
                   coalesce(sum(p.size) over w, 0) as size_before
            from state as p
            join breaking as b using (group_id)
            where b.can_hold and (p.hidden or p.eligible)
            window w as (partition by p.group_id order by p.hidden desc, p.size, p.cell_id
                         rows between unbounded preceding and 1 preceding)
        ),
        additions as (
            select cell_id from ordered
            where not hidden
              and case when total_published then parts_before < 2 or size_before < threshold
                       else parts_before < 1 end
            union
            select total_cell_id from breaking
            where group_kind = 'cell' and total_published and not can_hold
        )
        select (select max(iteration) from current_set) + 1, cell_id
        from (select cell_id from current_set union select cell_id from additions)
        where exists (select 1 from additions where cell_id not in (select cell_id from current_set))
    )
)
select s.cell_id, c.size, c.threshold, c.size >= c.threshold as complementary
from suppressed as s
join cells as c using (cell_id)
where s.iteration = (select max(iteration) from suppressed)
