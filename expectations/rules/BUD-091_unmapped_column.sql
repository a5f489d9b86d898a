-- id: BUD-091
-- severity: warning
-- confidence: confirmed
-- title: 未识别的金额列
-- description: A table prints an amount column whose header maps to no known measure; its figures are in fct_budget_lines with measure 'unmapped' and take part in no identity, and the identities that add up all of a line's parts (BUD-003 … BUD-007, BUD-020) do not check that table: the column may be one of the parts.
-- title_zh: 金额列表头无法识别
-- description_zh: 表中某金额列的表头对应不到任何已知口径，其数字保留在事实表中（measure 为 unmapped），但不参与勾稽核对。
-- advice_zh: 确认该列表头是否为公开模板的标准列名；如是模板新列名，请告知数据仓库维护人员补充识别规则。
-- value_unit: count 个
-- asset: int_budget_cells
-- placed at the first printed row with a figure in that column
select document_id, table_id, min(page) as page, column_label as item,
       arg_min(table_index, page * 100000 + page_row) as table_index, arg_min(page_row, page * 100000 + page_row) as page_row,
       0::decimal(38, 2) as expected, count(*)::decimal(38, 2) as actual, 0::decimal(38, 2) as tolerance
from int_budget_cells where measure = 'unmapped' and amount_yuan is not null
group by document_id, table_id, column_label
