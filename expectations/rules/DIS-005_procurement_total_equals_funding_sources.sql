-- id: DIS-005
-- severity: error
-- confidence: confirmed
-- title: 政府采购金额 合计 = Σ 资金来源
-- description: On every procurement row, the 合计 of 政府采购金额 equals the sum of its funding-source columns (一般公共预算、政府性基金、国有资本经营、财政专户、单位资金、结转).
-- title_zh: 政府采购金额合计等于各资金来源之和
-- description_zh: 每一采购行的政府采购金额合计，应等于一般公共预算、政府性基金、国有资本经营、财政专户、单位资金、结转等资金来源列之和。
-- advice_zh: 核对该行合计与各资金来源列。
-- value_unit: money
-- asset: fct_procurement_lines
select document_id, table_id, page, page_row, coalesce(item_name, '') as item,
       cast(total_yuan as decimal(38, 2)) as expected,
       cast(coalesce(general_budget_yuan, 0) + coalesce(government_fund_yuan, 0) + coalesce(state_capital_yuan, 0)
            + coalesce(special_account_yuan, 0) + coalesce(unit_funds_yuan, 0) + coalesce(fiscal_carryover_yuan, 0)
            + coalesce(non_fiscal_carryover_yuan, 0) as decimal(38, 2)) as actual,
       -- every printed source carries its own rounding; 7 sources at most
       cast(total_rounding_yuan * 8 as decimal(38, 2)) as tolerance
from fct_procurement_lines
where total_yuan is not null
  and coalesce(general_budget_yuan, government_fund_yuan, state_capital_yuan, special_account_yuan, unit_funds_yuan,
               fiscal_carryover_yuan, non_fiscal_carryover_yuan) is not null
