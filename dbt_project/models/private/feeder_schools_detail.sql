-- Unsuppressed inflow from secondary schools into teacher training (marts.md). Percentiles rank
-- only schools with at least small_cell_threshold graduates; the national rate counts every school.
with outflow as (
    select o.school_code, o.exam_year, o.track, o.region_code, o.partnership_code,
           o.graduates, o.entered_teacher_training,
           {{ ratio('o.entered_teacher_training', 'o.graduates') }} as inflow_rate,
           n.small_cell_threshold,
           o.graduates >= n.small_cell_threshold as ranked
    from {{ ref('int_vo_outflow') }} as o
    join {{ ref('int_norms_by_year') }} as n on n.academic_year = o.exam_year
),
national as (
    select exam_year, track, {{ ratio('sum(entered_teacher_training)', 'sum(graduates)') }} as national_inflow_rate,
           sum(graduates) as national_graduates
    from outflow group by all
),
percentiles as (
    select school_code, exam_year, track,
           100.0 * percent_rank() over (partition by exam_year, track order by inflow_rate) as percentile
    from outflow
    where ranked
),
banded as (
    select o.*, n.national_inflow_rate, n.national_graduates, p.percentile,
           case when p.percentile is null then null
                when p.percentile < 15 then 'laag'
                when p.percentile > 85 then 'hoog'
                else 'midden' end as band
    from outflow as o
    join national as n using (exam_year, track)
    left join percentiles as p using (school_code, exam_year, track)
)
select b.*,
       (select count(*) from banded as e
        where e.school_code = b.school_code and e.track = b.track
          and e.exam_year between b.exam_year - 3 and b.exam_year and e.band = 'laag') >= 3 as persistently_low
from banded as b
