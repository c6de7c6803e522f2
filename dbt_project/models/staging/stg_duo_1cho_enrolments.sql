-- DUO's 1cHO records as `enrolments` rows (feeds.md, duo_1cho), so the marts treat them as
-- delivered enrolments:
--   * a row per record active on 1 October (peildatum) in a teacher-training programme by the CROHO
--     table (stg_croho_programmes), for the contract's academic years; one row per student,
--     programme and year (the earliest enrolment when DUO has two);
--   * programme_type and subject from the CROHO table; year_of_study is DUO's count of years
--     enrolled on 1 October in this programme at this institution, 10 for ten or more; route is
--     `regulier` (1cHO does not know zij-instroom);
--   * partnership: of the student's placed placement that year, when there is exactly one;
--   * exit: a final diploma, on the student's latest row in that programme whose peildatum precedes
--     the diploma date (a diploma signed in September belongs to the year that just ended, even
--     when DUO records it in a record that ended before the next peildatum); otherwise a
--     deregistration before 31 August, the last day of DUO's enrolment year.
with records as (
    select * from {{ source('raw', 'duo_1cho') }}
),
active as (
    select r.*, p.programme_type, p.subject,
           row_number() over (partition by r._delivery_id, r.student_key, r.programme_code, r.academic_year
                              order by r.enrolled_on, r._row_number) as copy
    from records as r
    join {{ ref('stg_croho_programmes') }} as p using (programme_code)
    where r.active_on_peildatum and p.programme_type is not null
      and r.academic_year between 2000 and 2100
),
diplomas as (
    select a._delivery_id, a.student_key, a.programme_code, d.diploma_on, max(a.academic_year) as academic_year
    from records as d
    join active as a
      on a._delivery_id = d._delivery_id and a.student_key = d.student_key and a.programme_code = d.programme_code
     and make_date(a.academic_year, 10, 1) <= d.diploma_on
    where d.diploma_on is not null and a.copy = 1
    group by all
),
exits as (
    select _delivery_id, student_key, programme_code, academic_year, min(diploma_on) as diploma_on
    from diplomas group by all
),
partnerships as (
    select student_key, academic_year, min(partnership_code) as partnership_code
    from {{ ref('stg_placements') }}
    where status = 'geplaatst'
    group by all
    having count(distinct partnership_code) = 1
)
select a.student_key, a.institution_code, a.programme_code, a.programme_type,
       a.degree_level, a.study_mode, 'regulier' as route, coalesce(a.prior_education, 'onbekend') as prior_education,
       a.subject, a.academic_year, case when a.year_of_study >= 1 then least(a.year_of_study, 10) end as year_of_study,
       p.partnership_code, a.enrolled_on,
       case when x.diploma_on is not null then x.diploma_on
            when a.deregistered_on < make_date(a.academic_year + 1, 8, 31) then a.deregistered_on end as exit_date,
       case when x.diploma_on is not null then 'diploma'
            when a.deregistered_on < make_date(a.academic_year + 1, 8, 31) then 'uitschrijving' end as exit_type,
       a.secondary_school_code, a.secondary_track, a.secondary_exam_year,
       a._delivery_id, a._file_name, a._row_number, a._file_sha256, a._loaded_at, 'duo_1cho' as _feed
from active as a
left join exits as x using (_delivery_id, student_key, programme_code, academic_year)
left join partnerships as p using (student_key, academic_year)
where a.copy = 1
