-- id: TGT-090
-- severity: warning
-- confidence: confirmed
-- title: Target text that parses to neither a value, a deadline nor a qualitative class
-- description: Lists, per project, the indicators whose target text (指标值) the parsing macros could not read (no number, no deadline, qualitative class 'other' or blank), so they can be reviewed or the macros extended.
-- asset: fct_performance_indicators
select p.document_id, p.table_id, p.page, coalesce(p.project_name, p.project_key) as item,
       cast(0 as decimal(38, 6)) as expected,
       cast(count(*) filter (where not i.target_parsed) as decimal(38, 6)) as actual,
       cast(0 as decimal(38, 6)) as tolerance
from dim_projects p
join fct_performance_indicators i using (project_key)
group by p.document_id, p.table_id, p.page, p.project_key, p.project_name
