-- Partnership names and regions for readers of the snapshot (reference data, no people).
select partnership_code, partnership_name, region_code from {{ ref('int_partnerships') }}
