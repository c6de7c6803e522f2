-- Every file the inbox has shown and what became of it (marts.md, ops.deliveries). Holds no
-- personal values: codes of senders, file names, hashes and counts only.
select delivery_id, feed, sender, academic_year, delivery_key, file_name, path, sha256, size_bytes, status,
       rows_received, rows_loaded, rows_rejected, received_at, file_modified_at, file_format,
       ignored_columns, message, replaced_by
from {{ source('ingest', 'deliveries') }}
