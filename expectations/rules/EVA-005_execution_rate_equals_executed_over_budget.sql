-- id: EVA-005
-- severity: error
-- confidence: confirmed
-- title: 执行率 = 全年执行数 / 全年预算数
-- description: The printed execution rate (per cent) equals 全年执行数 / 全年预算数 × 100, within half a unit of the rate's last printed digit plus what the rounding of the two amounts can move it.
-- asset: fct_self_evaluations
select document_id, table_id, coalesce(funds_page, page) as page,
       coalesce(project_name, table_id) || ' 执行率' as item,
       execution_rate_computed as expected, execution_rate_printed as actual,
       cast(execution_rate_rounding
            + 100 * (coalesce(funds_executed_rounding_yuan, 0) + coalesce(funds_full_year_rounding_yuan, 0)) / funds_full_year_yuan
            as decimal(38, 6)) as tolerance
from fct_self_evaluations
where execution_rate_printed is not null and execution_rate_computed is not null
