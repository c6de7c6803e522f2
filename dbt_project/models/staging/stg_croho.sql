-- The CROHO table in force: per institution and programme code the latest delivered `croho` row
-- beats the shipped default (DUO's Croho.asc of 1cHO 2025, seeds/default_croho.csv).
with delivered as (
    {{ reference_in_force('croho', ['institution_code', 'programme_code']) }}
)
select institution_code, programme_code, current_programme_code, croho_onderdeel, croho_subonderdeel,
       ho_kind, ho_type, programme_name, 'delivered' as origin
from delivered
union all
select d.institution_code, d.programme_code, d.current_programme_code, d.croho_onderdeel, d.croho_subonderdeel,
       d.ho_kind, d.ho_type, d.programme_name, 'default' as origin
from {{ ref('default_croho') }} as d
where not exists (select 1 from delivered as x
                  where x.institution_code = d.institution_code and x.programme_code = d.programme_code)
