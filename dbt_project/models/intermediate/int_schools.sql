select s.* exclude (_loaded_at, _file_sha256),
       list_filter([
           case when s.partnership_code is not null and p.partnership_code is null
                then 'unknown partnership ' || s.partnership_code end,
           case when r.region_code is null then 'unknown region ' || s.region_code end
       ], lambda x: x is not null) as unknown_codes
from {{ ref('stg_schools') }} as s
left join {{ ref('stg_partnerships') }} as p on p.partnership_code = s.partnership_code
left join {{ ref('stg_regions') }} as r on r.region_code = s.region_code
