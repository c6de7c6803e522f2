-- The horizon-1 outcome by student group (programme_type, institution_type, degree_level,
-- study_mode, route, prior_education, shortage_subject). Small rows suppressed, and rows to protect
-- them (private.disclosure_suppressed_cells); the national rate is published whenever it covers
-- the threshold.
with cells as (
    select d.*, n.small_cell_threshold,
           {{ cell_suppressed('dg', ['region_code', 'cohort_year', 'dimension', 'dimension_value']) }} as hidden
    from {{ ref('dropout_by_group_detail') }} as d
    join {{ ref('int_norms_by_year') }} as n on n.academic_year = d.cohort_year
)
select region_code, cohort_year, dimension, dimension_value, horizon_years,
       {{ suppressed_outcomes('hidden') }},
       {{ total_rate('national_dropout_rate', 'national_cohort_size', 'small_cell_threshold') }}
           as national_dropout_rate
from cells
