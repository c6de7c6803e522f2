-- Dropout from teacher training per entry cohort (marts.md): switches to another teacher-training
-- programme are kept apart from dropout. Small cells suppressed, with complementary suppression and
-- withheld national rates where published totals would give them away (docs/disclosure.md).
with cells as (
    select d.*,
           {{ cell_suppressed('dc', ['region_code', 'partnership_code', 'programme_type', 'study_mode', 'cohort_year']) }}
               as hidden
    from {{ ref('dropout_cohort_detail') }} as d
)
select region_code, partnership_code, programme_type, study_mode, cohort_year, horizon_years,
       {{ suppressed_outcomes('hidden') }},
       national_dropout_rate
from cells
