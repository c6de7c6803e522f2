-- Enrolment rows as delivered (`enrolments`) and as institutions' 1cHO extracts give them
-- (stg_duo_1cho_enrolments), in one staging, so every mart treats them alike. Per institution and
-- academic year one source counts: the latest 1cHO delivery, unless an `enrolments` file with rows
-- for that institution and year was delivered after it. The other rows are kept, with
-- _superseded_by saying which delivery took their place (listed in ops.rejected_rows).
with unioned as (
    select *, 'enrolments' as _feed from {{ source('raw', 'enrolments') }}
    union all by name
    select * from {{ ref('stg_duo_1cho_enrolments') }}
),
latest as (
    select institution_code, academic_year,
           max(_delivery_id) filter (where _feed = 'duo_1cho') as onecho_delivery,
           max(_delivery_id) filter (where _feed = 'enrolments') as enrolments_delivery
    from unioned
    group by all
)
select u.*,
       case when l.onecho_delivery is null then null
            when l.enrolments_delivery > l.onecho_delivery
                then case when u._feed = 'duo_1cho' then 'enrolments delivery ' || l.enrolments_delivery end
            when u._feed = 'enrolments' or u._delivery_id <> l.onecho_delivery
                then '1cHO delivery ' || l.onecho_delivery
       end as _superseded_by
from unioned as u
join latest as l using (institution_code, academic_year)
