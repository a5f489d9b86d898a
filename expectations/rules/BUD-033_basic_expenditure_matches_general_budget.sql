-- id: BUD-033
-- severity: error
-- confidence: confirmed
-- title: 一般公共预算支出表 基本支出 = 基本支出表 合计
-- description: The 基本支出 of the 一般公共预算支出表's 合计 line equals the 合计 of the 一般公共预算基本支出表 (or, where it prints 人员经费 and 公用经费 as side-by-side blocks, the sum of their 合计 lines).
-- title_zh: 一般公共预算支出表基本支出等于基本支出表合计
-- description_zh: 一般公共预算支出表合计行的基本支出，应等于一般公共预算基本支出表的合计（人员经费、公用经费分块列示的，为两块合计之和）。
-- advice_zh: 对照两张表的基本支出数字，查明哪张表有误。
-- value_unit: money
-- asset: int_budget_line_measures
with general as (
    select document_id, table_id, page, page_row, basis, basic, basic_rounding
    from int_budget_line_measures
    where table_kind = 'general_budget_expenditure' and not table_placement_inferred and line_type = 'total' and basic is not null
    qualify row_number() over (partition by table_id, basis order by line_no) = 1
),
basic_table as (
    -- the first total line of each block (决算 templates print 人员经费合计 | 公用经费合计 side by side)
    select document_id, basis, sum(total) as total, sum(total_rounding) as total_rounding,
           -- the printed row of the (first) total line, for the finding's second place
           arg_min(table_id, page * 100000 + page_row) as table_id, min(page) as page,
           arg_min(page_row, page * 100000 + page_row) as page_row
    from (
        select document_id, basis, total, total_rounding, table_id, page, page_row
        from int_budget_line_measures
        where table_kind = 'general_budget_basic_expenditure' and not table_placement_inferred and line_type = 'total' and total is not null
        qualify row_number() over (partition by table_id, basis, coalesce(side, '') order by line_no) = 1
    )
    group by document_id, basis
)
select b.document_id, g.table_id, g.page, g.page_row, '基本支出合计' as item, b.total as expected, g.basic as actual,
       g.basic_rounding + b.total_rounding as tolerance,
       b.table_id as other_table_id, b.page as other_page, b.page_row as other_page_row
from general g join basic_table b using (document_id, basis)
