-- id: TGT-006
-- severity: warning
-- confidence: suspected
-- title: No template placeholders left in a target table
-- description: Text copied from the blank template and never filled in ("目标内容1", "指标1", "XX", "××", a bare "......") in a project's goal, name or indicators. One item per project; actual is the number of texts with a placeholder.
-- title_zh: 绩效目标表不得保留模板占位文字
-- description_zh: 项目的绩效目标、名称或指标中保留了空白模板文字（“目标内容1”“指标1”“XX”“××”、单独的“......”）。每个项目一项，实为含占位文字的处数。
-- advice_zh: 将模板占位文字替换为该项目的实际目标和指标后重新公开。
-- value_unit: count 处
-- asset: dim_projects
with texts as (
    select project_key, goal_text as text from dim_projects
    union all select project_key, project_name from dim_projects
    union all select project_key, level3_text from fct_performance_indicators
    union all select project_key, description from fct_performance_indicators
    union all select project_key, target_text from fct_performance_indicators
    union all select project_key, unsplit_text from fct_performance_indicators   -- a row kept whole (raw text)
),
-- The regular expression is tried only on texts holding a literal that every one of its matches holds (目标内容, 指标,
-- XX, xx, ＸＸ, ××, ***, or a first character . or …): the same texts match. At 10,000 documents the expression run
-- on all 11.3 million texts made this rule 2.2 s CPU; 0.3 s with the literals first. A project without a flagged
-- text has no row here and counts 0.
flagged as (
    select project_key, count(*) as placeholders
    from texts
    where (contains(text, '目标内容') or contains(text, '指标') or contains(text, 'XX') or contains(text, 'xx')
           or contains(text, 'ＸＸ') or contains(text, '××') or contains(text, '***')
           or starts_with(text, '.') or starts_with(text, '…'))
      and regexp_matches(text, '目标内容\s*\d|指标\s*\d+$|(^|[^A-Za-z])(XX|xx|ＸＸ|××|\*\*\*)([^A-Za-z]|$)|^(\.{3,}|…+)$')
    group by project_key
)
select p.document_id, p.table_id, p.page, coalesce(p.project_name, p.project_key) as item, p.page_row,
       cast(0 as decimal(38, 6)) as expected,
       cast(coalesce(f.placeholders, 0) as decimal(38, 6)) as actual,
       cast(0 as decimal(38, 6)) as tolerance
from dim_projects p
left join flagged f using (project_key)
