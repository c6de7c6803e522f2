-- The horizon-1 outcome by student group (programme_type, institution_type, degree_level,
-- study_mode, route, prior_education, shortage_subject). Small cells suppressed.
select d.region_code, d.cohort_year, d.dimension, d.dimension_value, d.horizon_years,
       {{ suppressed_outcomes('n.small_cell_threshold') }},
       d.national_dropout_rate
from {{ ref('dropout_by_group_detail') }} as d
join {{ ref('int_norms_by_year') }} as n on n.academic_year = d.cohort_year
