-- id: TGT-090
-- severity: warning
-- confidence: confirmed
-- title: Target text that parses to neither a value, a deadline nor a qualitative class
-- description: Lists, per project, the indicators whose target text (指标值) the parsing macros could not read (no number, no deadline, qualitative class 'other' or blank), so they can be reviewed or the macros extended. Rows of raw text exports whose cells could not be told apart are counted by TGT-091, not here.
-- title_zh: 无法识别的指标值
-- description_zh: 按项目列出解析规则无法读取的指标值（无数字、无时限、定性类别无法识别或为空），供复核或补充解析规则。仅为警告，不代表文件有误。
-- advice_zh: 复核这些指标值是否可量化、可考核；如填写规范，请告知数据仓库维护人员补充解析规则。
-- value_unit: count 项
-- asset: fct_performance_indicators
-- Indicators counted per project first, then joined to the projects (project_key is unique in dim_projects, a dbt
-- test): the same items as grouping every indicator row joined to its project by the project's columns, which
-- grouped 5.1 million rows on six columns at 10,000 documents (0.7 s CPU for this rule; 0.4 s counted first).
with unparsed as (
    select project_key,
           -- a raw text row whose cells were not told apart has no target cell to parse: TGT-091 lists it
           count(*) filter (where not target_parsed and coalesce(cells_certain, true)) as indicators
    from fct_performance_indicators
    group by project_key
)
select p.document_id, p.table_id, p.page, coalesce(p.project_name, p.project_key) as item, p.page_row,
       cast(0 as decimal(38, 6)) as expected,
       cast(u.indicators as decimal(38, 6)) as actual,
       cast(0 as decimal(38, 6)) as tolerance
from dim_projects p
join unparsed u using (project_key)
