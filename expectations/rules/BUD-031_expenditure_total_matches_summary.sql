-- id: BUD-031
-- severity: error
-- confidence: confirmed
-- title: 支出总表 合计 = 收支总表 本年支出合计
-- description: The 合计 of the 支出总表 equals the 本年支出合计 line of the 收支总表 of the same document.
-- title_zh: 支出总表合计等于收支总表本年支出合计
-- description_zh: 支出总表的合计应等于同一文件收支总表的“本年支出合计”行。
-- advice_zh: 对照支出总表合计与收支总表本年支出合计，查明哪张表的数字有误。
-- value_unit: money
-- asset: int_budget_line_measures
with summary as (
    select document_id, table_id, page, page_row, basis, total, total_rounding
    from int_budget_line_measures
    where table_kind = 'income_expenditure_summary' and not table_placement_inferred and side = 'expenditure' and item_key = '本年支出合计' and total is not null
),
detail as (
    select document_id, basis, total, total_rounding, table_id, page, page_row
    from int_budget_line_measures
    where table_kind = 'expenditure_summary' and not table_placement_inferred and line_type = 'total' and total is not null
    qualify row_number() over (partition by table_id, basis order by line_no) = 1
)
select d.document_id, s.table_id, s.page, s.page_row, '本年支出合计' as item, d.total as expected, s.total as actual,
       s.total_rounding + d.total_rounding as tolerance,
       d.table_id as other_table_id, d.page as other_page, d.page_row as other_page_row
from summary s join detail d using (document_id, basis)
