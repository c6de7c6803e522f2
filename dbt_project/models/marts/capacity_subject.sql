-- Capacity per region, academic year and subject (vo and mbo rows that name a subject).
with supply as (
    select region_code, academic_year, subject, sum(places_offered) as places_offered
    from {{ ref('int_capacity') }}
    where sector in ('vo', 'mbo') and subject is not null
    group by all
),
demand as (
    select region_code, academic_year, subject,
           count(distinct student_key) as placement_requests,
           count(distinct student_key) filter (where placed) as students_placed
    from {{ ref('int_placement_demand') }}
    where sector in ('vo', 'mbo') and subject is not null
    group by all
)
select region_code, academic_year, subject,
       coalesce(s.places_offered, 0) as places_offered,
       coalesce(d.placement_requests, 0) as placement_requests,
       coalesce(d.students_placed, 0) as students_placed,
       coalesce(d.placement_requests, 0) - coalesce(d.students_placed, 0) as students_unplaced,
       {{ ratio('coalesce(d.placement_requests, 0)', 's.places_offered') }} as demand_ratio,
       sub.shortage_subject,
       sub.surplus_subject
from supply as s
full outer join demand as d using (region_code, academic_year, subject)
left join {{ ref('stg_subjects') }} as sub using (subject)
