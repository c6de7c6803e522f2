-- First-year enrolments in teacher training in the whole country, from DUO's open data (marts.md):
-- per institution, programme, study mode and academic year, summed over the sexes and locations,
-- leaving out DUO's `<5` cells (suppressed_cells says how many). Teacher training and its type come
-- from the CROHO table (stg_croho_programmes).
select i.institution_code, i.programme_code, i.study_mode, i.academic_year, p.programme_type,
       max(i.institution_name) as institution_name,
       max(i.programme_name) as programme_name,
       coalesce(sum(i.first_year_enrolments), 0) as first_year_enrolments,
       count(*) filter (where i.first_year_enrolments_below_5) as suppressed_cells
from {{ ref('stg_duo_intake') }} as i
join {{ ref('stg_croho_programmes') }} as p on p.programme_code = i.programme_code
where p.programme_type is not null
group by i.institution_code, i.programme_code, i.study_mode, i.academic_year, p.programme_type
