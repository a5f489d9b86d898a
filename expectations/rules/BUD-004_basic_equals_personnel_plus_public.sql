-- id: BUD-004
-- severity: error
-- confidence: confirmed
-- title: 基本支出 = 人员经费 + 公用经费
-- description: Where a table prints 人员经费 and 公用经费 beside 基本支出 (or, in the 一般公共预算基本支出表, beside its 合计), they add up to it. Lines whose 基本支出 (合计) is blank, or whose 人员经费 and 公用经费 are both blank, are not checked; nor are tables with an unmapped amount column.
-- title_zh: 基本支出等于人员经费加公用经费
-- description_zh: 表中在基本支出旁列示人员经费和公用经费的（一般公共预算基本支出表中为合计），二者之和应等于基本支出。
-- advice_zh: 核对该行人员经费、公用经费与基本支出（合计）；检查经济分类科目是否归错人员经费或公用经费。
-- value_unit: money
-- asset: int_budget_line_measures
select document_id, table_id, page, coalesce(code || ' ', '') || item_name as item, page_row,
       coalesce(case when table_kind = 'general_budget_basic_expenditure' then coalesce(total, basic) else basic end, 0) as expected,
       coalesce(personnel, 0) + coalesce(public, 0) as actual,
       (case when table_kind = 'general_budget_basic_expenditure' then total_rounding + basic_rounding else basic_rounding end)
         + personnel_rounding + public_rounding as tolerance
from int_budget_line_measures
where list_contains(table_measures, 'personnel') and list_contains(table_measures, 'public')
  and (list_contains(table_measures, 'basic')
       or (table_kind = 'general_budget_basic_expenditure' and list_contains(table_measures, 'total')))
  and not list_contains(table_measures, 'unmapped')
  and not has_unparsed
  and (personnel is not null or public is not null)
  and (case when table_kind = 'general_budget_basic_expenditure' then coalesce(total, basic) else basic end) is not null
