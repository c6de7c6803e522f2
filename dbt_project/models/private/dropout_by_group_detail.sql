-- Unsuppressed horizon-1 outcome by the seed papers' student groups.
with members as (
    select region_code, cohort_year, student_key, status,
           programme_type, institution_type, degree_level, study_mode, route, prior_education, shortage_subject
    from {{ ref('int_cohort_outcomes') }}
    where horizon_years = 1
),
long as (
    unpivot members
    on programme_type, institution_type, degree_level, study_mode, route, prior_education, shortage_subject
    into name dimension value dimension_value
),
cells as (
    select region_code, cohort_year, dimension, dimension_value, {{ outcome_counts() }}
    from long group by all
),
national as (
    select cohort_year, dimension, dimension_value,
           {{ ratio("count(*) filter (where status = 'dropped_out')", 'count(*)') }} as national_dropout_rate,
           count(*) as national_cohort_size
    from long group by all
)
select c.*, 1 as horizon_years, {{ outcome_rates() }}, n.national_dropout_rate, n.national_cohort_size
from cells as c
join national as n using (cohort_year, dimension, dimension_value)
