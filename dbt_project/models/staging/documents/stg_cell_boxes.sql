-- Where each printed cell is: what a finding's page, table_index and page_row point at (the report's evidence).
select
    document_id,
    page,
    table_index,
    page_row,
    col,
    text,
    x0,
    top,
    x1,
    bottom,
    page_width,
    page_height,
    source_row,
    col + 1 as source_col
from {{ per_document(source('raw', 'cell_boxes')) }}
