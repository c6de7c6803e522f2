-- Schools with their region and partnership, for readers of the snapshot: the dashboards place the
-- deliveries of a school in its region when they decide who may see them (reference data, no people).
select school_code, school_name, region_code, partnership_code
from {{ ref('stg_schools') }}
