-- Which CROHO codes are teacher training, of which type, and for which school subject: one row per
-- code that the CROHO table names (as a registered or as a current code). Rules, on the fields of
-- the current programme (croho-onderdeel 1 = onderwijs):
--   subonderdeel 00 (leraar basisonderwijs): hbo bachelor `pabo`, hbo ad `ad_pep`, wo `alpo`;
--   subonderdeel 02 (universitaire lerarenopleidingen), 04 (eerstegraads vo): `eerstegraads`;
--   subonderdeel 01 (onderwijs) and 18 (kunst): hbo bachelors `tweedegraads`, hbo masters named
--   "m leraar ..." `eerstegraads`; other masters and ads there (leren en innoveren, onderwijs-
--   ondersteuner) and subonderdeel 03 and 31 (special needs, post-initial) are no teacher training.
-- The educatieve minor has no CROHO code of its own, so it is never derived.
-- A row describes the programme a code counts as today, so a code takes the type most of its rows
-- give across institutions (an old code gets the type of the programme it became).
-- The subject is the longest subject of the subjects list whose words start a word of the name
-- ("b opl. leraar vo 2e gr in wiskunde": wiskunde), for tweedegraads and eerstegraads only.
{%- set not_teacher_training = ['39218'] %}  {#- b learning and development in organisations (subonderdeel 01) #}
with typed as (
    select programme_code, current_programme_code, programme_name, ho_kind, ho_type,
           case
               when croho_onderdeel <> '1'
                    or current_programme_code in ('{{ not_teacher_training | join("', '") }}') then null
               when croho_subonderdeel = '00' and ho_kind = 'hbo' and ho_type = 'ba' then 'pabo'
               when croho_subonderdeel = '00' and ho_kind = 'hbo' and ho_type = 'ad' then 'ad_pep'
               when croho_subonderdeel = '00' and ho_kind = 'wo' then 'alpo'
               when croho_subonderdeel in ('02', '04') then 'eerstegraads'
               when croho_subonderdeel in ('01', '18') and ho_kind = 'hbo' and ho_type = 'ba' then 'tweedegraads'
               when croho_subonderdeel in ('01', '18') and ho_kind = 'hbo' and ho_type = 'ma'
                    and lower(programme_name) like 'm leraar %' then 'eerstegraads'
           end as programme_type
    from {{ ref('stg_croho') }}
),
by_code as (
    select programme_code as code, * exclude (programme_code, current_programme_code) from typed
    union all
    select current_programme_code as code, * exclude (programme_code, current_programme_code) from typed
),
programmes as (
    select code as programme_code,
           nullif(mode(coalesce(programme_type, '-')), '-') as programme_type,
           mode(programme_name) as programme_name,
           mode(ho_kind) as ho_kind,
           mode(ho_type) as ho_type
    from by_code
    group by code
),
subjects as (
    select p.programme_code, s.subject,
           row_number() over (partition by p.programme_code order by length(s.subject) desc, s.subject) as n
    from programmes as p
    join {{ ref('stg_subjects') }} as s
      on contains(' ' || lower(p.programme_name), ' ' || replace(s.subject, '_', ' '))
    where p.programme_type in ('tweedegraads', 'eerstegraads')
)
select p.*, s.subject
from programmes as p
left join subjects as s on s.programme_code = p.programme_code and s.n = 1
