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
-- A block is the indicators of one 一级指标 (normalised `level1`, e.g. a row printed under 时效指标 belongs
-- to 产出指标). When the block's rows print different 一级 labels ("产出指标（50分）" on some rows, a 二级
-- name such as "时效 指标" on others: cells shifted in the export), which rows the labelled points cover
-- is not certain: the block is not checkable, never a mismatch.
select document_id, table_id, min(page) as page,
       -- the block's first printed line
       arg_min(table_index, page * 100000 + page_row) as table_index, arg_min(page_row, page * 100000 + page_row) as page_row,
       max(level1_text) filter (where level1_points is not null) || ' Σ分值' as item,
       max(level1_points) as expected, sum(weight) as actual, max(level1_points_rounding) as tolerance,
       count(distinct level1_text) = 1 as checkable
from fct_evaluation_indicators
group by document_id, table_id, coalesce(level1, level1_text)
having max(level1_points) is not null and count(weight) > 0
