-- One row per printed amount cell of a budget table, typed on its own: the figure as an exact DECIMAL in
-- the table's printed unit, the digits it prints, the code cell stripped to a 3/5/7-digit code.
-- Units, hierarchy and line types need the table and its other lines: int_budget_cells adds them.
select
    document_id,
    table_id,
    line_no,
    nullif(side, '') as side,
    page,
    table_index,
    page_row,
    nullif(seq_text, '') as seq_text,
    case when regexp_full_match(code_compact, '\d{3}|\d{5}|\d{7}') then code_compact end as code,
    item_text as item_name,
    regexp_replace(item_text, '\s+', '', 'g') as item_key,
    column_no,
    column_label,
    measure,
    basis,
    value_text,
    nullif(trim(value_text), '') as value_clean,
    {{ parse_clean_figure('figure_text') }} as figure,
    {{ clean_decimals('figure_text') }} as decimals,
    nullif(row_kind, '') as row_kind,
    -- a row whose figures could not be placed in columns with certainty (raw text exports)
    coalesce(placement, '') = 'unplaced' as unplaced,
    -- 'identity': a raw text row's figures placed in columns by the table's own identities (the one
    -- placement satisfying them); those identities are not checkable on it
    case when placement = 'identity' then 'identity' end as placed_by
-- the cleaned figure and code computed once per cell (written out in each expression, DuckDB computed each
-- occurrence: a regexp_replace five times over the cell's text, stg_budget_cells' time halved at 1,000 documents)
from (select *, {{ clean_figure('value_text') }} as figure_text, regexp_replace(code_text, '\s', '', 'g') as code_compact
      from {{ per_document(source('raw', 'budget_cells')) }}) as cells
