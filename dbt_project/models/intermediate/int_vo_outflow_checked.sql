-- One row per school, exam year and track is kept: the school's own delivery beats its region's,
-- which beats DUO's; a delivered file beats the rows derived from DUO's own files
-- (int_vo_outflow_from_duo); among equals the latest delivery wins. The others are listed as
-- superseded. A region delivers its own schools only (feeds.md, "Who may deliver what"; a school's
-- own rows were checked at ingest): another region's rows are listed and supersede nothing.
with candidates as (
    select o.*, d.sender, 'delivered' as _origin
    from {{ ref('stg_vo_outflow') }} as o
    join {{ source('ingest', 'deliveries') }} as d on d.delivery_id = o._delivery_id
    union all by name
    select *, 'DUO' as sender, 'duo_files' as _origin
    from {{ ref('int_vo_outflow_from_duo') }}
),
judged as (
    select c.*,
           case when c.sender not in (c.school_code, 'DUO') and s.school_code is not null
                     and (s.region_code is distinct from c.sender)   -- parenthesised for sqlfluff's parser
                then 'sender ' || c.sender || ' may not deliver school ' || c.school_code
                     || ' of region ' || s.region_code end as _not_authorised
    from candidates as c
    left join {{ ref('stg_schools') }} as s on s.school_code = c.school_code
),
ranked as (
    select j.*,
           row_number() over (
               partition by j.school_code, j.exam_year, j.track
               order by j._not_authorised is not null,
                        case when j.sender = j.school_code then 0 when j.sender = 'DUO' then 2 else 1 end,
                        case when j._origin = 'delivered' then 0 else 1 end,
                        j._loaded_at desc, j._delivery_id desc, j._row_number desc
           ) as _rank
    from judged as j
)
select r.* exclude (_rank, _not_authorised),
       s.region_code,
       s.partnership_code,
       list_filter([
           case when s.school_code is null then 'unknown school ' || r.school_code end,
           r._not_authorised,
           case when r._rank > 1 and r._not_authorised is null
                then 'superseded by another delivery for the same school, exam year and track' end
       ], lambda x: x is not null) as unknown_codes
from ranked as r
left join {{ ref('stg_schools') }} as s on s.school_code = r.school_code
