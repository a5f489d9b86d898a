-- id: EVA-004
-- severity: error
-- confidence: confirmed
-- title: 0 ≤ 得分 ≤ 分值
-- description: No indicator (nor the funds line) scores below zero or above its weight.
-- asset: fct_evaluation_indicators
select document_id, table_id, page,
       coalesce(level3_text, description, indicator_id) || ' 得分' as item,
       greatest(0, least(score, weight)) as expected, score as actual, 0::decimal(38, 6) as tolerance
from fct_evaluation_indicators
where score is not null and weight is not null
