{{ config(alias='feeder_schools') }}
{{ own_rows('feeder_schools', 'feeder_schools_detail', ['school_code', 'exam_year', 'track'],
            ['graduates', 'entered_teacher_training', 'inflow_rate', 'percentile', 'band'],
            partnership='d.partnership_code') }}
