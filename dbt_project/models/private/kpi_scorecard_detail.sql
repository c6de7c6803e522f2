-- Unsuppressed KPI values per region and partnership, KPI and academic year, with the people behind
-- each value and behind the national value, and the scope's target. marts.kpi_scorecard suppresses
-- from this; a partnership's own viewers get its rows as they are (the own-detail extract).
-- KPIs: dropout_rate_h1 (cohort year = the year), cost_per_supervised_student, students_unplaced,
-- inflow_rate_havo (exam year = the year). Rates of totals at exactly 3 decimals, euros at cents
-- (marts.md, contract 2).
with dropout as (
    select region_code, partnership_code, cohort_year as academic_year, dropped_out, cohort_size
    from {{ ref('dropout_cohort_detail') }}
    where horizon_years = 1
),
costs as (
    select region_code, partnership_code, academic_year, supervision_cost_eur, supervised_students
    from {{ ref('cost_per_supervised_student_detail') }}
),
requests as (
    select region_code, partnership_code, academic_year, student_key, bool_or(status = 'geplaatst') as placed
    from {{ ref('int_placements') }}
    where status <> 'geannuleerd'
    group by all
),
havo as (
    select region_code, partnership_code, exam_year as academic_year, entered_teacher_training, graduates
    from {{ ref('feeder_schools_detail') }}
    where track = 'havo'
),
{%- set kpis = [
    ('dropout_rate_h1', 'dropout', 'sum(dropped_out)::double', 'sum(cohort_size)'),
    ('cost_per_supervised_student', 'costs', 'sum(supervision_cost_eur)', 'sum(supervised_students)'),
    ('students_unplaced', 'requests', '(count(distinct student_key) - count(distinct student_key) filter (where placed))::double', 'count(distinct student_key)'),
    ('inflow_rate_havo', 'havo', 'sum(entered_teacher_training)::double', 'sum(graduates)'),
] %}
scoped as (
    {%- for kpi, base, numerator, denominator in kpis %}
    {%- for scope in ['region_code', 'partnership_code'] %}
    select {{ scope }} as scope_code, '{{ scope[:-5] }}' as scope_type, '{{ kpi }}' as kpi, academic_year,
           {{ numerator }} as numerator, {{ denominator }} as people
    from {{ base }}
    where {{ scope }} is not null and {{ scope }} <> 'onbekend'
    group by all
    union all
    {%- endfor %}
    {%- endfor %}
    select null, null, null, null, null, null where false
),
national as (
    {%- for kpi, base, numerator, denominator in kpis %}
    select '{{ kpi }}' as kpi, academic_year, {{ numerator }} as numerator, {{ denominator }} as people
    from {{ base }} group by all
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),
valued as (               -- rates of totals at exactly 3 decimals, euros at cents (marts.md, contract 2)
    select s.scope_code, s.scope_type, s.kpi, s.academic_year, s.people, n.people as national_people,
           case when s.kpi = 'students_unplaced' then s.numerator
                when s.kpi = 'cost_per_supervised_student' then round({{ ratio('s.numerator', 's.people') }}, 2)
                else round({{ ratio('s.numerator', 's.people') }}, 3) end as value,
           case when n.kpi = 'students_unplaced' then n.numerator
                when n.kpi = 'cost_per_supervised_student' then round({{ ratio('n.numerator', 'n.people') }}, 2)
                else round({{ ratio('n.numerator', 'n.people') }}, 3) end as national_value
    from scoped as s
    left join national as n using (kpi, academic_year)
),
targets as (
    select scope_code, kpi, academic_year, target_value, direction from {{ ref('stg_kpi_targets') }}
),
joined as (
    select scope_code, kpi, academic_year,
           coalesce(v.scope_type, case when r.region_code is not null then 'region' else 'partnership' end)
               as scope_type,
           v.people, v.national_people, v.value, v.national_value, t.target_value, t.direction
    from valued as v
    full outer join targets as t using (scope_code, kpi, academic_year)
    left join {{ ref('stg_regions') }} as r on r.region_code = scope_code
)
select *,
       case when value is null then null
            when target_value is null then 'geen_doel'
            when direction = 'lower_is_better' and value <= target_value then 'op_koers'
            when direction = 'higher_is_better' and value >= target_value then 'op_koers'
            else 'niet_op_koers' end as status
from joined
