-- Every published cell that counts people, with every published total it is a part of: one row
-- per (cell, group). A group is an equation a reader can write from published numbers:
-- total = sum of its parts (docs/disclosure.md lists them). group_kind says what the total is:
--   cell       another cell, suppressed or not like any other: a dropout_by_group row (the total of
--              dropout_cohort cells), or a region's cohort (`rt|region|cohort`, the total every
--              dimension of dropout_by_group and the region's dropout_cohort cells add up to; it
--              is never a row of its own, and "suppressed" means no dimension may give it away);
--   published  a single value that can be withheld (a KPI value, a national rate of dropout_by_group);
--   none       no published total: lists a cell that is in no group (a vwo or vmbo school).
-- fixed: the contract publishes every cell of dropout_cohort, cost_per_supervised_student and
-- feeder_schools at or above the threshold (and their national rates; the conformance check holds
-- them to it), so only dropout_by_group rows and partnerships' students_unplaced KPIs can be
-- suppressed to protect another cell. eligible: may be chosen for that. national marks the groups
-- over the whole warehouse. size is the people denominator, threshold small_cell_threshold of the year.
with norms as (
    select academic_year, small_cell_threshold as threshold from {{ ref('int_norms_by_year') }}
),
cohort_cells as (        -- dropout_cohort: cohort_size is the same at every horizon; horizon 1 is what
    select region_code, partnership_code, programme_type, study_mode, cohort_year, cohort_size   -- adds up
    from {{ ref('dropout_cohort_detail') }}
    where horizon_years = 1
),
region_totals as (
    select region_code, cohort_year, sum(cohort_size) as region_size from cohort_cells group by all
),
group_cells as (
    select d.region_code, d.cohort_year, d.dimension, d.dimension_value, d.cohort_size,
           count(*) over (partition by d.region_code, d.cohort_year, d.dimension) as values_in_dimension,
           (select count(*) from cohort_cells as c join norms as n on n.academic_year = c.cohort_year
            where c.region_code = d.region_code and c.cohort_year = d.cohort_year
              and c.cohort_size < n.threshold
              and ((d.dimension = 'programme_type' and c.programme_type = d.dimension_value)
                   or (d.dimension = 'study_mode' and c.study_mode = d.dimension_value))) as small_parts
    from {{ ref('dropout_by_group_detail') }} as d
),
cost_cells as (
    select region_code, partnership_code, academic_year, supervised_students
    from {{ ref('cost_per_supervised_student_detail') }}
),
feeder_cells as (
    select school_code, exam_year, track, region_code, partnership_code, graduates
    from {{ ref('feeder_schools_detail') }}
),
unplaced_cells as (      -- kpi_scorecard students_unplaced per partnership: its people are the requests
    select region_code, partnership_code, academic_year, count(distinct student_key) as requests
    from {{ ref('int_placements') }}
    where status <> 'geannuleerd' and partnership_code is not null
    group by all
),
memberships as (
    {%- set dc = ['region_code', 'partnership_code', 'programme_type', 'study_mode', 'cohort_year'] %}
    select {{ disclosure_id('dc', dc) }} as cell_id, cohort_cells.cohort_size as size, cohort_year as year, true as fixed,
           false as eligible, g.group_id, g.group_kind, g.total_cell_id,
           case when g.total_cell_id like 'rt|%' then r.region_size end as total_size
    from cohort_cells
    join region_totals as r using (region_code, cohort_year),
         lateral (select unnest([
             {'group_id': {{ disclosure_id('dc-region', ['region_code', 'cohort_year']) }}, 'group_kind': 'cell',
              'total_cell_id': {{ disclosure_id('rt', ['region_code', 'cohort_year']) }}},
             {'group_id': {{ disclosure_id('dg-part', ['region_code', 'cohort_year', "'programme_type'", 'programme_type']) }},
              'group_kind': 'cell',
              'total_cell_id': {{ disclosure_id('dg', ['region_code', 'cohort_year', "'programme_type'", 'programme_type']) }}},
             {'group_id': {{ disclosure_id('dg-part', ['region_code', 'cohort_year', "'study_mode'", 'study_mode']) }},
              'group_kind': 'cell',
              'total_cell_id': {{ disclosure_id('dg', ['region_code', 'cohort_year', "'study_mode'", 'study_mode']) }}},
             {'group_id': case when region_code <> 'onbekend' then
                  {{ disclosure_id('kpi-r', ["'dropout_rate_h1'", 'region_code', 'cohort_year']) }} end,
              'group_kind': 'published', 'total_cell_id': null},
             {'group_id': case when partnership_code <> 'onbekend' then
                  {{ disclosure_id('kpi-p', ["'dropout_rate_h1'", 'partnership_code', 'cohort_year']) }} end,
              'group_kind': 'published', 'total_cell_id': null},
             {'group_id': {{ disclosure_id('kpi-nat', ["'dropout_rate_h1'", 'cohort_year']) }},
              'group_kind': 'published', 'total_cell_id': null}
         ], max_depth := 2)) as g
    union all
    -- a programme_type or study_mode row can protect another only when a small dropout_cohort cell
    -- is in it (otherwise its visible cells add up to it); a dimension's only value is the region total
    select {{ disclosure_id('dg', ['region_code', 'cohort_year', 'dimension', 'dimension_value']) }}, group_cells.cohort_size,
           cohort_year, false,
           values_in_dimension > 1 and (dimension not in ('programme_type', 'study_mode') or small_parts > 0),
           g.group_id, g.group_kind, g.total_cell_id, g.total_size
    from group_cells
    join region_totals as r using (region_code, cohort_year),
         lateral (select unnest([
             {'group_id': {{ disclosure_id('dg-dim', ['region_code', 'cohort_year', 'dimension']) }}, 'group_kind': 'cell',
              'total_cell_id': {{ disclosure_id('rt', ['region_code', 'cohort_year']) }}, 'total_size': r.region_size},
             {'group_id': {{ disclosure_id('nat-dg', ['cohort_year', 'dimension', 'dimension_value']) }},
              'group_kind': 'published', 'total_cell_id': null, 'total_size': null}
         ], max_depth := 2)) as g
    union all
    select {{ disclosure_id('cs', ['partnership_code', 'academic_year']) }}, supervised_students, academic_year, true,
           false, g.group_id, 'published', null, null
    from cost_cells,
         lateral (select unnest([
             {{ disclosure_id('kpi-r', ["'cost_per_supervised_student'", 'region_code', 'academic_year']) }},
             {{ disclosure_id('kpi-nat', ["'cost_per_supervised_student'", 'academic_year']) }}
         ]) as group_id) as g
    union all
    select {{ disclosure_id('fs', ['school_code', 'exam_year', 'track']) }}, graduates, exam_year, true, false,
           g.group_id, g.group_kind, null, null
    from feeder_cells,
         lateral (select unnest([
             {'group_id': {{ disclosure_id('fs', ['school_code', 'exam_year', 'track']) }}, 'group_kind': 'none'},
             {'group_id': case when track = 'havo' then
                  {{ disclosure_id('kpi-r', ["'inflow_rate_havo'", 'region_code', 'exam_year']) }} end,
              'group_kind': 'published'},
             {'group_id': case when track = 'havo' then
                  {{ disclosure_id('kpi-p', ["'inflow_rate_havo'", 'partnership_code', 'exam_year']) }} end,
              'group_kind': 'published'}
         ], max_depth := 2)) as g
    union all
    select {{ disclosure_id('ku', ['partnership_code', 'academic_year']) }}, requests, academic_year, false, true,
           g.group_id, 'published', null, null
    from unplaced_cells,
         lateral (select unnest([
             {{ disclosure_id('kpi-r', ["'students_unplaced'", 'region_code', 'academic_year']) }},
             {{ disclosure_id('kpi-nat', ["'students_unplaced'", 'academic_year']) }}
         ]) as group_id) as g
)
select m.cell_id, m.size, n.threshold, m.fixed, m.eligible, m.group_id, m.group_kind, m.total_cell_id, m.total_size,
       m.group_id like 'nat-%' or m.group_id like 'kpi-nat|%' as national
from memberships as m
join norms as n on n.academic_year = m.year
where m.group_id is not null
