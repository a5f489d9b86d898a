-- id: BUD-006
-- severity: error
-- confidence: confirmed
-- title: 本年收入小计 = Σ 收入来源
-- description: On each line of the 收入总表 that prints a 本年收入 小计, it equals the sum of the printed income sources (a blank source adds nothing). A blank 小计 is not checked, nor is a table with an amount column whose header maps to no measure (BUD-091).
-- title_zh: 本年收入小计等于各收入来源之和
-- description_zh: 收入总表中列示本年收入小计的每一行，小计应等于所列各收入来源之和。
-- advice_zh: 核对该行本年收入小计与财政拨款、事业收入等各收入来源列，更正录错或漏填的数字。
-- value_unit: money
select document_id, table_id, page, page_row, coalesce(code || ' ', '') || item_name as item,
       coalesce(current_year_income, 0) as expected,
       (case when list_contains(table_measures, 'fiscal_grant') then coalesce(fiscal_grant, 0)   -- 财政拨款 小计 with its parts beside it
                              else coalesce(general_budget, 0) + coalesce(government_fund, 0) + coalesce(state_capital, 0) end) + coalesce(special_account, 0) + coalesce(business_income, 0)
         + coalesce(operating_income, 0) + coalesce(superior_subsidy, 0)
         + coalesce(affiliate_remittance, 0) + coalesce(other_income, 0) + coalesce(non_fiscal_balance, 0) as actual,
       current_year_income_rounding + (case when list_contains(table_measures, 'fiscal_grant') then fiscal_grant_rounding
                  else general_budget_rounding + government_fund_rounding + state_capital_rounding end) + special_account_rounding + business_income_rounding + operating_income_rounding
         + superior_subsidy_rounding + affiliate_remittance_rounding + other_income_rounding + non_fiscal_balance_rounding as tolerance
from int_budget_line_measures
where table_kind = 'income_summary' and list_contains(table_measures, 'current_year_income')
  and not list_contains(table_measures, 'unmapped')
  and current_year_income is not null
  and not has_unparsed
  and coalesce(fiscal_grant, general_budget, government_fund, state_capital, special_account, business_income,
               operating_income, superior_subsidy, affiliate_remittance, other_income, non_fiscal_balance) is not null
