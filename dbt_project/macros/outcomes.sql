{#- Dropout outcome columns shared by dropout_cohort and dropout_by_group, each named once here (the
    marts' contract, models/marts/_marts.yml, declares them and fails the build when they differ).
    They count cohort memberships: a student who enters two programmes is in two cohorts (marts.md)
    and counts in each, so the four statuses always add up to cohort_size. -#}
{% macro outcome_count_columns() -%}
    {{ return({'cohort_size': "count(*)",
               'graduated': "count(*) filter (where status = 'graduated')",
               'enrolled_same': "count(*) filter (where status = 'enrolled_same')",
               'switched': "count(*) filter (where status = 'switched')",
               'dropped_out': "count(*) filter (where status = 'dropped_out')"}) }}
{%- endmacro %}

{% macro outcome_rate_columns() -%}
    {{ return({'dropout_rate': ratio('dropped_out', 'cohort_size'),
               'switch_rate': ratio('switched', 'cohort_size'),
               'graduation_rate': ratio('graduated', 'cohort_size'),
               'retention_rate': ratio('graduated + enrolled_same + switched', 'cohort_size')}) }}
{%- endmacro %}

{% macro outcome_counts() -%}
    {%- for name, expr in outcome_count_columns().items() %}
    {{ expr }} as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{% macro outcome_rates() -%}
    {%- for name, expr in outcome_rate_columns().items() %}
    {{ expr }} as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- The outcome columns as published: people counts and rates NULL in a suppressed cell. -#}
{% macro suppressed_outcomes(hidden) -%}
    {%- for col in (outcome_count_columns().keys() | list) + (outcome_rate_columns().keys() | list) %}
    {{ unless(col, hidden) }} as {{ col }},
    {%- endfor %}
    {{ hidden }} as suppressed
{%- endmacro %}
