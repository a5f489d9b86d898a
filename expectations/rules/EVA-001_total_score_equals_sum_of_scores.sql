-- id: EVA-001
-- severity: error
-- confidence: confirmed
-- title: 总分 得分 = Σ得分
-- description: A self-evaluation's stated 总分 (its 得分 column) equals the funds 得分 plus the sum of its indicators' 得分, within half a unit of the total's last printed digit. A form whose funds 分值 was not read (a funds block of a layout we do not know) is not checked.
-- title_zh: 总分等于各项得分之和
-- description_zh: 自评表所列总分（得分列）应等于资金执行得分加各指标得分之和，容差为总分末位的半个单位。
-- advice_zh: 核对总分与各指标得分、资金执行得分；确认是否漏计某项得分或总分计算有误。
-- value_unit: score
-- asset: fct_self_evaluations
select document_id, table_id, total_page as page, total_table_index as table_index, total_page_row as page_row,
       coalesce(project_name, table_id) || ' 总分得分' as item,
       stated_total_score as expected, computed_total_score as actual, total_score_rounding as tolerance
from fct_self_evaluations
where table_kind <> 'score_list' and stated_total_score is not null and indicators_scored > 0
  -- a funds block whose 分值/得分 we did not read: the sum is not checkable
  and fund_weight is not null
  -- indicator columns read one column off (fct_self_evaluations.indicator_columns_shifted): left unchecked
  and not indicator_columns_shifted
