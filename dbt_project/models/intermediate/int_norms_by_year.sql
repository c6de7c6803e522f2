-- One row per academic year with every norm as a column, for joins.
select
    academic_year,
    max(value) filter (where norm = 'subsidy_per_supervised_student_eur') as subsidy_per_supervised_student_eur,
    max(value) filter (where norm = 'supervision_fte_per_student') as supervision_fte_per_student,
    max(value) filter (where norm = 'annual_hours_per_fte') as annual_hours_per_fte,
    max(value) filter (where norm = 'hourly_cost_eur_po') as hourly_cost_eur_po,
    max(value) filter (where norm = 'hourly_cost_eur_vo') as hourly_cost_eur_vo,
    max(value) filter (where norm = 'hourly_cost_eur_mbo') as hourly_cost_eur_mbo,
    max(value) filter (where norm = 'hourly_cost_eur_partnership') as hourly_cost_eur_partnership,
    max(value) filter (where norm = 'small_cell_threshold') as small_cell_threshold
from {{ ref('stg_norms') }}
group by academic_year
