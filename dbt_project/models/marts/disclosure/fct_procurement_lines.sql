-- One row per printed row of a 政府采购预算 table (line, unit 小计 or 合计), amounts in 元.
with rows as (
    select l.*, t.unit, t.unit_multiplier, t.table_title
    from {{ per_document(ref('stg_procurement_lines')) }} l
    join {{ per_document(ref('stg_disclosure_tables')) }} t using (table_id)
),
layout as (
    -- 小计 rows printed above their lines (seed 002) or below them.
    select table_id,
           coalesce(min(line_no) filter (where row_kind = 'subtotal') < min(line_no) filter (where row_kind = 'line'), true) as subtotals_lead
    from rows group by table_id
),
grouped as (
    select r.*,
        case when r.row_kind = 'subtotal' then r.line_no
             when r.row_kind = 'total' then null
             when y.subtotals_lead then (select max(s.line_no) from rows s where s.table_id = r.table_id
                                         and s.row_kind = 'subtotal' and s.line_no < r.line_no)
             else (select min(s.line_no) from rows s where s.table_id = r.table_id
                   and s.row_kind = 'subtotal' and s.line_no > r.line_no)
        end as subtotal_line_no
    from rows r join layout y using (table_id)
)
select
    g.table_id || '-' || g.line_no as procurement_line_id,
    g.document_id,
    g.table_id,
    g.table_title,
    g.line_no,
    g.row_kind,
    g.subtotal_line_no,
    s.first_text as subtotal_label,
    g.seq_text,
    g.category_text as category,
    g.project_code_text as project_code,
    regexp_replace(g.function_code_text, '\s+', '', 'g') as function_code,
    g.function_name_text as function_name,
    g.economic_class_text as economic_class,
    case when g.row_kind = 'line' then g.project_name_text end as project_name,
    cast(g.project_budget_figure * g.unit_multiplier as decimal(38, 2)) as project_budget_yuan,
    case when g.row_kind = 'line' then g.item_name_text else g.first_text end as item_name,
    regexp_replace(g.catalogue_code_text, '\s+', '', 'g') as catalogue_code,
    g.measure_unit_text as measure_unit,
    g.quantity,
    cast(g.unit_price_figure * g.unit_multiplier as decimal(38, 2)) as unit_price_yuan,
    cast(0.5 * pow(10, -g.unit_price_decimals) * g.unit_multiplier as decimal(38, 6)) as unit_price_rounding_yuan,
    cast(g.total_figure * g.unit_multiplier as decimal(38, 2)) as total_yuan,
    -- a 合计 read from several columns (事业收入 + 其他收入) carries the rounding of each
    cast(0.5 * pow(10, -g.total_decimals) * g.unit_multiplier * greatest(g.total_count, 1) as decimal(38, 6)) as total_rounding_yuan,
    cast(g.general_budget_figure * g.unit_multiplier as decimal(38, 2)) as general_budget_yuan,
    cast(g.government_fund_figure * g.unit_multiplier as decimal(38, 2)) as government_fund_yuan,
    cast(g.state_capital_figure * g.unit_multiplier as decimal(38, 2)) as state_capital_yuan,
    cast(g.special_account_figure * g.unit_multiplier as decimal(38, 2)) as special_account_yuan,
    cast(g.unit_funds_figure * g.unit_multiplier as decimal(38, 2)) as unit_funds_yuan,
    cast(g.fiscal_carryover_figure * g.unit_multiplier as decimal(38, 2)) as fiscal_carryover_yuan,
    cast(g.non_fiscal_carryover_figure * g.unit_multiplier as decimal(38, 2)) as non_fiscal_carryover_yuan,
    cast(g.fiscal_grant_figure * g.unit_multiplier as decimal(38, 2)) as fiscal_grant_yuan,
    cast(g.sme_reserved_figure * g.unit_multiplier as decimal(38, 2)) as sme_reserved_yuan,
    g.purchase_method_text as purchase_method,
    g.unit_name_text as unit_name,
    g.total_text,
    g.unit_price_text,
    g.quantity_text,
    g.unmapped_text,
    g.unit,
    g.page,
    g.page_row,
    d.file_name
from grouped g
left join rows s on s.table_id = g.table_id and s.line_no = g.subtotal_line_no
join {{ per_document(ref('stg_documents')) }} d on d.document_id = g.document_id
