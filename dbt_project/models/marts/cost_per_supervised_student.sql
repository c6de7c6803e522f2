-- Cost per supervised student against the subsidy (marts.md). Euros and fte stay visible; the
-- student count and every per-student figure are suppressed below the threshold.
select region_code, partnership_code, academic_year,
       {{ suppress('supervised_students', 'supervised_students', 'small_cell_threshold') }} as supervised_students,
       supervision_cost_eur,
       internship_allowance_eur,
       {{ suppress('cost_per_supervised_student', 'supervised_students', 'small_cell_threshold') }}
           as cost_per_supervised_student,
       subsidy_eur,
       {{ suppress('subsidy_per_supervised_student', 'supervised_students', 'small_cell_threshold') }}
           as subsidy_per_supervised_student,
       {{ suppress('funding_gap_per_student', 'supervised_students', 'small_cell_threshold') }}
           as funding_gap_per_student,
       supervision_fte,
       {{ suppress('fte_per_supervised_student', 'supervised_students', 'small_cell_threshold') }}
           as fte_per_supervised_student,
       fte_norm_per_student,
       subsidy_norm_per_student_eur,
       {{ is_suppressed('supervised_students', 'small_cell_threshold') }} as suppressed
from {{ ref('cost_per_supervised_student_detail') }}
