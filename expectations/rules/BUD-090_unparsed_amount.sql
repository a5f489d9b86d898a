-- id: BUD-090
-- severity: warning
-- confidence: confirmed
-- title: 金额无法识别
-- description: A cell in an amount column holds text that is not a figure, so it is not in fct_budget_lines.
select document_id, table_id, page, item_name || ' [' || column_label || '] = ' || value_text as item,
       0::decimal(38, 2) as expected, 1::decimal(38, 2) as actual, 0::decimal(38, 2) as tolerance
from stg_budget_cells where unparsed
