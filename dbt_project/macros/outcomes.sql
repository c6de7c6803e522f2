{#- Dropout outcome columns shared by dropout_cohort and dropout_by_group. They count cohort
    memberships: a student who enters two programmes is in two cohorts (marts.md) and counts in
    each, so the four statuses always add up to cohort_size. -#}
{% macro outcome_counts() -%}
    count(*) as cohort_size,
    count(*) filter (where status = 'graduated') as graduated,
    count(*) filter (where status = 'enrolled_same') as enrolled_same,
    count(*) filter (where status = 'switched') as switched,
    count(*) filter (where status = 'dropped_out') as dropped_out
{%- endmacro %}

{% macro outcome_rates() -%}
    {{ ratio('dropped_out', 'cohort_size') }} as dropout_rate,
    {{ ratio('switched', 'cohort_size') }} as switch_rate,
    {{ ratio('graduated', 'cohort_size') }} as graduation_rate,
    {{ ratio('graduated + enrolled_same + switched', 'cohort_size') }} as retention_rate
{%- endmacro %}

{#- The outcome columns as published: people counts and rates NULL in a suppressed cell. -#}
{% macro suppressed_outcomes(hidden) -%}
    {%- for col in ['cohort_size', 'graduated', 'enrolled_same', 'switched', 'dropped_out',
                    'dropout_rate', 'switch_rate', 'graduation_rate', 'retention_rate'] %}
    {{ unless(col, hidden) }} as {{ col }},
    {%- endfor %}
    {{ hidden }} as suppressed
{%- endmacro %}
