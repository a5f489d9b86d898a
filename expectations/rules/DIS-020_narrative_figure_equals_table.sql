-- id: DIS-020
-- severity: error
-- title: 情况说明 figure = table figure
-- description: Every figure the narrative states for this year (收入/支出总计 and their 其中 parts, 上年结转, 基本支出 with 人员经费 and 公用经费, 项目支出, “三公”经费 and each part, 机关运行经费, 政府采购预算, 固定资产, a named 科目) equals the figure of the same subject in the document's tables, within half a unit of the last printed digit of both.
-- asset: fct_narrative_figures
select document_id, table_id, page,
       subject || '：' || phrase || ' ' || amount_text || unit_text || ' (table p' || table_page || ' ' || coalesce(table_item, '') || ')' as item,
       cast(table_amount_yuan as decimal(38, 2)) as expected,
       cast(amount_yuan as decimal(38, 2)) as actual,
       cast(rounding_yuan + table_rounding_yuan as decimal(38, 2)) as tolerance
from fct_narrative_figures
where check_status in ('agrees', 'differs')
