-- DUO's first-year intake as delivered: per institution, programme and academic year the rows of
-- the latest delivery that holds them (a later publication revises earlier years; hbo and wo come
-- in separate files, and an institution can be in both).
with ranked as (
    select *, max(_delivery_id) over (partition by institution_code, programme_code, academic_year) as _latest
    from {{ source('raw', 'duo_intake') }}
)
select * exclude (_latest) from ranked where _delivery_id = _latest
