-- id: EVA-004
-- severity: error
-- confidence: confirmed
-- title: 0 ≤ 得分 ≤ 分值
-- description: No indicator (nor the funds line) scores below zero or above its weight.
-- title_zh: 得分在 0 与分值之间
-- description_zh: 任何指标（及资金执行项）的得分不得低于 0，也不得高于其分值。
-- advice_zh: 核对该指标的得分与分值，更正超出分值或为负的得分。
-- value_unit: score
-- asset: fct_evaluation_indicators
select document_id, table_id, page, table_index, page_row,
       coalesce(level3_text, description, indicator_id) || ' 得分' as item,
       greatest(0, least(score, weight)) as expected, score as actual, 0::decimal(38, 6) as tolerance
from fct_evaluation_indicators
where score is not null and weight is not null
