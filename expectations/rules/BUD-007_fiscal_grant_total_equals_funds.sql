-- id: BUD-007
-- severity: error
-- confidence: confirmed
-- title: 财政拨款合计 = 一般公共预算 + 政府性基金 + 国有资本经营
-- description: On the expenditure side of the 财政拨款收支总表, each line's printed 合计 equals the sum of its printed fund columns (a blank fund adds nothing; a blank 合计 is not checked; nor is a table with an unmapped amount column).
-- title_zh: 财政拨款合计等于三项预算资金之和
-- description_zh: 财政拨款收支总表支出方每一行的合计，应等于一般公共预算、政府性基金预算、国有资本经营预算三列之和。
-- advice_zh: 核对该行合计与三列资金数字；确认资金性质是否填错列。
-- value_unit: money
select document_id, table_id, page, page_row, item_name as item,
       coalesce(total, 0) as expected,
       coalesce(general_budget, 0) + coalesce(government_fund, 0) + coalesce(state_capital, 0) as actual,
       total_rounding + general_budget_rounding + government_fund_rounding + state_capital_rounding as tolerance
from int_budget_line_measures
where table_kind = 'fiscal_grant_summary' and side = 'expenditure'
  and list_contains(table_measures, 'general_budget') and list_contains(table_measures, 'total')
  and not list_contains(table_measures, 'unmapped')
  and not has_unparsed
  and total is not null and (general_budget is not null or government_fund is not null or state_capital is not null)
