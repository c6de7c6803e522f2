-- Delivered subjects take precedence over the shipped list for the subjects they name.
with delivered as (
    {{ reference_in_force('subjects', ['subject']) }}
)
select subject, shortage_subject, surplus_subject, 'delivered' as origin from delivered
union all
select subject, shortage_subject, surplus_subject, 'default' as origin
from {{ ref('default_subjects') }}
where subject not in (select subject from delivered)
