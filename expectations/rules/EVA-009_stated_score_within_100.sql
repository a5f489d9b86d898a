-- id: EVA-009
-- severity: error
-- confidence: confirmed
-- title: 0 ≤ 自评总分 ≤ 100
-- description: A stated self-evaluation score (a form's 总分 or a score list's 自评分数) lies between 0 and 100.
-- title_zh: 自评总分在 0 至 100 分之间
-- description_zh: 自评总分（自评表的总分或得分列表中的自评分数）应在 0 至 100 分之间。
-- advice_zh: 核对该项目的自评总分。
-- value_unit: score
-- asset: fct_self_evaluations
select document_id, table_id, total_page as page, total_table_index as table_index, total_page_row as page_row,
       coalesce(project_name, project_key) || ' 自评总分' as item,
       greatest(0, least(stated_total_score, 100)) as expected, stated_total_score as actual,
       0::decimal(38, 6) as tolerance
from fct_self_evaluations
where stated_total_score is not null
