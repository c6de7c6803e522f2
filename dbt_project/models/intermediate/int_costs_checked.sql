-- A school's cost rows belong to the school's partnership; partnership rows to the partnership.
-- The amount is amount_eur, or hours x the hourly cost norm of the school's sector (the
-- partnership rate for partnership rows) for that academic year. A partnership's school rows are
-- about its own schools (feeds.md, "Who may deliver what"; the rest was checked at ingest).
select c.*,
       coalesce(s.partnership_code, case when c.school_code is null then c.partnership_code end)
           as cost_partnership_code,
       p.region_code,
       coalesce(c.amount_eur, c.hours * case
           when c.school_code is null then n.hourly_cost_eur_partnership
           when s.sector = 'po' then n.hourly_cost_eur_po
           when s.sector = 'vo' then n.hourly_cost_eur_vo
           when s.sector = 'mbo' then n.hourly_cost_eur_mbo end) as cost_eur,
       list_filter([
           case when c.school_code is not null and s.school_code is null then 'unknown school ' || c.school_code end,
           case when c.school_code is null and p.partnership_code is null
                then 'unknown partnership ' || c.partnership_code end,
           case when s.school_code is not null and s.partnership_code is null
                then 'school ' || c.school_code || ' belongs to no partnership' end,
           case when s.partnership_code is not null and p.partnership_code is null
                then 'unknown partnership ' || s.partnership_code || ' (of school ' || c.school_code || ')' end,
           case when len(p.unknown_codes) > 0
                then array_to_string(p.unknown_codes, ', ') || ' (of partnership ' || p.partnership_code || ')' end,
           {{ not_own_school('d.sender', 'c.school_code', 's') }}
       ], lambda x: x is not null) as unknown_codes
from {{ ref('stg_costs') }} as c
left join {{ ref('stg_schools') }} as s on s.school_code = c.school_code
left join {{ ref('int_partnerships') }} as p
    on p.partnership_code = coalesce(s.partnership_code, case when c.school_code is null then c.partnership_code end)
left join {{ ref('int_norms_by_year') }} as n on n.academic_year = c.academic_year
left join {{ source('ingest', 'deliveries') }} as d on d.delivery_id = c._delivery_id
