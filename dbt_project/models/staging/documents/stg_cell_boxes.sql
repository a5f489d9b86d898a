-- Where each printed cell is: what a finding's page, table_index and page_row point at (the report's evidence).
-- A view of raw.cell_boxes (renames and source_col alone), not a copy: the largest table of the warehouse (40 million
-- rows at 10,000 documents, a quarter of the file) was stored twice. Its readers (the report's evidence,
-- expectations/evidence.py, and its checks) filter on document_id, which DuckDB pushes into the scan of the raw table.
-- A document's rows are that document's raw rows alone: its checks are a per-document model's (macros/per_document.sql).
{{ config(materialized='view', meta={'per_document': true}) }}
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
from {{ source('raw', 'cell_boxes') }}
