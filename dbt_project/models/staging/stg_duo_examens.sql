-- DUO's exam results as delivered: per school and exam year the rows of the latest delivery that
-- holds that school and year (DUO revises earlier years in later publications).
with ranked as (
    select *, max(_delivery_id) over (partition by school_code, exam_year) as _latest
    from {{ source('raw', 'duo_examens') }}
)
select * exclude (_latest) from ranked where _delivery_id = _latest
