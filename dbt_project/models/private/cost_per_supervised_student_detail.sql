-- Unsuppressed cost per supervised student per partnership and academic year (marts.md).
with supervised as (
    select partnership_code, academic_year, count(distinct student_key) as supervised_students
    from {{ ref('int_placements') }}
    where status = 'geplaatst'
    group by all
),
costs as (
    select cost_partnership_code as partnership_code, academic_year,
           sum(cost_eur) filter (where cost_category <> 'stagevergoeding') as supervision_cost_eur,
           sum(cost_eur) filter (where cost_category = 'stagevergoeding') as internship_allowance_eur,
           sum(hours) filter (where cost_category in ('werkplekbegeleiding', 'schoolopleider', 'instituutsopleider'))
               as supervision_hours
    from {{ ref('int_costs') }}
    group by all
),
subsidy as (
    select partnership_code, academic_year, sum(amount_eur) as subsidy_eur
    from {{ ref('int_funding') }}
    where funding_source = 'onderwijsregio_subsidie'
    group by all
),
grain as (
    select partnership_code, academic_year from supervised
    union select partnership_code, academic_year from costs
    union select partnership_code, academic_year from subsidy
),
amounts as (
    select p.region_code, g.partnership_code, g.academic_year,
           coalesce(s.supervised_students, 0) as supervised_students,
           coalesce(c.supervision_cost_eur, 0) as supervision_cost_eur,
           coalesce(c.internship_allowance_eur, 0) as internship_allowance_eur,
           coalesce(sub.subsidy_eur, 0) as subsidy_eur,
           coalesce(c.supervision_hours, 0) / n.annual_hours_per_fte as supervision_fte,
           n.supervision_fte_per_student as fte_norm_per_student,
           n.subsidy_per_supervised_student_eur as subsidy_norm_per_student_eur,
           n.small_cell_threshold
    from grain as g
    join {{ ref('int_partnerships') }} as p on p.partnership_code = g.partnership_code
    join {{ ref('int_norms_by_year') }} as n on n.academic_year = g.academic_year
    left join supervised as s on s.partnership_code = g.partnership_code and s.academic_year = g.academic_year
    left join costs as c on c.partnership_code = g.partnership_code and c.academic_year = g.academic_year
    left join subsidy as sub on sub.partnership_code = g.partnership_code and sub.academic_year = g.academic_year
)
select *,
       {{ ratio('supervision_cost_eur', 'supervised_students') }} as cost_per_supervised_student,
       {{ ratio('subsidy_eur', 'supervised_students') }} as subsidy_per_supervised_student,
       {{ ratio('supervision_cost_eur - subsidy_eur', 'supervised_students') }} as funding_gap_per_student,
       {{ ratio('supervision_fte', 'supervised_students') }} as fte_per_supervised_student
from amounts
