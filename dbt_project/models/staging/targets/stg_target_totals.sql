-- 合计 rows (total_kind = 'table') and spending-unit subtotal rows (total_kind = 'group') of packed
-- target tables, typed on their own: amounts as exact DECIMALs in the unit they are printed in.
select
    document_id,
    table_id,
    line_no,
    page,
    table_index,
    page_row,
    label,
    total_kind,
    {{ parse_figure('amount_text') }} as amount_figure,
    {{ parse_figure('fiscal_text') }} as fiscal_figure,
    {{ parse_figure('special_account_text') }} as special_account_figure,
    {{ parse_figure('other_text') }} as other_figure,
    {{ printed_decimals('amount_text') }} as amount_decimals
from {{ per_document(source('raw_targets', 'target_totals')) }}
