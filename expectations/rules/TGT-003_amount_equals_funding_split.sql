-- id: TGT-003
-- severity: error
-- confidence: confirmed
-- title: Project amount = 财政资金 + 财政专户 + 上年结转 + 其他资金
-- description: Where a project prints its funding split (其中：财政拨款 / 财政资金, 财政专户拨款, 上年结转, 其他资金), the parts add up to its amount (预算数, 年度资金总额, 总计). Blocks that print no fiscal part (部门整体 tables listing 基本支出 / 项目支出) are not checked. Tolerance is half a unit of the last printed decimal, plus half a cent per term (amounts are stored in 元 to the cent).
-- title_zh: 项目金额等于各资金来源之和
-- description_zh: 项目列示资金来源（其中：财政拨款/财政资金、财政专户拨款、上年结转、其他资金）的，各来源之和应等于项目金额（预算数、年度资金总额、总计），容差为末位的半个单位。未列财政资金的部门整体表不检查。
-- advice_zh: 核对项目金额与各资金来源的数字。
-- value_unit: money
-- asset: dim_projects
select p.document_id, p.table_id, p.page, p.page_row,
       coalesce(p.project_name, p.project_key) as item,
       p.amount_yuan as expected,
       coalesce(p.fiscal_yuan, 0) + coalesce(p.special_account_yuan, 0) + coalesce(p.carryover_yuan, 0) + coalesce(p.other_yuan, 0) as actual,
       -- half a unit of the last printed decimal, plus the cent each stored term was rounded to (amounts are
       -- DECIMAL(38,2) in 元: a table printing 万元 with six decimals, or more decimals than 元 allow, loses them)
       cast(0.5 * power(10, -s.amount_decimals) * s.unit_multiplier as decimal(38, 6))
         + 0.005 * (1 + (p.fiscal_yuan is not null)::int + (p.special_account_yuan is not null)::int
                      + (p.carryover_yuan is not null)::int + (p.other_yuan is not null)::int) as tolerance
from dim_projects p
join int_target_projects s using (project_key)
where p.split_printed and p.amount_yuan is not null and p.fiscal_yuan is not null
