-- id: BUD-005
-- severity: error
-- confidence: confirmed
-- title: 收入合计 = Σ 收入来源 + 上年结转
-- description: On each line of the 收入总表 (and of a 收支总表's income side that prints 本年收入 and 上年结转 as columns), the printed 合计 equals 本年收入 (or the sum of the printed sources — 财政拨款, 财政专户, 事业收入, 经营收入, 上级补助, 附属单位上缴, 其他收入, 使用非财政拨款结余) plus 上年结转 (its 小计, or the sum of its printed parts where no 小计 is printed). A blank 合计 is not checked, nor is a table with an amount column whose header maps to no measure (BUD-091): it may be a source.
-- title_zh: 收入合计等于本年收入加上年结转
-- description_zh: 收入总表每一行的“合计”，应等于本年收入（或所列各收入来源之和：财政拨款、财政专户、事业收入、经营收入、上级补助、附属单位上缴、其他收入、使用非财政拨款结余）加上年结转。
-- advice_zh: 核对收入总表该行合计与各收入来源、上年结转各列，查明漏填或录错的列。
-- value_unit: money
-- asset: int_budget_line_measures
select document_id, table_id, page, page_row, coalesce(code || ' ', '') || item_name as item,
       coalesce(total, 0) as expected,
       coalesce(case when list_contains(table_measures, 'current_year_income') then current_year_income
                     else (case when list_contains(table_measures, 'fiscal_grant') then coalesce(fiscal_grant, 0)   -- 财政拨款 小计 with its parts beside it
                              else coalesce(general_budget, 0) + coalesce(government_fund, 0) + coalesce(state_capital, 0) end) + coalesce(special_account, 0) + coalesce(business_income, 0)
                        + coalesce(operating_income, 0) + coalesce(superior_subsidy, 0)
                        + coalesce(affiliate_remittance, 0) + coalesce(other_income, 0) + coalesce(non_fiscal_balance, 0) end, 0)
         + coalesce(case when list_contains(table_measures, 'carryover') then carryover else carryover_part end, 0) as actual,
       total_rounding + (case when list_contains(table_measures, 'carryover') then carryover_rounding else carryover_part_rounding end) + (case when list_contains(table_measures, 'current_year_income') then current_year_income_rounding
            else (case when list_contains(table_measures, 'fiscal_grant') then fiscal_grant_rounding
                  else general_budget_rounding + government_fund_rounding + state_capital_rounding end)
               + special_account_rounding + business_income_rounding + operating_income_rounding
               + superior_subsidy_rounding + affiliate_remittance_rounding + other_income_rounding + non_fiscal_balance_rounding end) as tolerance
from int_budget_line_measures
where (table_kind = 'income_summary'
       -- a 收支总表 that prints 上年结转 as a column of its income side (项目 | 合计 | 本年收入 | 上年结转)
       or (table_kind in ('income_expenditure_summary', 'fiscal_grant_summary') and side = 'income'
           and list_contains(table_measures, 'current_year_income') and list_contains(table_measures, 'carryover_part')))
  and list_contains(table_measures, 'total')
  and len(list_filter(table_measures, lambda m: m not in ('total', 'unmapped', 'percent'))) > 0
  and not list_contains(table_measures, 'unmapped')
  and total is not null
  and not has_unparsed
  and coalesce(current_year_income, fiscal_grant, general_budget, government_fund, state_capital, special_account, business_income,
               operating_income, superior_subsidy, affiliate_remittance, other_income, non_fiscal_balance, carryover, carryover_part) is not null
