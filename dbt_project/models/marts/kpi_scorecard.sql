-- The quality cycle's scorecard: per region and partnership, per KPI and academic year, the value
-- against the target and the national value (private.kpi_scorecard_detail). A value over fewer
-- people than the small-cell threshold is suppressed (NULL, suppressed = true), and so is a
-- partnership's cost or unplaced value whose row is suppressed to protect another
-- (docs/disclosure.md); status is then NULL, as it is when there is a target but no observations
-- yet (not suppressed: there is nothing to hide). The country's, a region's and a partnership's own
-- values are otherwise always published (contract 2).
with flagged as (              -- a partnership's cost and unplaced values are rows of their own (disclosure_cells)
    select j.*,
           coalesce(j.people < n.small_cell_threshold, false)
           or (j.scope_type = 'partnership' and j.kpi = 'cost_per_supervised_student'
               and {{ cell_suppressed('cs', ['j.scope_code', 'j.academic_year']) }})
           or (j.scope_type = 'partnership' and j.kpi = 'students_unplaced'
               and {{ cell_suppressed('ku', ['j.scope_code', 'j.academic_year']) }}) as hidden,
           coalesce(j.national_people < n.small_cell_threshold, false) as national_withheld
    from {{ ref('kpi_scorecard_detail') }} as j
    join {{ ref('int_norms_by_year') }} as n on n.academic_year = j.academic_year
)
select scope_code, scope_type, kpi, academic_year,
       {{ unless('value', 'hidden') }} as value,
       target_value, direction,
       {{ unless('national_value', 'national_withheld') }} as national_value,
       {{ unless('status', 'hidden') }} as status,
       hidden as suppressed
from flagged
