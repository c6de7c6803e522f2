-- Every loaded enrolment (delivered, or from a 1cHO extract) with the codes it names resolved;
-- unknown_codes lists what the reference feeds do not know, and rows another delivery superseded
-- (such rows stay in the warehouse and are left out of the marts).
select e.*,
       p.region_code,
       i.institution_type,
       sub.shortage_subject,
       list_filter([
           case when len(p.unknown_codes) > 0
                then array_to_string(p.unknown_codes, ', ') || ' (of partnership ' || p.partnership_code || ')' end,
           case when i.institution_code is null then 'unknown institution ' || e.institution_code end,
           case when e.partnership_code is not null and p.partnership_code is null
                then 'unknown partnership ' || e.partnership_code end,
           case when e.subject is not null and sub.subject is null then 'unknown subject ' || e.subject end,
           case when e._superseded_by is not null
                then 'superseded by ' || e._superseded_by || ' for institution ' || e.institution_code
                     || ', academic year ' || e.academic_year end
       ], lambda x: x is not null) as unknown_codes
from {{ ref('stg_enrolments') }} as e
left join {{ ref('stg_institutions') }} as i on i.institution_code = e.institution_code
left join {{ ref('int_partnerships') }} as p on p.partnership_code = e.partnership_code
left join {{ ref('stg_subjects') }} as sub on sub.subject = e.subject
