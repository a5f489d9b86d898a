-- id: BUD-090
-- severity: warning
-- confidence: confirmed
-- title: 金额无法识别
-- description: A cell in an amount column holds text that is not a figure, so it is not in fct_budget_lines.
-- title_zh: 金额无法识别
-- description_zh: 金额列中的单元格内容不是数字，未计入事实表。
-- advice_zh: 查看原表该单元格：如为金额，请改为规范数字；如为说明文字或符号，请移出金额列。
-- value_unit: count 个
-- asset: int_budget_cells
select document_id, table_id, page, item_name || ' [' || column_label || '] = ' || value_text as item, page_row,
       0::decimal(38, 2) as expected, 1::decimal(38, 2) as actual, 0::decimal(38, 2) as tolerance
from int_budget_cells where unparsed and not unplaced   -- unplaced rows: BUD-092
  and placed_by is null                                  -- figures placed by the table's identities: read
