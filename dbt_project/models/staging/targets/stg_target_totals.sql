-- 合计 rows (total_kind = 'table') and spending-unit subtotal rows (total_kind = 'group') of
-- packed target tables, amounts in 元.
with totals as (
    select s.*, coalesce(t.unit, '元') as unit
    from {{ source('raw_targets', 'target_totals') }} s
    left join {{ ref('stg_target_tables') }} t using (table_id)
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
    {{ unit_multiplier('unit') }} as unit_multiplier,
    {{ parse_figure('amount_text') }} * {{ unit_multiplier('unit') }} as amount_yuan,
    {{ parse_figure('fiscal_text') }} * {{ unit_multiplier('unit') }} as fiscal_yuan,
    {{ parse_figure('special_account_text') }} * {{ unit_multiplier('unit') }} as special_account_yuan,
    {{ parse_figure('other_text') }} * {{ unit_multiplier('unit') }} as other_yuan,
    {{ printed_decimals('amount_text') }} as amount_decimals
from totals
