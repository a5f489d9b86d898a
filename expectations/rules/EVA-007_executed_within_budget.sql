-- id: EVA-007
-- severity: error
-- confidence: confirmed
-- title: 全年执行数 ≤ 全年预算数
-- description: A project does not execute more than its full-year budget (beyond the rounding of the two printed amounts).
-- title_zh: 全年执行数不超过全年预算数
-- description_zh: 项目的全年执行数不应超过全年预算数（超出两处金额舍入范围的）。
-- advice_zh: 核对全年执行数与全年预算数；如确有超支，请在偏差原因中说明。
-- value_unit: money
-- asset: fct_self_evaluations
select document_id, table_id, coalesce(funds_page, page) as page, funds_table_index as table_index, funds_page_row as page_row,
       coalesce(project_name, table_id) || ' 全年执行数' as item,
       least(funds_executed_yuan, funds_full_year_yuan) as expected, funds_executed_yuan as actual,
       coalesce(funds_executed_rounding_yuan, 0) + coalesce(funds_full_year_rounding_yuan, 0) as tolerance
from fct_self_evaluations
where funds_executed_yuan is not null and funds_full_year_yuan is not null
