-- Status of every cohort member at every observed horizon (marts.md, dropout_cohort):
--   graduated     a diploma (academic_year >= cohort, any programme) dated before the peildatum
--                 (1 October) of cohort + h;
--   enrolled_same enrolled in the same programme in academic year cohort + h;
--   switched      enrolled in another programme that year (retained for the sector);
--   dropped_out   otherwise.
-- Horizon h is reported only when academic year cohort + h is observed in the enrolments.
with enrolments as (
    select student_key, programme_code, academic_year, exit_type, exit_date from {{ ref('int_enrolments') }}
),
last_observed as (select max(academic_year) as academic_year from enrolments),
member_horizons as (
    select m.student_key, m.programme_code, m.cohort_year, h.horizon_years,
           make_date(m.cohort_year + h.horizon_years, 10, 1) as peildatum
    from {{ ref('int_cohort_members') }} as m
    cross join (select unnest(range(1, 7)) as horizon_years) as h
    cross join last_observed as l
    where m.cohort_year + h.horizon_years <= l.academic_year
),
evidence as (
    select mh.student_key, mh.programme_code, mh.cohort_year, mh.horizon_years,
           bool_or(e.exit_type = 'diploma' and e.academic_year >= mh.cohort_year
                   and e.exit_date < mh.peildatum) as has_diploma,
           bool_or(e.academic_year = mh.cohort_year + mh.horizon_years
                   and e.programme_code = mh.programme_code) as in_same_programme,
           bool_or(e.academic_year = mh.cohort_year + mh.horizon_years) as in_any_programme
    from member_horizons as mh
    join enrolments as e on e.student_key = mh.student_key
    group by all
)
select m.*,
       ev.horizon_years,
       case when ev.has_diploma then 'graduated'
            when ev.in_same_programme then 'enrolled_same'
            when ev.in_any_programme then 'switched'
            else 'dropped_out' end as status
from evidence as ev
join {{ ref('int_cohort_members') }} as m
  on m.student_key = ev.student_key and m.programme_code = ev.programme_code and m.cohort_year = ev.cohort_year
