-- Dropout from teacher training per entry cohort (marts.md): switches to another teacher-training
-- programme are kept apart from dropout. Small cells suppressed.
select d.region_code, d.partnership_code, d.programme_type, d.study_mode, d.cohort_year, d.horizon_years,
       {{ suppressed_outcomes('n.small_cell_threshold') }},
       d.national_dropout_rate
from {{ ref('dropout_cohort_detail') }} as d
join {{ ref('int_norms_by_year') }} as n on n.academic_year = d.cohort_year
