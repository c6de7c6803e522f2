select p.partnership_code, p.partnership_name, p.region_code, r.region_name,
       p._delivery_id, p._file_name, p._row_number,
       list_filter([case when r.region_code is null then 'unknown region ' || p.region_code end],
                   lambda x: x is not null) as unknown_codes
from {{ ref('stg_partnerships') }} as p
left join {{ ref('stg_regions') }} as r on r.region_code = p.region_code
