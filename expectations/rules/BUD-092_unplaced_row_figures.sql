-- id: BUD-092
-- severity: warning
-- confidence: confirmed
-- title: 行内数字无法定位到列
-- description: A text export printed a row with fewer figures than the table has amount columns and no sign of which columns are empty (cells separated by single spaces, empty cells dropped). The row and its figures are kept in fct_budget_lines with measure 'unplaced', in printed order; no figure is guessed into a column, so every identity the row takes part in is not checkable. (A row whose figures only one placement lets satisfy the table's own identities is placed instead, placed_by 'identity', and is not counted here.)
-- title_zh: 行内数字无法确定所属列
-- description_zh: 文本导出的表格以单个空格分隔单元格且省略空单元格，某行列示的数字少于金额列数，无法确定各数字所属的列；该行数字按列示顺序保留（measure 为 unplaced），不推测其列，相关勾稽关系不予核对。
-- advice_zh: 请提供原始 PDF、XLSX 或保留版式的文本（如 pdftotext -layout），以便准确识别各列金额。
-- value_unit: count 个
-- asset: int_budget_cells
select document_id, table_id, min(page) as page, '未定列的行' as item,
       0::decimal(38, 2) as expected, count(distinct line_no)::decimal(38, 2) as actual, 0::decimal(38, 2) as tolerance
from int_budget_cells where unplaced and measure = 'unplaced'
group by document_id, table_id
