{#- The reference row in force per key: a region's own delivery beats a national (NL) list, a later
    delivery beats an earlier one, a later row beats an earlier row of the same file. -#}
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
    ) as r
    where _rank = 1
{%- endmacro %}
