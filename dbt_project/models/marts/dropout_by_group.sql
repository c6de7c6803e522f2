-- The horizon-1 outcome by student group (programme_type, institution_type, degree_level,
-- study_mode, route, prior_education, shortage_subject). Small cells suppressed, with
-- complementary suppression and withheld national rates (docs/disclosure.md).
with cells as (
    select d.*,
           {{ cell_suppressed('dg', ['region_code', 'cohort_year', 'dimension', 'dimension_value']) }} as hidden,
           {{ total_withheld('nat-dg', ['cohort_year', 'dimension', 'dimension_value']) }} as national_withheld
    from {{ ref('dropout_by_group_detail') }} as d
)
select region_code, cohort_year, dimension, dimension_value, horizon_years,
       {{ suppressed_outcomes('hidden') }},
       {{ unless('national_dropout_rate', 'national_withheld') }} as national_dropout_rate
from cells
