-- id: BUD-001
-- severity: error
-- confidence: confirmed
-- title: 收入总计 = 支出总计
-- description: In the 收支总表 and the 财政拨款收支总表 the income grand total equals the expenditure grand total.
-- title_zh: 收入总计等于支出总计
-- description_zh: 收支总表和财政拨款收支总表中，收入方“总计”应等于支出方“总计”。
-- advice_zh: 核对收入方、支出方“总计”行及其组成数字，查明哪一方的分项或结转结余数字有误，更正后重新公开。
-- value_unit: money
-- asset: int_budget_line_measures
with totals as (
    select document_id, table_id, table_kind, basis, side, page, page_row, total, total_rounding, has_unparsed
    from int_budget_line_measures
    where table_kind in ('income_expenditure_summary', 'fiscal_grant_summary')
      and line_type = 'total' and regexp_matches(item_key, '总计$')
)
select i.document_id, i.table_id, e.page, e.page_row, '收入总计 = 支出总计' as item,
       i.total as expected, e.total as actual, i.total_rounding + e.total_rounding as tolerance,
       -- a side that prints no 总计 figure (a blank cell; an income side printing 本年收入 | 上年结转 without
       -- a 合计 column): nothing to compare, not checkable
       i.total is not null and e.total is not null as checkable
from totals i
join totals e on e.table_id = i.table_id and e.basis = i.basis and e.side = 'expenditure'
where i.side = 'income' and (i.total is not null or e.total is not null)
  and not i.has_unparsed and not e.has_unparsed   -- a total row unreadable or unplaced: not checkable
