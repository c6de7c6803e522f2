-- Placement demand per region, academic year, sector and subject: distinct students with a
-- non-cancelled request, and those with a placed request.
select region_code, academic_year, sector, subject, student_key,
       bool_or(status = 'geplaatst') as placed
from {{ ref('int_placements') }}
where status <> 'geannuleerd'
group by all
