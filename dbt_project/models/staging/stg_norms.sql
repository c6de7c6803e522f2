-- Every norm for every academic year 2000-2100: the delivered value for that norm and year, else
-- the shipped default.
with delivered as (
    {{ reference_in_force('norms', ['norm', 'academic_year']) }}
),
years as (select unnest(range(2000, 2101)) as academic_year)
select d.norm, y.academic_year, coalesce(n.value, d.value) as value,
       case when n.value is null then 'default' else 'delivered' end as origin
from {{ ref('default_norms') }} as d
cross join years as y
left join delivered as n on n.norm = d.norm and n.academic_year = y.academic_year
