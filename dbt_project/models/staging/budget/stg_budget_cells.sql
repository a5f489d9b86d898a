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
    case when regexp_full_match(regexp_replace(code_text, '\s', '', 'g'), '\d{3}|\d{5}|\d{7}')
         then regexp_replace(code_text, '\s', '', 'g') end as code,
    item_text as item_name,
    regexp_replace(item_text, '\s+', '', 'g') as item_key,
    column_no,
    column_label,
    measure,
    basis,
    value_text,
    nullif(trim(value_text), '') as value_clean,
    {{ parse_figure('value_text') }} as figure,
    {{ printed_decimals('value_text') }} as decimals,
    nullif(row_kind, '') as row_kind,
    -- a row whose figures could not be placed in columns with certainty (raw text exports)
    coalesce(placement, '') = 'unplaced' as unplaced,
    -- 'identity': a raw text row's figures placed in columns by the table's own identities (the one
    -- placement satisfying them); those identities are not checkable on it
    case when placement = 'identity' then 'identity' end as placed_by
from {{ per_document(source('raw', 'budget_cells')) }}
