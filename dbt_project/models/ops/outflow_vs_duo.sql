-- Data quality: a school's delivered vo_outflow graduates against DUO's exam results for the same
-- school, exam year and track. DUO leaves `<5` cells out, so DUO's count lies between its published
-- sum (duo_graduates) and that sum plus 4 per left-out cell (duo_graduates_max); `difference` is
-- how far the delivered count lies outside that range, and exceeds_margin says it is more than
-- `margin` (a fraction of the nearest end of the range; dbt var outflow_vs_duo_margin, set per home
-- as duo.outflow_margin in regiomonitor.yaml). Counts only, no personal values.
with compared as (
    select o.school_code, o.exam_year, o.track, o.region_code, o.sender,
           o.graduates as delivered_graduates,
           r.graduates as duo_graduates,
           r.graduates_suppressed_cells as duo_suppressed_cells,
           r.graduates + 4 * r.graduates_suppressed_cells as duo_graduates_max,
           {{ var('outflow_vs_duo_margin') }}::double as margin
    from {{ ref('int_vo_outflow') }} as o
    join {{ ref('int_exam_results') }} as r using (school_code, exam_year, track)
    where o._origin = 'delivered'
),
measured as (
    select *,
           greatest(duo_graduates - delivered_graduates, delivered_graduates - duo_graduates_max, 0) as difference,
           case when delivered_graduates < duo_graduates then duo_graduates else duo_graduates_max end as nearest
    from compared
)
select school_code, exam_year, track, region_code, sender, delivered_graduates, duo_graduates,
       duo_suppressed_cells, duo_graduates_max, difference,
       {{ ratio('difference', 'nearest') }} as relative_difference,
       margin,
       difference > margin * nearest as exceeds_margin
from measured
