-- A region funds its own partnerships, a partnership only itself (feeds.md, "Who may deliver what").
select f.*,
       p.region_code,
       list_filter([
           case when len(p.unknown_codes) > 0
                then array_to_string(p.unknown_codes, ', ') || ' (of partnership ' || p.partnership_code || ')' end,
           case when p.partnership_code is null then 'unknown partnership ' || f.partnership_code end,
           case when d.sender <> f.partnership_code and p.partnership_code is not null
                     and p.region_code is distinct from d.sender
                then 'sender ' || d.sender || ' may not deliver partnership ' || f.partnership_code
                     || ' of region ' || p.region_code end
       ], lambda x: x is not null) as unknown_codes
from {{ ref('stg_funding') }} as f
left join {{ ref('int_partnerships') }} as p on p.partnership_code = f.partnership_code
left join {{ source('ingest', 'deliveries') }} as d on d.delivery_id = f._delivery_id
