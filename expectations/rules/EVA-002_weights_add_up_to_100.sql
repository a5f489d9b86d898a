-- id: EVA-002
-- severity: error
-- confidence: confirmed
-- title: Σ分值 = 100
-- description: The funds 分值 plus the indicators' 分值 of a scored self-evaluation add up to the printed 总分 分值 (100 points), within half a unit of the printed total's last digit. Where the form prints no 总分 分值, the 100 points are the template's (confidence suspected). A form whose funds 分值 is blank or was not read is not checked (blank is not 0).
-- title_zh: 分值合计为 100 分
-- description_zh: 有评分的自评表中，资金执行分值加各指标分值应为 100 分（所列总分分值），容差为总分末位的半个单位。
-- advice_zh: 核对各指标分值与资金执行分值，调整至合计 100 分。
-- value_unit: score
-- asset: fct_self_evaluations
select document_id, table_id, total_page as page, total_table_index as table_index, total_page_row as page_row,
       coalesce(project_name, table_id) || ' Σ分值' as item,
       coalesce(stated_total_weight, 100)::decimal(38, 6) as expected, computed_total_weight as actual,
       coalesce(total_weight_rounding, 0.5)::decimal(38, 6) as tolerance,
       case when stated_total_weight is null then 'suspected' end as confidence
from fct_self_evaluations
where table_kind <> 'score_list' and computed_total_weight is not null and indicators_scored > 0
  -- a funds 分值 not read (blank, or a layout we do not know) is not 0: not checkable
  and fund_weight is not null
  -- indicator columns read one column off (fct_self_evaluations.indicator_columns_shifted): left unchecked
  and not indicator_columns_shifted
