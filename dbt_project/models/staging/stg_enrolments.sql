select * from {{ source('raw', 'enrolments') }}
