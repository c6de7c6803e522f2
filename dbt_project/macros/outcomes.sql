{#- Dropout outcome columns shared by dropout_cohort and dropout_by_group. -#}
{% macro outcome_counts() -%}
    count(distinct student_key) as cohort_size,
    count(distinct student_key) filter (where status = 'graduated') as graduated,
    count(distinct student_key) filter (where status = 'enrolled_same') as enrolled_same,
    count(distinct student_key) filter (where status = 'switched') as switched,
    count(distinct student_key) filter (where status = 'dropped_out') as dropped_out
{%- endmacro %}

{% macro outcome_rates() -%}
    {{ ratio('dropped_out', 'cohort_size') }} as dropout_rate,
    {{ ratio('switched', 'cohort_size') }} as switch_rate,
    {{ ratio('graduated', 'cohort_size') }} as graduation_rate,
    {{ ratio('graduated + enrolled_same + switched', 'cohort_size') }} as retention_rate
{%- endmacro %}

{#- The outcome columns as published: people counts and rates NULL below the threshold. -#}
{% macro suppressed_outcomes(threshold) -%}
    {%- for col in ['cohort_size', 'graduated', 'enrolled_same', 'switched', 'dropped_out',
                    'dropout_rate', 'switch_rate', 'graduation_rate', 'retention_rate'] %}
    {{ suppress(col, 'cohort_size', threshold) }} as {{ col }},
    {%- endfor %}
    {{ is_suppressed('cohort_size', threshold) }} as suppressed
{%- endmacro %}
