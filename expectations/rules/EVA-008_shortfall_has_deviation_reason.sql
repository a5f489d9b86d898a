-- id: EVA-008
-- severity: warning
-- confidence: suspected
-- title: 扣分指标须说明偏差原因
-- description: An indicator scored below its weight states a 偏差原因分析及改进措施; without one the shortfall is reported (expected = weight, actual = score).
-- title_zh: 扣分指标须说明偏差原因
-- description_zh: 得分低于分值的指标应填写偏差原因分析及改进措施；未填写的列为问题（应为分值，实为得分）。
-- advice_zh: 为该指标补充偏差原因分析及改进措施。
-- value_unit: score
-- asset: fct_evaluation_indicators
select document_id, table_id, page,
       coalesce(level3_text, description, indicator_id) || ' 得分低于分值，未说明偏差原因' as item, page_row,
       case when deviation_reason is null then weight else score end as expected,
       score as actual, 0::decimal(38, 6) as tolerance
from fct_evaluation_indicators
where score is not null and weight is not null
  -- a form with header columns it did not read may print its reason in one of them: not checkable
  and table_id not in (select table_id from fct_self_evaluations where unread_columns is not null)
