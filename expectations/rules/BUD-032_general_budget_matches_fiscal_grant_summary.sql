-- id: BUD-032
-- severity: error
-- confidence: confirmed
-- title: 财政拨款收支总表 一般公共预算 = 一般公共预算支出表 合计
-- description: The 一般公共预算 column of the 财政拨款收支总表's 支出总计 (or 本年支出合计) line equals the 合计 of the 一般公共预算（财政拨款）支出表.
-- title_zh: 财政拨款收支总表一般公共预算支出等于一般公共预算支出表合计
-- description_zh: 财政拨款收支总表支出总计（或本年支出合计）行的一般公共预算列，应等于一般公共预算（财政拨款）支出表的合计。
-- advice_zh: 对照两张表的一般公共预算支出数字，查明哪张表有误。
-- value_unit: money
-- asset: int_budget_line_measures
with grant_summary as (
    select document_id, table_id, page, page_row, basis, general_budget, general_budget_rounding
    from int_budget_line_measures
    where table_kind = 'fiscal_grant_summary' and not table_placement_inferred and side = 'expenditure' and general_budget is not null
      and regexp_matches(item_key, '^(本年支出合计|支出总计)$')
    qualify row_number() over (partition by table_id, basis order by line_no) = 1
),
general as (
    select document_id, basis, total, total_rounding, table_id, page, page_row
    from int_budget_line_measures
    where table_kind = 'general_budget_expenditure' and not table_placement_inferred and line_type = 'total' and total is not null
    qualify row_number() over (partition by table_id, basis order by line_no) = 1
)
select g.document_id, s.table_id, s.page, s.page_row, '一般公共预算支出合计' as item, g.total as expected, s.general_budget as actual,
       s.general_budget_rounding + g.total_rounding as tolerance,
       g.table_id as other_table_id, g.page as other_page, g.page_row as other_page_row
from grant_summary s join general g using (document_id, basis)
