-- id: EVA-010
-- severity: warning
-- confidence: suspected
-- title: 自评项目数 = 列示项目数
-- description: Where a 决算 document states how many projects it self-evaluated and also lists their scores (项目名称 | 自评分数), the list holds that many projects.
-- title_zh: 自评项目数等于列示项目数
-- description_zh: 决算文件说明了自评项目个数并列示各项目自评分数的，列示的项目数应等于所说明的个数。
-- advice_zh: 核对情况说明中的自评项目个数与所列项目清单，补全或更正。
-- value_unit: count 个
-- asset: fct_self_evaluations
with listed as (
    select document_id, table_id, min(page) as page, count(*) as projects
    from fct_self_evaluations
    where table_kind = 'score_list'
    group by document_id, table_id
),
stated as (
    select document_id, sum(projects_stated) as projects, min(page) as page, string_agg(statement, '；') as statement
    from fct_evaluation_summaries
    group by document_id
)
select l.document_id, l.table_id, l.page, '自评项目数：' || s.statement as item,
       s.projects::decimal(38, 6) as expected, l.projects::decimal(38, 6) as actual, 0::decimal(38, 6) as tolerance,
       '自评项目清单表（比较的是全表项目数，不对应单一行）；文字说明见第 ' || s.page || ' 页' as place_note
from listed l
join stated s using (document_id)
