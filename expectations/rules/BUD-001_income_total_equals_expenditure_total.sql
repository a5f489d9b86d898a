-- id: BUD-001
-- severity: error
-- confidence: confirmed
-- title: 收入总计 = 支出总计
-- description: In the 收支总表 and the 财政拨款收支总表 the income grand total equals the expenditure grand total (the 总计 lines; in a table printing no 总计, its closing 收入合计 | 支出合计 or 合计 lines).
-- title_zh: 收入总计等于支出总计
-- description_zh: 收支总表和财政拨款收支总表中，收入方“总计”应等于支出方“总计”（未列“总计”行的表，以收入方、支出方末行“收入合计”“支出合计”或“合计”为总计）。
-- advice_zh: 核对收入方、支出方“总计”行及其组成数字，查明哪一方的分项或结转结余数字有误，更正后重新公开。
-- value_unit: money
-- asset: int_budget_line_measures
with lines as (
    select document_id, table_id, table_kind, basis, side, page, page_row, total, total_rounding, has_unparsed, item_key,
           -- whether the table prints a 总计 line at all (any side, any basis)
           bool_or(regexp_matches(item_key, '总计$')) over (partition by table_id) as prints_grand_total
    from int_budget_line_measures
    where table_kind in ('income_expenditure_summary', 'fiscal_grant_summary')
      and line_type = 'total'
),
totals as (
    -- each side's 总计; a table that prints no 总计 (江苏's, 福建's and 重庆's 收支总表 close with 收入合计 | 支出合计, or 合计)
    -- closes each side with that 合计: it is the side's grand total (本年收入合计 / 当年支出小计 are not)
    select * from lines
    where regexp_matches(item_key, '总计$') or (not prints_grand_total and regexp_matches(item_key, '^(收入|支出)?合计$'))
),
expenditure as (
    -- the expenditure side printed in several views (功能分类 | 支出用途): the first view printing the figure
    select * from totals where side like 'expenditure%'
    qualify row_number() over (partition by table_id, basis order by total is null, side = 'expenditure' desc, side) = 1
)
select i.document_id, i.table_id, e.page, e.page_row, '收入总计 = 支出总计' as item,
       i.total as expected, e.total as actual, i.total_rounding + e.total_rounding as tolerance,
       -- a side that prints no 总计 figure (a blank cell; an income side printing 本年收入 | 上年结转 without
       -- a 合计 column): nothing to compare, not checkable
       i.total is not null and e.total is not null as checkable
from totals i
join expenditure e on e.table_id = i.table_id and e.basis = i.basis
where i.side = 'income' and (i.total is not null or e.total is not null)
  and not i.has_unparsed and not e.has_unparsed   -- a total row unreadable or unplaced: not checkable
