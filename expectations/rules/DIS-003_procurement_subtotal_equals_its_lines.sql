-- id: DIS-003
-- severity: error
-- confidence: confirmed
-- title: 政府采购预算 单位小计 = Σ 其采购明细
-- description: Each unit 小计 row equals the sum of the item lines printed under it (or above it, where the table prints 小计 after its lines).
-- title_zh: 单位小计等于其采购明细之和
-- description_zh: 每个单位小计行应等于其下方（或小计列于明细之后时其上方）各采购明细行之和。
-- advice_zh: 核对该小计与所属明细行的金额。
-- value_unit: money
-- asset: fct_procurement_lines
select s.document_id, s.table_id, s.page, s.page_row, s.item_name as item,
       cast(s.total_yuan as decimal(38, 2)) as expected,
       cast(coalesce(sum(l.total_yuan), 0) as decimal(38, 2)) as actual,
       cast(s.total_rounding_yuan + coalesce(sum(l.total_rounding_yuan), 0) as decimal(38, 2)) as tolerance
from fct_procurement_lines s
left join fct_procurement_lines l on l.table_id = s.table_id and l.subtotal_line_no = s.line_no and l.row_kind = 'line'
where s.row_kind = 'subtotal' and s.total_yuan is not null
group by s.document_id, s.table_id, s.page, s.page_row, s.item_name, s.total_yuan, s.total_rounding_yuan
