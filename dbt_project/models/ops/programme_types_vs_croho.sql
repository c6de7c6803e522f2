-- Data quality: the programme_type delivered in `enrolments` against the type the CROHO table gives
-- the programme code (stg_croho_programmes), per institution, programme and delivered type. The
-- educatieve minor has no CROHO code of its own (its rows carry the host bachelor's code), so it
-- is not checked. Rows from 1cHO extracts take their type from the CROHO table and need no check.
-- Codes and counts only.
select e.institution_code, e.programme_code, e.programme_type,
       p.programme_type as croho_programme_type,
       p.programme_name as croho_programme_name,
       case when e.programme_type = 'educatieve_minor' then 'not checked: no CROHO code of its own'
            when p.programme_code is null then 'code not in the CROHO table'
            when p.programme_type is null then 'not teacher training by the CROHO table'
            when p.programme_type = e.programme_type then 'agrees'
            else 'differs' end as verdict,
       count(*) as enrolment_rows,
       min(e.academic_year) as first_academic_year,
       max(e.academic_year) as last_academic_year
from {{ ref('stg_enrolments') }} as e
left join {{ ref('stg_croho_programmes') }} as p on p.programme_code = e.programme_code
where e._feed = 'enrolments'
group by all
