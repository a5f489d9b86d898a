-- id: TGT-004
-- severity: warning
-- confidence: suspected
-- title: A 成本指标 amount does not exceed the project amount
-- description: A cost indicator whose target parses to an amount in 元 / 千元 / 万元 / 亿元 above the project's own amount is suspicious (a unit slip, a copied row, or a target for another project). Actual is the larger of the two; it differs from expected only when the cost exceeds the amount.
-- title_zh: 成本指标金额不超过项目金额
-- description_zh: 成本指标的指标值为金额（元、千元、万元、亿元）且大于项目本身金额的，可能是单位写错、复制了其他项目的行或指标属于其他项目。仅为警告。
-- advice_zh: 核对成本指标的指标值及其单位与项目金额。
-- value_unit: money
-- asset: fct_performance_indicators
with costs as (
    select i.document_id, i.table_id, i.page, i.table_index, i.page_row, i.project_key, i.level3_text, i.target_text, p.project_name,
           p.amount_yuan,
           i.target_value * case i.target_unit when '元' then 1 when '千元' then 1000 when '万元' then 10000
                                               when '万' then 10000 when '亿元' then 100000000 end as cost_yuan
    from fct_performance_indicators i
    join dim_projects p using (project_key)
    where i.level2 = '成本指标' and i.target_value is not null and p.amount_yuan is not null
      and i.target_unit in ('元', '千元', '万元', '万', '亿元')
)
select document_id, table_id, page, table_index, page_row,
       coalesce(project_name, project_key) || ' / ' || coalesce(level3_text, '') || ' ' || target_text as item,
       amount_yuan as expected,
       greatest(cost_yuan, amount_yuan) as actual,
       cast(0.5 as decimal(38, 6)) as tolerance
from costs
