-- id: BUD-003
-- severity: error
-- confidence: confirmed
-- title: 合计 = Σ 组成列 (基本 + 项目 [+ 经营 + 上缴 + 对附属单位补助 …])
-- description: On each line of an expenditure table, the 合计 column equals the sum of the printed component columns. Where a table splits 基本支出 into 人员经费 and 公用经费 without a 基本支出 column, those two stand for it.
with lines as (
    select *,
        list_has_any(table_measures, ['basic', 'project', 'personnel', 'public', 'operating', 'remit_to_superior', 'subsidy_to_affiliates', 'reserve']) as has_parts
    from int_budget_line_measures
    where table_kind in ('expenditure_summary', 'general_budget_expenditure', 'government_fund_expenditure',
                         'state_capital_expenditure', 'general_budget_basic_expenditure')
       or (table_kind = 'income_expenditure_summary' and side = 'expenditure')
)
select document_id, table_id, page, coalesce(code || ' ', '') || item_name as item,
       coalesce(total, 0) as expected,
       coalesce(case when list_contains(table_measures, 'basic') then coalesce(basic, 0)
                     else coalesce(personnel, 0) + coalesce(public, 0) end, 0)
         + coalesce(project, 0) + coalesce(operating, 0) + coalesce(remit_to_superior, 0)
         + coalesce(subsidy_to_affiliates, 0) + coalesce(reserve, 0) as actual,
       total_rounding + (case when list_contains(table_measures, 'basic') then basic_rounding
                              else personnel_rounding + public_rounding end)
         + project_rounding + operating_rounding + remit_to_superior_rounding
         + subsidy_to_affiliates_rounding + reserve_rounding as tolerance
from lines
where has_parts and list_contains(table_measures, 'total')
  and (total is not null or basic is not null or project is not null or personnel is not null or public is not null)
