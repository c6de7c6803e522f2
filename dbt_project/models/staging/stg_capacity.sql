select * from {{ source('raw', 'capacity') }}
