-- One row per row that does not count: refused at ingest (column and rule, or a code outside its
-- sender's authority), or left out of the marts because it names a code the reference feeds do not
-- know or one its sender may not deliver (feeds.md, "Who may deliver what"). The latter are derived on every
-- build, so they disappear once the reference is delivered. Rows of replaced deliveries are gone.
-- Enrolment rows name their own feed (enrolments or duo_1cho); rows the platform derived itself
-- (vo_outflow from DUO's files) are no delivered rows and are not listed.
{% set checked = ['enrolments', 'placements', 'capacity', 'costs', 'funding', 'vo_outflow'] %}
with at_ingest as (
    select r.feed, r.file_name, r.row_number, r.reason, r.delivery_id, 'ingest' as stage
    from {{ source('ingest', 'rejections') }} as r
    join {{ source('ingest', 'deliveries') }} as d using (delivery_id)
    where d.status <> 'replaced'
),
at_build as (
    {%- for feed in checked %}
    select {{ "_feed" if feed == "enrolments" else "'" ~ feed ~ "'" }} as feed, _file_name as file_name,
           _row_number as row_number, array_to_string(unknown_codes, '; ') as reason, _delivery_id as delivery_id,
           'build' as stage
    from {{ ref('int_' ~ feed ~ '_checked') }}
    where len(unknown_codes) > 0 and _delivery_id is not null
    union all
    {%- endfor %}
    select 'partnerships', _file_name, _row_number, array_to_string(unknown_codes, '; '), _delivery_id, 'build'
    from {{ ref('int_partnerships') }} where len(unknown_codes) > 0 and _delivery_id is not null
    union all
    select 'schools', _file_name, _row_number, array_to_string(unknown_codes, '; '), _delivery_id, 'build'
    from {{ ref('int_schools') }} where len(unknown_codes) > 0
    union all
    select feed, _file_name, _row_number, reason, _delivery_id, 'build'
    from {{ ref('stg_reference_rejected') }}
)
select * from at_ingest
union all
select * from at_build
