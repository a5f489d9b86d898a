-- id: EVA-003
-- severity: error
-- confidence: confirmed
-- title: 一级指标分值之和 = 标注分数
-- description: The 分值 of the indicators under a 一级指标 whose label prints its points ("产出指标 (50分)") add up to those points.
-- title_zh: 一级指标下各指标分值之和等于标注分数
-- description_zh: 一级指标名称中注明分数的（如“产出指标（50分）”），其下各指标分值之和应等于该分数。
-- advice_zh: 核对该一级指标下各指标的分值与标注分数。
-- value_unit: score
-- asset: fct_evaluation_indicators
select document_id, table_id, min(page) as page,
       -- the block's first printed line
       arg_min(table_index, page * 100000 + page_row) as table_index, arg_min(page_row, page * 100000 + page_row) as page_row,
       level1_text || ' Σ分值' as item,
       max(level1_points) as expected, sum(weight) as actual, max(level1_points_rounding) as tolerance
from fct_evaluation_indicators
where level1_points is not null
group by document_id, table_id, level1_text
having count(weight) > 0
