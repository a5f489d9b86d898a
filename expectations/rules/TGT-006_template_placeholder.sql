-- id: TGT-006
-- severity: warning
-- confidence: suspected
-- title: No template placeholders left in a target table
-- description: Text copied from the blank template and never filled in ("目标内容1", "指标1", "XX", "××", a bare "......") in a project's goal, name or indicators. One item per project; actual is the number of texts with a placeholder.
-- asset: dim_projects
with texts as (
    select project_key, goal_text as text from dim_projects
    union all select project_key, project_name from dim_projects
    union all select project_key, level3_text from fct_performance_indicators
    union all select project_key, description from fct_performance_indicators
    union all select project_key, target_text from fct_performance_indicators
),
flagged as (
    select project_key,
           count(*) filter (where regexp_matches(text, '目标内容\s*\d|指标\s*\d+$|(^|[^A-Za-z])(XX|xx|ＸＸ|××|\*\*\*)([^A-Za-z]|$)|^(\.{3,}|…+)$')) as placeholders
    from texts where text is not null
    group by project_key
)
select p.document_id, p.table_id, p.page, coalesce(p.project_name, p.project_key) as item,
       cast(0 as decimal(38, 6)) as expected,
       cast(coalesce(f.placeholders, 0) as decimal(38, 6)) as actual,
       cast(0 as decimal(38, 6)) as tolerance
from dim_projects p
left join flagged f using (project_key)
