-- id: BUD-011
-- severity: error
-- confidence: confirmed
-- title: 合计 = Σ 类
-- description: In every table with classification codes, the printed 合计 line equals the sum of its printed 类 (3-digit) lines, column by column (a column where no 类 line prints a figure is not checked).
-- title_zh: 合计等于各类级科目之和
-- description_zh: 列示科目编码的表格中，“合计”行应等于各类级（三位编码）科目行之和，逐列核对。
-- advice_zh: 核对合计行与各类级科目行；确认是否漏列某个类级科目或合计数字有误。
-- value_unit: money
-- asset: int_budget_cells
with top_level as (
    select table_id, column_no, sum(amount_yuan) as amount, sum(rounding_yuan) as rounding, count(*) as n
    from int_budget_cells where level = '类' and (amount_yuan is not null or unparsed) and measure <> 'percent'
    group by all
    having not bool_or(unparsed)   -- a 类 figure printed but unreadable: the column is not checkable
),
totals as (
    select * from int_budget_cells
    where line_type = 'total' and amount_yuan is not null and side is null and measure <> 'percent'
      and not unparsed   -- a total line unplaced, or placed by this very identity (raw text): not checkable
      and table_id in (select table_id from int_budget_cells where level = '类')
)
select t.document_id, t.table_id, t.page, t.item_name || ' [' || t.column_label || ']' as item, t.page_row,
       t.amount_yuan as expected, c.amount as actual, t.rounding_yuan + c.rounding as tolerance
from totals t
join top_level c using (table_id, column_no)
qualify row_number() over (partition by t.table_id, t.column_no order by t.line_no) = 1
