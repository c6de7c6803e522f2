-- Delivered reference rows that do not count because their sender may not deliver them (feeds.md,
-- "Who may deliver what"; docs/security.md, "Sender"), one row per rejected row with its reasons.
-- Ingest already rejected what a row shows by itself (a region's row naming another region_code,
-- a region's institutions or norms); what needs the other deliveries is decided here, on every build:
--   * a partnership or school of another region (also as a school's partnership), or a KPI target
--     of a scope that is neither the sending region nor one of its partnerships;
--   * a name that is another entity's code, or the name of another region or partnership (school
--     and institution names may repeat among themselves: Dutch school names do).
-- A code or name belongs to whoever claimed it first: the national list (NL, its latest delivery)
-- before any region, then regions in the order their delivery keys first arrived (a correction
-- keeps its key's place), so a sender can neither take over nor rename what another delivered
-- first; moving a partnership to another region is done in the NL list. The reference in force
-- (macro reference_in_force) leaves these rows out, ops.rejected_rows lists them.
with deliveries as (
    select delivery_id, sender, min(delivery_id) over (partition by delivery_key) as first_of_key
    from {{ source('ingest', 'deliveries') }}
),
entities as (
    select 'regions' as feed, 'region' as kind, region_code as code, region_name as name, region_code,
           null::varchar as partnership_code, _delivery_id, _row_number, _file_name
    from {{ source('raw', 'regions') }}
    union all
    select 'partnerships', 'partnership', partnership_code, partnership_name, region_code, null,
           _delivery_id, _row_number, _file_name
    from {{ source('raw', 'partnerships') }}
    union all
    select 'schools', 'school', school_code, school_name, region_code, partnership_code,
           _delivery_id, _row_number, _file_name
    from {{ source('raw', 'schools') }}
    union all
    select 'institutions', 'institution', institution_code, institution_name, null, null,
           _delivery_id, _row_number, _file_name
    from {{ source('raw', 'institutions') }}
),
claims as (
    select e.*, d.sender, lower(trim(e.name)) as name_key,
           row_number() over (order by d.sender <> 'NL',
                                       case when d.sender = 'NL' then -d.delivery_id else d.first_of_key end,
                                       e._delivery_id, e._row_number) as claim_order
    from entities as e
    join deliveries as d on d.delivery_id = e._delivery_id
),
owners as (   -- the region each partnership and school belongs to
    select kind, code, arg_min(region_code, claim_order) as region_code
    from claims
    where kind in ('partnership', 'school')
    group by all
),
code_rejected as (
    select c.*, 'sender ' || c.sender || ' may not deliver ' || c.kind || ' ' || c.code
                || ' of region ' || o.region_code as reason
    from claims as c
    join owners as o on o.kind = c.kind and o.code = c.code
    where c.sender <> 'NL' and o.region_code <> c.sender
    union all
    select c.*, 'sender ' || c.sender || ' may not deliver school ' || c.code || ' in partnership '
                || c.partnership_code || ' of region ' || o.region_code
    from claims as c
    join owners as o on o.kind = 'partnership' and o.code = c.partnership_code
    where c.kind = 'school' and c.sender <> 'NL' and o.region_code <> c.sender
),
named as (    -- rows whose code stands, competing for their names
    select * from claims as c
    where not exists (select 1 from code_rejected as x
                      where x._delivery_id = c._delivery_id and x._row_number = c._row_number)
),
codes as (
    select distinct kind, code from claims
    union select 'region', region_code from claims where region_code is not null
    union select 'partnership', partnership_code from claims where partnership_code is not null
),
name_rejected as (
    select n.*, 'sender ' || n.sender || ' may not name ' || n.kind || ' ' || n.code || ' '''
                || n.name || ''': it is the code of ' || k.kind || ' ' || k.code as reason
    from named as n
    join codes as k on lower(k.code) = n.name_key and not (k.kind = n.kind and k.code = n.code)
    union all
    select n.*, 'sender ' || n.sender || ' may not name ' || n.kind || ' ' || n.code || ' '''
                || n.name || ''': it is the name of ' || o.kind || ' ' || o.code
    from named as n
    join named as o on o.name_key = n.name_key and o.claim_order < n.claim_order
     and not (o.kind = n.kind and o.code = n.code)
     and not (o.kind = n.kind and n.kind in ('school', 'institution'))
),
kpi_rejected as (
    select k._delivery_id, k._row_number, k._file_name,
           'sender ' || d.sender || ' may not deliver kpi_targets for ' || k.scope_code
           || coalesce(' of region ' || o.region_code, '') as reason
    from {{ source('raw', 'kpi_targets') }} as k
    join deliveries as d on d.delivery_id = k._delivery_id
    left join owners as o on o.kind = 'partnership' and o.code = k.scope_code
    where d.sender <> 'NL' and k.scope_code <> d.sender and o.region_code is distinct from d.sender
)
select feed, _delivery_id, _row_number, _file_name, string_agg(distinct reason, '; ' order by reason) as reason
from (
    select feed, _delivery_id, _row_number, _file_name, reason from code_rejected
    union all
    select feed, _delivery_id, _row_number, _file_name, reason from name_rejected
    union all
    select 'kpi_targets', _delivery_id, _row_number, _file_name, reason from kpi_rejected
)
group by all
