-- 合计 rows (total_kind = 'table') and spending-unit subtotal rows (total_kind = 'group') of packed
-- target tables, amounts in 元 by the table's unit line (else 元).
with united as (
    select s.*, coalesce(t.unit, '元') as unit
    from {{ per_document(ref('stg_target_totals')) }} s
    left join {{ per_document(ref('stg_target_tables')) }} t using (table_id)
),

multiplied as (
    select *, {{ unit_multiplier('unit') }} as unit_multiplier from united
)

select
    document_id,
    table_id,
    line_no,
    page,
    table_index,
    page_row,
    label,
    total_kind,
    unit,
    unit_multiplier,
    amount_figure * unit_multiplier as amount_yuan,
    fiscal_figure * unit_multiplier as fiscal_yuan,
    special_account_figure * unit_multiplier as special_account_yuan,
    other_figure * unit_multiplier as other_yuan,
    amount_decimals
from multiplied
