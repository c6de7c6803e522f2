-- Inflow from secondary schools per school, exam year and track, with bands (bottom and top 15%)
-- and persistently low schools. Small schools suppressed, and schools to protect them
-- (private.disclosure_suppressed_cells; docs/disclosure.md).
with cells as (
    select d.*,
           {{ cell_suppressed('fs', ['school_code', 'exam_year', 'track']) }} as hidden
    from {{ ref('feeder_schools_detail') }} as d
)
select school_code, exam_year, track, region_code,
       {{ unless('graduates', 'hidden') }} as graduates,
       {{ unless('entered_teacher_training', 'hidden') }} as entered_teacher_training,
       {{ unless('inflow_rate', 'hidden') }} as inflow_rate,
       {{ total_rate('national_inflow_rate', 'national_graduates', 'small_cell_threshold') }} as national_inflow_rate,
       {{ unless('percentile', 'hidden') }} as percentile,
       {{ unless('band', 'hidden') }} as band,
       persistently_low,
       hidden as suppressed
from cells
