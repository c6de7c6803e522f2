-- Workplace-learning capacity per region, academic year and sector (marts.md): places and
-- supervisor fte offered against students requesting and placed, and which scarcity the region has.
with supply as (
    select region_code, academic_year, sector,
           sum(places_offered) as places_offered,
           sum(supervision_fte_available) as supervision_fte_available
    from {{ ref('int_capacity') }}
    group by all
),
demand as (
    select region_code, academic_year, sector,
           count(distinct student_key) as placement_requests,
           count(distinct student_key) filter (where placed) as students_placed
    from {{ ref('int_placement_demand') }}
    group by all
),
joined as (
    select region_code, academic_year, sector,
           coalesce(s.places_offered, 0) as places_offered,
           coalesce(d.placement_requests, 0) as placement_requests,
           coalesce(d.students_placed, 0) as students_placed,
           coalesce(s.supervision_fte_available, 0) as supervision_fte_available,
           coalesce(d.students_placed, 0) * n.supervision_fte_per_student as supervision_fte_required
    from supply as s
    full outer join demand as d using (region_code, academic_year, sector)
    join {{ ref('int_norms_by_year') }} as n using (academic_year)
)
select region_code, academic_year, sector, places_offered, placement_requests, students_placed,
       placement_requests - students_placed as students_unplaced,
       {{ ratio('students_placed', 'places_offered') }} as place_utilisation,
       {{ ratio('placement_requests', 'places_offered') }} as demand_ratio,
       supervision_fte_available, supervision_fte_required,
       supervision_fte_required - supervision_fte_available as supervisor_fte_gap,
       case when placement_requests > places_offered and supervision_fte_required > supervision_fte_available
                then 'beide'
            when placement_requests > places_offered then 'leerwerkplekken'
            when supervision_fte_required > supervision_fte_available then 'begeleiders'
            else 'geen' end as scarcity_type
from joined
