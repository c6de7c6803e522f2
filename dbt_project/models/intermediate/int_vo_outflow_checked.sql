-- One row per school, exam year and track is kept: the school's own delivery beats its region's,
-- which beats DUO's; among equals the latest delivery wins. The others are listed as superseded.
with ranked as (
    select o.*,
           d.sender,
           row_number() over (
               partition by o.school_code, o.exam_year, o.track
               order by case when d.sender = o.school_code then 0 when d.sender = 'DUO' then 2 else 1 end,
                        o._loaded_at desc, o._delivery_id desc, o._row_number desc
           ) as _rank
    from {{ ref('stg_vo_outflow') }} as o
    join {{ source('ingest', 'deliveries') }} as d on d.delivery_id = o._delivery_id
)
select r.* exclude (_rank),
       s.region_code,
       s.partnership_code,
       list_filter([
           case when s.school_code is null then 'unknown school ' || r.school_code end,
           case when r._rank > 1 then 'superseded by another delivery for the same school, exam year and track' end
       ], lambda x: x is not null) as unknown_codes
from ranked as r
left join {{ ref('stg_schools') }} as s on s.school_code = r.school_code
