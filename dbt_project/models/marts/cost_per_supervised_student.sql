-- Cost per supervised student against the subsidy (marts.md). Euros and fte stay visible; the
-- student count, every per-student figure and the subsidy (paid per student, so it counts people)
-- are suppressed below the threshold or to protect another row (private.disclosure_suppressed_cells;
-- docs/disclosure.md).
with cells as (
    select d.*, {{ cell_suppressed('cs', ['partnership_code', 'academic_year']) }} as hidden
    from {{ ref('cost_per_supervised_student_detail') }} as d
)
select region_code, partnership_code, academic_year,
       {{ unless('supervised_students', 'hidden') }} as supervised_students,
       supervision_cost_eur,
       internship_allowance_eur,
       {{ unless('cost_per_supervised_student', 'hidden') }} as cost_per_supervised_student,
       {{ unless('subsidy_eur', 'hidden') }} as subsidy_eur,              -- paid per supervised student
       {{ unless('subsidy_per_supervised_student', 'hidden') }} as subsidy_per_supervised_student,
       {{ unless('funding_gap_per_student', 'hidden') }} as funding_gap_per_student,
       supervision_fte,
       {{ unless('fte_per_supervised_student', 'hidden') }} as fte_per_supervised_student,
       fte_norm_per_student,
       subsidy_norm_per_student_eur,
       hidden as suppressed
from cells
