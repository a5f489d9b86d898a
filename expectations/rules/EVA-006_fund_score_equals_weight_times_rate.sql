-- id: EVA-006
-- severity: error
-- confidence: suspected
-- title: 资金得分 = 分值 × min(执行率, 100%)
-- description: The funds line scores its weight times the execution rate, capped at 100 %, within half a unit of the printed score plus the weight times half a unit of the printed rate.
-- title_zh: 资金执行得分等于分值乘执行率
-- description_zh: 资金执行项得分应等于其分值 × 执行率（执行率超过 100% 按 100% 计），容差为得分末位的半个单位加分值乘执行率末位的半个单位。
-- advice_zh: 按分值 × 执行率重新计算资金执行得分。
-- value_unit: score
-- asset: fct_self_evaluations
select document_id, table_id, coalesce(funds_page, page) as page, funds_table_index as table_index, funds_page_row as page_row,
       coalesce(project_name, table_id) || ' 资金得分' as item,
       cast(fund_weight * least(coalesce(execution_rate_computed, execution_rate_printed), 100) / 100 as decimal(38, 6)) as expected,
       fund_score as actual,
       cast(fund_score_rounding + fund_weight * coalesce(execution_rate_rounding, 0) / 100 as decimal(38, 6)) as tolerance
from fct_self_evaluations
where fund_weight is not null and fund_score is not null
  and coalesce(execution_rate_computed, execution_rate_printed) is not null
