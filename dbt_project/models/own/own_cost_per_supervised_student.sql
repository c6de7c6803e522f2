{{ config(alias='cost_per_supervised_student') }}
{{ own_rows('cost_per_supervised_student', 'cost_per_supervised_student_detail',
            ['region_code', 'partnership_code', 'academic_year'],
            ['supervised_students', 'cost_per_supervised_student', 'subsidy_eur', 'subsidy_per_supervised_student',
             'funding_gap_per_student', 'fte_per_supervised_student']) }}
