-- Region names for readers of the snapshot (reference data, no people).
select region_code, region_name
from {{ ref('stg_regions') }}
