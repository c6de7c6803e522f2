-- Every published row that counts people, with every published total it is a part of: one row per
-- (cell, group). A group is an equation a reader can write from published numbers, total = sum of
-- its parts (docs/disclosure.md, marts.md "Small cells", contract 2). Its total is either
--   published  a figure the contract always publishes once its own people reach the threshold: a
--              national rate, a region's or partnership's KPI value, a region's cohort (the sum of
--              every dimension of dropout_by_group); or
--   a cell     a row that is itself suppressible: a dropout_by_group programme_type or study_mode row
--              is the total of the region's dropout_cohort cells of that type or mode (role 'total'), and
--              a row of a dimension that another determines (programme_type -> degree_level, the
--              taxonomy a reader knows) is the total of that dimension's rows ('dg-fd' groups).
-- people_key fingerprints the people of a dropout cell (a set hash of its cohort memberships), so that
-- rows of two dimensions or marts that hold the same people become one row for suppression
-- (degree_level `ad` = programme_type `ad_pep`, a pabo row = its only dropout_cohort cell).
-- private.disclosure_suppressed_cells decides, from this list alone, which cells are suppressed.
with norms as (
    select academic_year, small_cell_threshold as threshold from {{ ref('int_norms_by_year') }}
),
members as (             -- horizon 1: a cohort's size is the same at every horizon
    select region_code, partnership_code, programme_type, study_mode, cohort_year,
           institution_type, degree_level, route, prior_education, shortage_subject,
           hash(student_key || '|' || programme_code) as member_hash
    from {{ ref('int_cohort_outcomes') }}
    where horizon_years = 1
),
cohort_cells as (
    select region_code, partnership_code, programme_type, study_mode, cohort_year,
           count(*) as size, bit_xor(member_hash) as people_key
    from members group by all
),
group_cells as (
    select region_code, cohort_year, dimension, dimension_value,
           count(*) as size, bit_xor(member_hash) as people_key
    from (unpivot members
          on programme_type, institution_type, degree_level, study_mode, route, prior_education, shortage_subject
          into name dimension value dimension_value)
    group by all
),
dimension_values as (   -- the taxonomy a reader knows: which value of one dimension goes with which of another
    select distinct programme_type, institution_type, degree_level, study_mode, route, prior_education
    from members
),
combos as (
    unpivot (select row_number() over () as combo, * from dimension_values)
    on programme_type, institution_type, degree_level, study_mode, route, prior_education
    into name dimension value dimension_value
),
pairs as (
    select a.dimension as dim_a, a.dimension_value as value_a, b.dimension as dim_b, b.dimension_value as value_b
    from combos as a join combos as b on a.combo = b.combo and a.dimension <> b.dimension
),
dependencies as (        -- dim_a determines dim_b: a dim_b row is the sum of the dim_a rows that map to it
    select distinct dim_a, value_a, dim_b, value_b
    from pairs
    semi join (select dim_a, dim_b
               from (select dim_a, dim_b, value_a, count(distinct value_b) as n from pairs group by all)
               group by all having max(n) = 1) using (dim_a, dim_b)
),
cost_cells as (
    select region_code, partnership_code, academic_year, supervised_students as size
    from {{ ref('cost_per_supervised_student_detail') }}
),
feeder_cells as (
    select school_code, exam_year, track, region_code, partnership_code, graduates as size
    from {{ ref('feeder_schools_detail') }}
),
unplaced_cells as (      -- kpi_scorecard students_unplaced per partnership: its people are the requests
    select region_code, partnership_code, academic_year, count(distinct student_key) as size
    from {{ ref('int_placements') }}
    where status <> 'geannuleerd' and partnership_code is not null
    group by all
),
memberships as (
    {%- set dc = ['region_code', 'partnership_code', 'programme_type', 'study_mode', 'cohort_year'] %}
    select {{ disclosure_id('dc', dc) }} as cell_id, people_key, size, cohort_year as year,
           g.group_id, g.role, g.group_kind
    from cohort_cells,
         lateral (select unnest([
             {'group_id': {{ disclosure_id('nat-dc', ['programme_type', 'study_mode', 'cohort_year']) }},
              'role': 'part', 'group_kind': 'published'},
             {'group_id': {{ disclosure_id('kpi-r', ["'dropout_rate_h1'", 'region_code', 'cohort_year']) }},
              'role': 'part', 'group_kind': 'published'},
             {'group_id': {{ disclosure_id('kpi-p', ["'dropout_rate_h1'", 'partnership_code', 'cohort_year']) }},
              'role': 'part', 'group_kind': 'published'},
             {'group_id': {{ disclosure_id('dg-part', ['region_code', 'cohort_year', "'programme_type'",
                                                       'programme_type']) }},
              'role': 'part', 'group_kind': 'cell'},
             {'group_id': {{ disclosure_id('dg-part', ['region_code', 'cohort_year', "'study_mode'", 'study_mode']) }},
              'role': 'part', 'group_kind': 'cell'}
         ], max_depth := 2)) as g
    union all
    select {{ disclosure_id('dg', ['region_code', 'cohort_year', 'dimension', 'dimension_value']) }}, people_key, size,
           cohort_year, g.group_id, g.role, g.group_kind
    from group_cells,
         lateral (select unnest([
             {'group_id': {{ disclosure_id('dg-dim', ['region_code', 'cohort_year', 'dimension']) }},
              'role': 'part', 'group_kind': 'published'},
             {'group_id': {{ disclosure_id('nat-dg', ['cohort_year', 'dimension', 'dimension_value']) }},
              'role': 'part', 'group_kind': 'published'},
             {'group_id': case when dimension in ('programme_type', 'study_mode') then
                  {{ disclosure_id('dg-part', ['region_code', 'cohort_year', 'dimension', 'dimension_value']) }} end,
              'role': 'total', 'group_kind': 'cell'}
         ], max_depth := 2)) as g
    union all            -- rows of a dimension another determines are totals of that one's rows ('fd' groups)
    select {{ disclosure_id('dg', ['region_code', 'cohort_year', 'dimension', 'dimension_value']) }}, people_key, size,
           cohort_year, g.group_id, g.role, 'cell'
    from group_cells,
         lateral (select {{ disclosure_id('dg-fd', ['region_code', 'cohort_year', 'dim_a', 'dim_b', 'value_b']) }}
                             as group_id,
                         case when dim_a = dimension then 'part' else 'total' end as role
                  from dependencies
                  where (dim_a = dimension and value_a = dimension_value)
                     or (dim_b = dimension and value_b = dimension_value)) as g
    union all
    select {{ disclosure_id('cs', ['partnership_code', 'academic_year']) }}, null, size, academic_year,
           g.group_id, 'part', 'published'
    from cost_cells,
         lateral (select unnest([
             {{ disclosure_id('kpi-r', ["'cost_per_supervised_student'", 'region_code', 'academic_year']) }},
             {{ disclosure_id('kpi-nat', ["'cost_per_supervised_student'", 'academic_year']) }}
         ]) as group_id) as g
    union all
    select {{ disclosure_id('fs', ['school_code', 'exam_year', 'track']) }}, null, size, exam_year,
           g.group_id, 'part', case when g.group_id like 'fs|%' then 'none' else 'published' end
    from feeder_cells,
         lateral (select unnest([
             {{ disclosure_id('nat-fs', ['exam_year', 'track']) }},
             case when track = 'havo' and region_code is not null then
                 {{ disclosure_id('kpi-r', ["'inflow_rate_havo'", 'region_code', 'exam_year']) }} end,
             case when track = 'havo' and partnership_code is not null then
                 {{ disclosure_id('kpi-p', ["'inflow_rate_havo'", 'partnership_code', 'exam_year']) }} end,
             -- a row of its own ('none'), so that a school in no published total is listed too
             {{ disclosure_id('fs', ['school_code', 'exam_year', 'track']) }}
         ]) as group_id) as g
    union all
    select {{ disclosure_id('ku', ['partnership_code', 'academic_year']) }}, null, size, academic_year,
           g.group_id, 'part', 'published'
    from unplaced_cells,
         lateral (select unnest([
             {{ disclosure_id('kpi-r', ["'students_unplaced'", 'region_code', 'academic_year']) }},
             {{ disclosure_id('kpi-nat', ["'students_unplaced'", 'academic_year']) }}
         ]) as group_id) as g
)
select m.cell_id, m.people_key, m.size, n.threshold, m.group_id, m.role, m.group_kind,
       m.group_id like 'nat-%' or m.group_id like 'kpi-nat|%' as national
from memberships as m
join norms as n on n.academic_year = m.year
where m.group_id is not null
