select * replace (coalesce(supervision_model, 'individueel') as supervision_model)
from {{ source('raw', 'placements') }}
