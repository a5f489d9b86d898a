-- id: BUD-033
-- severity: error
-- title: 一般公共预算支出表 基本支出 = 基本支出表 合计
-- description: The 基本支出 of the 一般公共预算支出表's 合计 line equals the 合计 of the 一般公共预算基本支出表.
with general as (
    select document_id, table_id, page, basis, basic, basic_rounding
    from int_budget_line_measures
    where table_kind = 'general_budget_expenditure' and line_type = 'total' and basic is not null
    qualify row_number() over (partition by table_id, basis order by line_no) = 1
),
basic_table as (
    select document_id, basis, total, total_rounding
    from int_budget_line_measures
    where table_kind = 'general_budget_basic_expenditure' and line_type = 'total' and total is not null
    qualify row_number() over (partition by table_id, basis order by line_no) = 1
)
select b.document_id, g.table_id, g.page, '基本支出合计' as item, b.total as expected, g.basic as actual,
       g.basic_rounding + b.total_rounding as tolerance
from general g join basic_table b using (document_id, basis)
