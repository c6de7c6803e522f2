{{ config(alias='dropout_cohort') }}
{{ own_rows('dropout_cohort', 'dropout_cohort_detail',
            ['region_code', 'partnership_code', 'programme_type', 'study_mode', 'cohort_year', 'horizon_years'],
            ['cohort_size', 'graduated', 'enrolled_same', 'switched', 'dropped_out',
             'dropout_rate', 'switch_rate', 'graduation_rate', 'retention_rate']) }}
