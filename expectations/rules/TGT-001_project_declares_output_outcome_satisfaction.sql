-- id: TGT-001
-- severity: warning
-- confidence: suspected
-- title: Every project declares 产出, 效益 and 满意度 indicators
-- description: A performance target table is incomplete when a project (or a department-level table) has no indicator of one of the three first levels of the standard framework. One item per project and level; actual is 1 when at least one such indicator is printed. Tables that print no levels at all (指标名称 / 指标性质 / 指标值 lists) are not checked. A level none is found for is not checkable when the project has a row whose 一级 the reader could not tell (a raw text row not split, TGT-091): that row may be it.
-- title_zh: 每个项目均设产出、效益和满意度指标
-- description_zh: 绩效目标表中每个项目（或部门整体）应至少设置一个产出指标、一个效益指标和一个满意度指标；每个项目每个一级指标一项（应为 1，实为 0 表示缺少）。未列一级指标的表格不检查。
-- advice_zh: 为该项目补充缺少的一级指标及其二级、三级指标和指标值。
-- value_unit: count 项
-- asset: dim_projects
-- Indicators counted per project, one row a project with a count for each level, then joined to the projects
-- (project_key is unique in dim_projects) and turned into the three levels' items: joining every indicator row to
-- its project's three levels and grouping them all (4.6 million rows at 10,000 documents) gave the same items at
-- several times the cost, and counts per project and level joined on both (1.5 million rows) 2.0 s CPU; this
-- shape 0.95 s.
with indicator_counts as (
    select project_key,
           count(indicator_id) filter (where level1 = '产出指标') as output_indicators,
           count(indicator_id) filter (where level1 = '效益指标') as outcome_indicators,
           count(indicator_id) filter (where level1 = '满意度指标') as satisfaction_indicators,
           -- a raw text row not split whose 一级 the reader could not tell (TGT-091)
           bool_or(not cells_certain and level1 is null) as row_without_level
    from fct_performance_indicators
    group by project_key
)
select p.document_id, p.table_id, p.page,
       coalesce(p.project_name, p.project_key) || ' 缺少' || l.level1 as item, p.page_row,
       cast(1 as decimal(38, 6)) as expected,
       cast(case when l.indicators > 0 then 1 else 0 end as decimal(38, 6)) as actual,
       cast(0 as decimal(38, 6)) as tolerance,
       l.indicators > 0 or not coalesce(c.row_without_level, false) as checkable
from dim_projects p
left join indicator_counts c on c.project_key = p.project_key
cross join lateral (values ('产出指标', coalesce(c.output_indicators, 0)), ('效益指标', coalesce(c.outcome_indicators, 0)),
                           ('满意度指标', coalesce(c.satisfaction_indicators, 0))) as l(level1, indicators)
where p.output_indicators + p.outcome_indicators + p.satisfaction_indicators > 0  -- layouts without levels are not checked
