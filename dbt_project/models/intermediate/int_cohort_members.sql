-- Every enrolment with year_of_study 1 is a cohort member (a student entering two programmes is
-- in two cohorts). Partnership and region are those of that row; without a partnership: onbekend.
select
    student_key,
    programme_code,
    academic_year as cohort_year,
    programme_type,
    study_mode,
    coalesce(partnership_code, 'onbekend') as partnership_code,
    coalesce(region_code, 'onbekend') as region_code,
    institution_code,
    institution_type,
    degree_level,
    route,
    prior_education,
    case when subject is null then 'geen_vak' else cast(coalesce(shortage_subject, false) as varchar) end
        as shortage_subject
from {{ ref('int_enrolments') }}
where year_of_study = 1
