-- A partnership's placements are at its own schools (feeds.md, "Who may deliver what"; that the rows
-- name the sending partnership was checked at ingest).
select pl.*,
       p.region_code,
       list_filter([
           case when len(p.unknown_codes) > 0
                then array_to_string(p.unknown_codes, ', ') || ' (of partnership ' || p.partnership_code || ')' end,
           case when i.institution_code is null then 'unknown institution ' || pl.institution_code end,
           case when p.partnership_code is null then 'unknown partnership ' || pl.partnership_code end,
           case when pl.school_code is not null and s.school_code is null then 'unknown school ' || pl.school_code end,
           case when pl.subject is not null and sub.subject is null then 'unknown subject ' || pl.subject end,
           {{ not_own_school('d.sender', 'pl.school_code', 's') }}
       ], lambda x: x is not null) as unknown_codes
from {{ ref('stg_placements') }} as pl
left join {{ ref('stg_institutions') }} as i on i.institution_code = pl.institution_code
left join {{ ref('int_partnerships') }} as p on p.partnership_code = pl.partnership_code
left join {{ ref('stg_schools') }} as s on s.school_code = pl.school_code
left join {{ ref('stg_subjects') }} as sub on sub.subject = pl.subject
left join {{ source('ingest', 'deliveries') }} as d on d.delivery_id = pl._delivery_id
