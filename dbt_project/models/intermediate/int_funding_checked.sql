select f.*,
       p.region_code,
       list_filter([case when p.partnership_code is null then 'unknown partnership ' || f.partnership_code end],
                   lambda x: x is not null) as unknown_codes
from {{ ref('stg_funding') }} as f
left join {{ ref('int_partnerships') }} as p on p.partnership_code = f.partnership_code
