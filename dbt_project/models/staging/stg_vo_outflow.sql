select * from {{ source('raw', 'vo_outflow') }}
