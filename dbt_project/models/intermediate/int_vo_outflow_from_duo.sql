-- vo_outflow rows from DUO's own files, for the schools that deliver none (feeds.md, duo_1cho):
-- graduates from DUO's exam results, only where no `<5` cell hides part of them; and
-- entered_teacher_training, the distinct students whom the 1cHO extracts show as first-year
-- teacher-training students in the academic year that starts after their havo or vwo exam at this
-- school. Only institutions that delivered a 1cHO extract are seen, so the count is a lower bound,
-- and only exam years those extracts cover get a row. A count above the graduates (DUO's files
-- disagree) gives no row.
with onecho as (
    select * from {{ ref('stg_enrolments') }}
    where _feed = 'duo_1cho' and _superseded_by is null
),
entrants as (
    select secondary_school_code as school_code, secondary_exam_year as exam_year, secondary_track as track,
           count(distinct student_key) as entered_teacher_training
    from onecho
    where year_of_study = 1 and academic_year = secondary_exam_year and secondary_school_code is not null
    group by all
),
covered as (
    select distinct academic_year as exam_year from onecho
)
select r.school_code, r.exam_year, r.track, r.graduates,
       coalesce(e.entered_teacher_training, 0) as entered_teacher_training
from {{ ref('int_exam_results') }} as r
join covered using (exam_year)
left join entrants as e using (school_code, exam_year, track)
where r.track in ('havo', 'vwo') and r.graduates_suppressed_cells = 0
  and coalesce(e.entered_teacher_training, 0) <= r.graduates
