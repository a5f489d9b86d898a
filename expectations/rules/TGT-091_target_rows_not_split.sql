-- id: TGT-091
-- severity: warning
-- confidence: confirmed
-- title: Target rows whose cells could not be told apart
-- description: A text export separated the cells of a 绩效目标表 row by single spaces and wrapped them over lines, and the reader could not tell with certainty which words are the 三级指标, the 描述, the 指标值 and the 依据 (several readings fit, or none; a row continued over a page break). The row is kept whole in fct_performance_indicators.unsplit_text with only its certain 一级/二级; no cell is guessed, so no rule reads its target. One item per project; actual is the number of such rows.
-- title_zh: 无法确定单元格的绩效指标行
-- description_zh: 文本导出的绩效目标表以单个空格分隔单元格并跨行折行，无法确定某行哪些文字属于三级指标、指标描述、指标值或确定依据；该行原文整体保留（仅保留可确定的一级、二级指标），不推测其单元格，相关指标值不予核对。每个项目一项，实为此类行数。
-- advice_zh: 请提供原始 PDF、XLSX 或保留版式的文本（如 pdftotext -layout），以便准确识别各指标单元格。
-- value_unit: count 行
-- asset: fct_performance_indicators
-- the item points at the project's first such row
select p.document_id, p.table_id, coalesce(p.project_name, p.project_key) as item,
       arg_min(i.page, i.page * 1000000 + i.page_row) as page,
       arg_min(i.table_index, i.page * 1000000 + i.page_row) as table_index,
       arg_min(i.page_row, i.page * 1000000 + i.page_row) as page_row,
       cast(0 as decimal(38, 6)) as expected,
       cast(count(*) as decimal(38, 6)) as actual,
       cast(0 as decimal(38, 6)) as tolerance
from dim_projects p
join fct_performance_indicators i using (project_key)
where not i.cells_certain
group by p.document_id, p.table_id, p.project_key, p.project_name
