-- id: BUD-003
-- severity: error
-- confidence: confirmed
-- title: 合计 = Σ 组成列 (基本 + 项目 [+ 经营 + 上缴 + 对附属单位补助 …])
-- description: On each line of an expenditure table, the printed 合计 equals the sum of the printed component columns (a blank component adds nothing; a blank 合计 is not checked). Where a table splits 基本支出 into 人员经费 and 公用经费 without a 基本支出 column, those two stand for it. A table with an amount column whose header maps to no measure (BUD-091), or with a 结转下年 column, is not checked: the unplaced column may be a component.
-- title_zh: 合计等于各组成列之和
-- description_zh: 支出类表格每一行的“合计”列，应等于所列组成列之和（基本支出 + 项目支出，以及经营支出、上缴上级支出、对附属单位补助支出、预留等）；未列基本支出列而列人员经费、公用经费的，以二者之和代替基本支出。
-- advice_zh: 核对该行合计列与基本支出、项目支出等各列；常见原因是某列数字录入错误、漏填，或合计未随分项调整。
-- value_unit: money
-- asset: int_budget_line_measures
-- list_contains for each measure rather than list_has_any with a list of them: the same truth (NULL for a NULL
-- list, NULL elements never match), and list_has_any builds its set again on every line: 3.3 million lines at
-- 10,000 documents made this rule 1.45 s CPU; 0.7 s with list_contains.
with lines as (
    select *,
        list_contains(table_measures, 'basic') or list_contains(table_measures, 'project')
          or list_contains(table_measures, 'personnel') or list_contains(table_measures, 'public')
          or list_contains(table_measures, 'operating') or list_contains(table_measures, 'remit_to_superior')
          or list_contains(table_measures, 'subsidy_to_affiliates') or list_contains(table_measures, 'reserve') as has_parts
    from int_budget_line_measures
    where table_kind in ('expenditure_summary', 'general_budget_expenditure', 'government_fund_expenditure',
                         'state_capital_expenditure', 'general_budget_basic_expenditure')
       or (table_kind = 'income_expenditure_summary' and side = 'expenditure')
)
select document_id, table_id, page, coalesce(code || ' ', '') || item_name as item, page_row,
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
  and not (list_contains(table_measures, 'unmapped') or list_contains(table_measures, 'carryover_to_next'))
  and total is not null
  and not has_unparsed
  and (basic is not null or project is not null or personnel is not null or public is not null or operating is not null
       or remit_to_superior is not null or subsidy_to_affiliates is not null or reserve is not null)
