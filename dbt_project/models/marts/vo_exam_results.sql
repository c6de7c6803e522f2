-- Exam candidates and graduates per vo school location, exam year and track, from DUO's open data
-- (marts.md). Sums leave DUO's `<5` cells out and say how many they left out; region_code is NULL
-- for a school the schools reference does not know.
select r.school_code, r.exam_year, r.track, r.school_name, r.municipality, s.region_code,
       r.candidates, r.graduates, r.candidates_suppressed_cells, r.graduates_suppressed_cells
from {{ ref('int_exam_results') }} as r
left join {{ ref('stg_schools') }} as s on s.school_code = r.school_code
