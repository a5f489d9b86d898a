-- id: DIS-020
-- severity: error
-- confidence: suspected
-- title: 情况说明 figure = table figure
-- description: Every figure the narrative states for this year (收入/支出总计 and their 其中 parts, 上年结转, 基本支出 with 人员经费 and 公用经费, 项目支出, “三公”经费 and each part, 机关运行经费, 政府采购预算, 固定资产, a named 科目) equals the one table figure of the same subject, side, measure and basis, within half a unit of the last printed digit of both (a whole unit of the narrative's last digit where the table prints finer: a 元 figure stated in 万元 may be rounded or cut). Several candidate lines printing different amounts, or none, or only lines of tables whose figures were placed by their own identities (raw-text exports), make the figure not checkable. Confidence per item (fct_narrative_figures.match_confidence).
-- title_zh: 情况说明中的数字与表格一致
-- description_zh: 情况说明所述本年数字（收入、支出总计及其中项，上年结转，基本支出及人员经费、公用经费，项目支出，“三公”经费及各分项，机关运行经费，政府采购预算，固定资产，具名科目）应等于文件表格中同一口径的数字，容差为两处数字末位的半个单位（表格数字更精确时为情况说明数字末位的一个单位：以元列示的数字在文字中折成万元，可能四舍五入也可能截位）。对应的表格行有多个且金额不同、没有对应行，或对应行所在表格的数字系按表内勾稽关系推定列位（纯文本导出）的，列为无法检查。
-- advice_zh: 对照情况说明原文与所指表格行（见“页、行”栏“对照”所列的表格、页码和行）的数字，更正有误的一处；注意单位（元/万元）是否写错。
-- value_unit: money
-- asset: fct_narrative_figures
select document_id, table_id, page,
       -- named as printed: the narrative's words and figure, and the table line it restates with its page
       '情况说明“' || phrase || ' ' || amount_text || unit_text || '”'
         || coalesce(' ↔ 第 ' || table_page || ' 页表格 ' || coalesce(table_item, ''), '') as item,
       case when unit_text in ('元', '千元', '万元', '亿元') then unit_text end as printed_unit,
       cast(table_amount_yuan as decimal(38, 2)) as expected,
       cast(amount_yuan as decimal(38, 2)) as actual,
       cast(coalesce(tolerance_yuan, rounding_yuan) as decimal(38, 2)) as tolerance,
       check_status in ('agrees', 'differs') as checkable,
       coalesce(match_confidence, 'suspected') as confidence,
       -- the finding sits in the prose (no table row); the table line the figure was compared with — the one
       -- fct_narrative_figures matched, never another — is its other place, so the report names and pictures it
       '情况说明正文第 ' || page || ' 页（文字，非表格行）' as place_note,
       table_id as other_table_id, table_page as other_page, table_page_row as other_page_row,
       table_index as other_table_index
from fct_narrative_figures
where check_status in ('agrees', 'differs', 'ambiguous', 'no_table_figure', 'placement_inferred')
