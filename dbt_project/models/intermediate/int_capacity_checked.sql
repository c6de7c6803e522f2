-- A partnership's rows are about its own schools (feeds.md, "Who may deliver what"; a school's own
-- rows were checked at ingest).
select c.*,
       s.region_code,
       s.partnership_code,
       list_filter([
           case when s.school_code is null then 'unknown school ' || c.school_code end,
           case when c.subject is not null and sub.subject is null then 'unknown subject ' || c.subject end,
           {{ not_own_school('d.sender', 'c.school_code', 's') }}
       ], lambda x: x is not null) as unknown_codes
from {{ ref('stg_capacity') }} as c
left join {{ ref('stg_schools') }} as s on s.school_code = c.school_code
left join {{ ref('stg_subjects') }} as sub on sub.subject = c.subject
left join {{ source('ingest', 'deliveries') }} as d on d.delivery_id = c._delivery_id
