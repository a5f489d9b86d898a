-- id: BUD-010
-- severity: error
-- confidence: confirmed
-- title: 上级科目 = Σ 下级科目 (类 = Σ 款, 款 = Σ 项)
-- description: In every table with classification codes, each 类 or 款 line equals the sum of its children printed in the same table, column by column. A child belongs to the nearest line above it with its parent code (a code can head several blocks of one table). A blank parent cell is not checked; blank children add nothing, and at least one child must print a figure; a child cell printed but not readable as a figure (BUD-090) makes its parent not checkable.
-- title_zh: 上级科目等于下级科目之和
-- description_zh: 列示功能分类或经济分类科目编码的表格中，每个类、款科目行的数字应等于同一表中其下级科目（款、项）之和，逐列核对；下级科目归属于其上方最近的上级编码行。
-- advice_zh: 核对该科目及其下级科目各列数字；常见原因是漏列下级科目、科目编码写错，或上级科目数字未随下级调整。
-- value_unit: money
-- asset: int_budget_cells
-- cells not materialized: each of its two readers scans int_budget_cells with its own filters. Materialized (what
-- DuckDB does with a CTE read twice) it copied 3.1 million rows at 10,000 documents: 1.5 s CPU for this rule, 0.9 s
-- without.
with cells as not materialized (
    select * from int_budget_cells where code is not null and (amount_yuan is not null or unparsed) and measure <> 'percent'
),
children as (
    select table_id, parent_line_no, measure, basis, column_no,
           sum(coalesce(amount_yuan, 0)) as amount, sum(case when amount_yuan is null then 0 else rounding_yuan end) as rounding
    from cells where parent_line_no is not null
    group by all
    having not bool_or(unparsed)   -- a child printed but unreadable: the parent is not checkable
)
select p.document_id, p.table_id, p.page, p.code || ' ' || p.item_name || ' [' || p.column_label || ']' as item, p.page_row,
       p.amount_yuan as expected, c.amount as actual, p.rounding_yuan + c.rounding as tolerance
from cells p
join children c on c.table_id = p.table_id and c.parent_line_no = p.line_no and c.column_no = p.column_no
where p.amount_yuan is not null
  and not p.unparsed   -- a parent line unplaced, or placed by this very identity (raw text): not checkable
