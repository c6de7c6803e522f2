-- One row per school, exam year and track is kept: the school's own delivery beats its region's,
-- which beats DUO's; a delivered file beats the rows derived from DUO's own files
-- (int_vo_outflow_from_duo); among equals the latest delivery wins. The others are listed as
-- superseded.
with candidates as (
    select o.*, d.sender, 'delivered' as _origin
    from {{ ref('stg_vo_outflow') }} as o
    join {{ source('ingest', 'deliveries') }} as d on d.delivery_id = o._delivery_id
    union all by name
    select *, 'DUO' as sender, 'duo_files' as _origin
    from {{ ref('int_vo_outflow_from_duo') }}
),
ranked as (
    select c.*,
           row_number() over (
               partition by c.school_code, c.exam_year, c.track
               order by case when c.sender = c.school_code then 0 when c.sender = 'DUO' then 2 else 1 end,
                        case when c._origin = 'delivered' then 0 else 1 end,
                        c._loaded_at desc, c._delivery_id desc, c._row_number desc
           ) as _rank
    from candidates as c
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
