-- The quality cycle's scorecard: per region and partnership, per KPI and academic year, the value
-- against the target and the national value. A value over fewer people than the small-cell
-- threshold is suppressed (NULL, suppressed = true), and so is a value that would give away a
-- suppressed cell (docs/disclosure.md); status is then NULL, as it is when there is a target but no
-- observations yet (not suppressed: there is nothing to hide). KPIs: dropout_rate_h1
-- (cohort year = the year), cost_per_supervised_student, students_unplaced, inflow_rate_havo
-- (exam year = the year).
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
valued as (
    select s.scope_code, s.scope_type, s.kpi, s.academic_year, s.people,
           case when s.kpi = 'students_unplaced' then s.numerator else {{ ratio('s.numerator', 's.people') }} end
               as value,
           case when n.kpi = 'students_unplaced' then n.numerator else {{ ratio('n.numerator', 'n.people') }} end
               as national_value
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
           v.people, v.value, v.national_value, t.target_value, t.direction
    from valued as v
    full outer join targets as t using (scope_code, kpi, academic_year)
    left join {{ ref('stg_regions') }} as r on r.region_code = scope_code
),
disclosed as (           -- which value is a suppressed cell or a withheld total (docs/disclosure.md)
    select j.*, n.small_cell_threshold,
           case when j.scope_type = 'partnership' and j.kpi = 'cost_per_supervised_student'
                    then {{ disclosure_id('cs', ['j.scope_code', 'j.academic_year']) }}
                when j.scope_type = 'partnership' and j.kpi = 'students_unplaced'
                    then {{ disclosure_id('ku', ['j.scope_code', 'j.academic_year']) }} end as cell_id,
           case when j.scope_type = 'partnership'
                    then {{ disclosure_id('kpi-p', ['j.kpi', 'j.scope_code', 'j.academic_year']) }}
                else {{ disclosure_id('kpi-r', ['j.kpi', 'j.scope_code', 'j.academic_year']) }} end as total_id,
           case when j.kpi = 'inflow_rate_havo' then {{ disclosure_id('nat-fs', ['j.academic_year', "'havo'"]) }}
                else {{ disclosure_id('kpi-nat', ['j.kpi', 'j.academic_year']) }} end as national_id
    from joined as j
    join {{ ref('int_norms_by_year') }} as n on n.academic_year = j.academic_year
),
flagged as (
    select *,
           coalesce(people < small_cell_threshold, false)
           or coalesce(cell_id in (select cell_id from {{ ref('disclosure_suppressed_cells') }}), false)
           or coalesce(total_id in (select group_id from {{ ref('disclosure_withheld_totals') }}), false) as hidden,
           coalesce(national_id in (select group_id from {{ ref('disclosure_withheld_totals') }}), false)
               as national_withheld
    from disclosed
)
select scope_code, scope_type, kpi, academic_year,
       {{ unless('value', 'hidden') }} as value,
       target_value, direction,
       {{ unless('national_value', 'national_withheld') }} as national_value,
       case when hidden or value is null then null
            when target_value is null then 'geen_doel'
            when direction = 'lower_is_better' and value <= target_value then 'op_koers'
            when direction = 'higher_is_better' and value >= target_value then 'op_koers'
            else 'niet_op_koers' end as status,
       hidden as suppressed
from flagged
