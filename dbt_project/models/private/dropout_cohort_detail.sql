-- Unsuppressed dropout per cohort and horizon, for the partnership's own data engineers and as the
-- base of every comparison value. national_dropout_rate counts every cohort member in the
-- warehouse, every region and `onbekend` included.
with cells as (
    select region_code, partnership_code, programme_type, study_mode, cohort_year, horizon_years,
           {{ outcome_counts() }}
    from {{ ref('int_cohort_outcomes') }}
    group by all
),
national as (
    select programme_type, study_mode, cohort_year, horizon_years,
           {{ ratio("count(*) filter (where status = 'dropped_out')", 'count(*)') }} as national_dropout_rate,
           count(*) as national_cohort_size
    from {{ ref('int_cohort_outcomes') }}
    group by all
)
select c.*, {{ outcome_rates() }}, n.national_dropout_rate, n.national_cohort_size
from cells as c
join national as n using (programme_type, study_mode, cohort_year, horizon_years)
