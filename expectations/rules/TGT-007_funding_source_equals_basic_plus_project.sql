-- id: TGT-007
-- severity: error
-- confidence: confirmed
-- title: 财政拨款 (其他资金) = 基本支出 + 项目支出 in the funding block
-- description: A 部门整体支出绩效目标表 that prints its funding block as 财政拨款 / 其他资金 × 合计 / 基本支出 / 项目支出 (北京 预算13表 总体资金情况): each source's 合计 equals its 基本支出 plus its 项目支出. A source whose parts are not both printed is not checked. Tolerance: half a unit of the last printed decimal for each of the three figures.
-- title_zh: 财政拨款（其他资金）合计等于基本支出与项目支出之和
-- description_zh: 部门整体支出绩效目标表的总体资金情况按财政拨款、其他资金分列合计、基本支出、项目支出的，各资金来源的合计应等于其基本支出与项目支出之和。
-- advice_zh: 核对总体资金情况中该资金来源的合计、基本支出、项目支出三个数字。
-- value_unit: money
-- asset: dim_projects
with parts as (
    select p.document_id, p.table_id, p.page, coalesce(p.project_name, p.project_key) as name, '财政拨款' as source,
           p.fiscal_yuan as total, p.fiscal_basic_yuan as basic, p.fiscal_project_yuan as project,
           s.amount_decimals, s.unit_multiplier
    from dim_projects p join int_target_projects s using (project_key)
    union all
    select p.document_id, p.table_id, p.page, coalesce(p.project_name, p.project_key), '其他资金',
           p.other_yuan, p.other_basic_yuan, p.other_project_yuan, s.amount_decimals, s.unit_multiplier
    from dim_projects p join int_target_projects s using (project_key)
)
select document_id, table_id, page, name || ' ' || source as item,
       total as expected, basic + project as actual,
       cast(1.5 * power(10, -coalesce(amount_decimals, 0)) * unit_multiplier as decimal(38, 6)) as tolerance
from parts
where total is not null and basic is not null and project is not null
