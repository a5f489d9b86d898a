-- id: BUD-010
-- severity: error
-- confidence: confirmed
-- title: 上级科目 = Σ 下级科目 (类 = Σ 款, 款 = Σ 项)
-- description: In every table with classification codes, each 类 or 款 line equals the sum of its children printed in the same table, column by column. A child belongs to the nearest line above it with its parent code (a code can head several blocks of one table).
with cells as (
    select * from stg_budget_cells where code is not null and amount_yuan is not null or (code is not null and value_text = '')
),
children as (
    select table_id, parent_line_no, measure, basis, column_no,
           sum(coalesce(amount_yuan, 0)) as amount, sum(case when amount_yuan is null then 0 else rounding_yuan end) as rounding
    from cells where parent_line_no is not null
    group by all
)
select p.document_id, p.table_id, p.page, p.code || ' ' || p.item_name || ' [' || p.column_label || ']' as item,
       coalesce(p.amount_yuan, 0) as expected, c.amount as actual,
       coalesce(case when p.amount_yuan is null then 0 else p.rounding_yuan end, 0) + c.rounding as tolerance
from cells p
join children c on c.table_id = p.table_id and c.parent_line_no = p.line_no and c.column_no = p.column_no
