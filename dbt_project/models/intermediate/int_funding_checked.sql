select f.*,
       p.region_code,
       list_filter([
           case when len(p.unknown_codes) > 0
                then array_to_string(p.unknown_codes, ', ') || ' (of partnership ' || p.partnership_code || ')' end,case when p.partnership_code is null then 'unknown partnership ' || f.partnership_code end],
                   lambda x: x is not null) as unknown_codes
from {{ ref('stg_funding') }} as f
left join {{ ref('int_partnerships') }} as p on p.partnership_code = f.partnership_code
