-- Every delivered row is loaded or rejected: rows_received = rows_loaded + rows_rejected per file.
select * from {{ ref('deliveries') }}
where rows_received <> rows_loaded + rows_rejected
