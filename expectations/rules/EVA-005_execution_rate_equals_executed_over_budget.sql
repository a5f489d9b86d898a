-- id: EVA-005
-- severity: error
-- confidence: confirmed
-- title: 执行率 = 全年执行数 / 全年预算数
-- description: The printed execution rate (per cent) equals 全年执行数 / 全年预算数 × 100, within half a unit of the rate's last printed digit plus what the rounding of the two amounts can move it.
-- title_zh: 执行率等于全年执行数除以全年预算数
-- description_zh: 所列执行率（%）应等于全年执行数 ÷ 全年预算数 × 100，容差为执行率末位的半个单位加两个金额的舍入可能带来的变动。
-- advice_zh: 用全年执行数和全年预算数重新计算执行率，核对表中执行率或两个金额。
-- value_unit: rate
-- asset: fct_self_evaluations
select document_id, table_id, coalesce(funds_page, page) as page, funds_table_index as table_index, funds_page_row as page_row,
       coalesce(project_name, table_id) || ' 执行率' as item,
       execution_rate_computed as expected, execution_rate_printed as actual,
       cast(execution_rate_rounding
            + 100 * (coalesce(funds_executed_rounding_yuan, 0) + coalesce(funds_full_year_rounding_yuan, 0)) / funds_full_year_yuan
            as decimal(38, 6)) as tolerance
from fct_self_evaluations
where execution_rate_printed is not null and execution_rate_computed is not null
