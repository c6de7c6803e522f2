-- Partnership names and their region, for readers of the snapshot: the dashboards show names and
-- decide who may see which partnership by them (reference data, no people).
select partnership_code, partnership_name, region_code
from {{ ref('stg_partnerships') }}
