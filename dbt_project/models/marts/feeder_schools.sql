-- Inflow from secondary schools per school, exam year and track, with bands (bottom and top 15%)
-- and persistently low schools. Small schools suppressed.
select school_code, exam_year, track, region_code,
       {{ suppress('graduates', 'graduates', 'small_cell_threshold') }} as graduates,
       {{ suppress('entered_teacher_training', 'graduates', 'small_cell_threshold') }} as entered_teacher_training,
       {{ suppress('inflow_rate', 'graduates', 'small_cell_threshold') }} as inflow_rate,
       national_inflow_rate,
       {{ suppress('percentile', 'graduates', 'small_cell_threshold') }} as percentile,
       {{ suppress('band', 'graduates', 'small_cell_threshold') }} as band,
       persistently_low,
       {{ is_suppressed('graduates', 'small_cell_threshold') }} as suppressed
from {{ ref('feeder_schools_detail') }}
