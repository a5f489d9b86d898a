-- id: DIS-004
-- severity: error
-- confidence: confirmed
-- title: 数量 × 单价 = 金额
-- description: On each procurement line with a 数量 and a 单价, their product equals the 金额 合计 within rounding: the 单价 is printed rounded, so the envelope is 数量 × half a unit of the 单价's last digit plus the 金额's own.
-- title_zh: 数量乘单价等于金额
-- description_zh: 列示数量和单价的采购明细行，数量 × 单价应等于金额合计；单价为四舍五入后的数字，容差为数量乘单价末位的半个单位加金额本身末位的半个单位。
-- advice_zh: 核对该行数量、单价、金额；常见原因是数量或单价单位（元/万元）不一致。
-- value_unit: money
-- asset: fct_procurement_lines
select document_id, table_id, page, page_row, coalesce(item_name, '') || ' ' || quantity_text || ' × ' || unit_price_text as item,
       cast(total_yuan as decimal(38, 2)) as expected,
       cast(quantity * unit_price_yuan as decimal(38, 2)) as actual,
       cast(abs(quantity) * unit_price_rounding_yuan + total_rounding_yuan as decimal(38, 2)) as tolerance
from fct_procurement_lines
where row_kind = 'line' and quantity is not null and unit_price_yuan is not null and total_yuan is not null
