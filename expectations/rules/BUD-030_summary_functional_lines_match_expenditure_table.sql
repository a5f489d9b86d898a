-- id: BUD-030
-- severity: error
-- confidence: confirmed
-- title: 收支总表 支出功能分类行 = 支出总表 类
-- description: Each functional expenditure line of the 收支总表 (一、一般公共服务支出 …) equals the 类 line of the same name in the 支出总表 of the same document.
-- title_zh: 收支总表功能分类支出等于支出总表同名类级科目
-- description_zh: 收支总表支出方的每一功能分类行（一、一般公共服务支出……）应等于同一文件支出总表中同名的类级科目行。
-- advice_zh: 对照两张表中同名科目的数字，查明哪张表有误并更正。
-- value_unit: money
-- asset: int_budget_line_measures
with summary as (
    select document_id, table_id, page, page_row, basis, regexp_replace(item_key, '^[一二三四五六七八九十]+、', '') as name, total, total_rounding
    from int_budget_line_measures
    where table_kind = 'income_expenditure_summary' and not table_placement_inferred and side = 'expenditure' and total is not null
      and regexp_matches(item_key, '^[一二三四五六七八九十]+、.*支出$')
),
detail as (
    select document_id, basis, item_key as name, total, total_rounding, table_id, page, page_row
    from int_budget_line_measures
    where table_kind = 'expenditure_summary' and not table_placement_inferred and level = '类' and total is not null
)
select s.document_id, s.table_id, s.page, s.page_row, s.name as item, d.total as expected, s.total as actual,
       s.total_rounding + d.total_rounding as tolerance,
       d.table_id as other_table_id, d.page as other_page, d.page_row as other_page_row
from summary s
join detail d on d.document_id = s.document_id and d.basis = s.basis and d.name = s.name
