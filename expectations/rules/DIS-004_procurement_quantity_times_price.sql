-- id: DIS-004
-- severity: error
-- confidence: confirmed
-- title: 数量 × 单价 = 金额
-- description: On each procurement line with a 数量 and a 单价, their product equals the 金额 合计 within rounding: the 单价 is printed rounded, so the envelope is 数量 × half a unit of the 单价's last digit plus the 金额's own.
-- asset: fct_procurement_lines
select document_id, table_id, page, coalesce(item_name, '') || ' ' || quantity_text || ' × ' || unit_price_text as item,
       cast(total_yuan as decimal(38, 2)) as expected,
       cast(quantity * unit_price_yuan as decimal(38, 2)) as actual,
       cast(abs(quantity) * unit_price_rounding_yuan + total_rounding_yuan as decimal(38, 2)) as tolerance
from fct_procurement_lines
where row_kind = 'line' and quantity is not null and unit_price_yuan is not null and total_yuan is not null
