-- Dropout from teacher training per entry cohort (marts.md): switches to another teacher-training
-- programme are kept apart from dropout. Small cells suppressed, and rows to protect them where a
-- published total would give them away (private.disclosure_suppressed_cells, one decision per
-- cohort for every horizon); the national rate is published whenever it covers the threshold.
with cells as (
    select d.*, n.small_cell_threshold,
           {{ cell_suppressed('dc', ['region_code', 'partnership_code', 'programme_type', 'study_mode',
                                     'cohort_year']) }} as hidden
    from {{ ref('dropout_cohort_detail') }} as d
    join {{ ref('int_norms_by_year') }} as n on n.academic_year = d.cohort_year
)
select region_code, partnership_code, programme_type, study_mode, cohort_year, horizon_years,
       {{ suppressed_outcomes('hidden') }},
       {{ total_rate('national_dropout_rate', 'national_cohort_size', 'small_cell_threshold') }}
           as national_dropout_rate
from cells
