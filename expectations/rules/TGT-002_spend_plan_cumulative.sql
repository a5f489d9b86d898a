-- id: TGT-002
-- severity: error
-- confidence: suspected
-- title: 资金支出计划 is cumulative: never decreases, ends at most 100 %
-- description: The spend plan (3月底 / 6月底 / 10月底 / 12月底) gives cumulative percentages. Each printed step is at least the previous printed one (expected is the step; actual is the previous step when that is higher), and the last printed step is at most 100 %.
-- title_zh: 资金支出计划逐期累计且不超过 100%
-- description_zh: 资金支出计划（3月底、6月底、10月底、12月底）为累计百分比：每一期不低于前一期，最后一期不超过 100%。
-- advice_zh: 核对资金支出计划各期百分比，确认填的是累计数而不是当期数。
-- value_unit: rate
-- asset: dim_projects
with steps as (
    select document_id, table_id, page, page_row, project_key, project_name, month, pct,
           lag(pct) over (partition by project_key order by month) as previous_pct,
           row_number() over (partition by project_key order by month desc) as from_last
    from dim_projects
    cross join lateral (values (3, spend_by_mar_pct), (6, spend_by_jun_pct), (10, spend_by_oct_pct), (12, spend_by_dec_pct)) as s(month, pct)
    where pct is not null
)
select document_id, table_id, page, page_row,
       '本项目表块首行；资金支出计划列在本表块内' as place_note,
       coalesce(project_name, project_key) || ' ' || month || '月底 ≥ 上一期' as item,
       cast(pct as decimal(38, 6)) as expected,
       cast(greatest(pct, previous_pct) as decimal(38, 6)) as actual,
       cast(0 as decimal(38, 6)) as tolerance
from steps where previous_pct is not null
union all
select document_id, table_id, page, page_row,
       '本项目表块首行；资金支出计划列在本表块内' as place_note,
       coalesce(project_name, project_key) || ' ' || month || '月底 ≤ 100%' as item,
       cast(100 as decimal(38, 6)) as expected,
       cast(greatest(pct, 100) as decimal(38, 6)) as actual,
       cast(0 as decimal(38, 6)) as tolerance
from steps where from_last = 1
