{#- The reference row in force per key: a region's own delivery beats a national (NL) list, a later
    delivery beats an earlier one, a later row beats an earlier row of the same file. Rows their
    sender may not deliver (stg_reference_rejected) never count. -#}
{% macro reference_in_force(feed, key_columns) -%}
    select r.* exclude (_rank)
    from (
        select raw.*,
               row_number() over (
                   partition by {% for c in key_columns %}raw.{{ c }}{{ ', ' if not loop.last }}{% endfor %}
                   order by case when d.sender = 'NL' then 1 else 0 end, raw._loaded_at desc,
                            raw._delivery_id desc, raw._row_number desc
               ) as _rank
        from {{ source('raw', feed) }} as raw
        join {{ source('ingest', 'deliveries') }} as d on d.delivery_id = raw._delivery_id
        {%- if feed in ['regions', 'partnerships', 'schools', 'institutions', 'kpi_targets'] %}
        where not exists (select 1 from {{ ref('stg_reference_rejected') }} as x
                          where x.feed = '{{ feed }}' and x._delivery_id = raw._delivery_id
                            and x._row_number = raw._row_number)
        {%- endif %}
    ) as r
    where _rank = 1
{%- endmacro %}

{#- Reason (or NULL) when `sender` delivered a row about a school of another partnership: a
    partnership's rows are about its own schools (feeds.md, "Who may deliver what"). `schools` is
    the alias of the joined stg_schools; a school sending its own rows, or an unknown school, passes. -#}
{% macro not_own_school(sender, school_code, schools) -%}
    case when {{ sender }} <> {{ school_code }} and {{ schools }}.school_code is not null
              and {{ schools }}.partnership_code is distinct from {{ sender }}
         then 'sender ' || {{ sender }} || ' may not deliver school ' || {{ school_code }}
              || coalesce(' of partnership ' || {{ schools }}.partnership_code, ' (in no partnership)') end
{%- endmacro %}
