-- DUO's exam results per school location, exam year and track (marts.md, vo_exam_results): the
-- TOTAAL columns summed over the school's programme rows, leaving out `<5` cells, and how many
-- cells were left out of each sum.
select school_code, exam_year, track,
       max(school_name) as school_name,
       max(municipality) as municipality,
       coalesce(sum(candidates), 0) as candidates,
       coalesce(sum(graduates), 0) as graduates,
       count(*) filter (where candidates_below_5) as candidates_suppressed_cells,
       count(*) filter (where graduates_below_5) as graduates_suppressed_cells
from {{ ref('stg_duo_examens') }}
group by school_code, exam_year, track
