-- The enrolments rows that count in the marts: every code they name is known.
{{ config(materialized='view') }}
select * exclude (unknown_codes) from {{ ref('int_enrolments_checked') }} where len(unknown_codes) = 0
