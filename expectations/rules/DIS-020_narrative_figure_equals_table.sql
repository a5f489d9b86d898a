-- id: DIS-020
-- severity: error
-- confidence: suspected
-- title: 情况说明 figure = table figure
-- description: Every figure the narrative states for this year (收入/支出总计 and their 其中 parts, 上年结转, 基本支出 with 人员经费 and 公用经费, 项目支出, “三公”经费 and each part, 机关运行经费, 政府采购预算, 固定资产, a named 科目) equals the one table figure of the same subject, side and basis, within half a unit of the last printed digit of both. Several candidate lines printing different amounts, or none, make the figure not checkable. Confidence per item (fct_narrative_figures.match_confidence).
-- asset: fct_narrative_figures
select document_id, table_id, page,
       subject || '：' || phrase || ' ' || amount_text || unit_text
         || coalesce(' (table p' || table_page || ' ' || coalesce(table_item, '') || ')', '') as item,
       cast(table_amount_yuan as decimal(38, 2)) as expected,
       cast(amount_yuan as decimal(38, 2)) as actual,
       cast(rounding_yuan + coalesce(table_rounding_yuan, 0) as decimal(38, 2)) as tolerance,
       check_status in ('agrees', 'differs') as checkable,
       coalesce(match_confidence, 'suspected') as confidence
from fct_narrative_figures
where check_status in ('agrees', 'differs', 'ambiguous', 'no_table_figure')
