-- id: EVA-006
-- severity: error
-- confidence: suspected
-- title: 资金得分 = 分值 × min(执行率, 100%)
-- description: The funds line scores its weight times the execution rate, capped at 100 %, within half a unit of the printed score plus the weight times half a unit of the printed rate.
-- asset: fct_self_evaluations
select document_id, table_id, coalesce(funds_page, page) as page,
       coalesce(project_name, table_id) || ' 资金得分' as item,
       cast(fund_weight * least(coalesce(execution_rate_computed, execution_rate_printed), 100) / 100 as decimal(38, 6)) as expected,
       fund_score as actual,
       cast(fund_score_rounding + fund_weight * coalesce(execution_rate_rounding, 0) / 100 as decimal(38, 6)) as tolerance
from fct_self_evaluations
where fund_weight is not null and fund_score is not null
  and coalesce(execution_rate_computed, execution_rate_printed) is not null
