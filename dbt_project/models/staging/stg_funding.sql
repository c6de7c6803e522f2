select * from {{ source('raw', 'funding') }}
