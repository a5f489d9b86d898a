-- id: DIS-003
-- severity: error
-- confidence: confirmed
-- title: 政府采购预算 单位小计 = Σ 其采购明细
-- description: Each unit 小计 row equals the sum of the item lines printed under it (or above it, where the table prints 小计 after its lines).
-- asset: fct_procurement_lines
select s.document_id, s.table_id, s.page, s.item_name as item,
       cast(s.total_yuan as decimal(38, 2)) as expected,
       cast(coalesce(sum(l.total_yuan), 0) as decimal(38, 2)) as actual,
       cast(s.total_rounding_yuan + coalesce(sum(l.total_rounding_yuan), 0) as decimal(38, 2)) as tolerance
from fct_procurement_lines s
left join fct_procurement_lines l on l.table_id = s.table_id and l.subtotal_line_no = s.line_no and l.row_kind = 'line'
where s.row_kind = 'subtotal' and s.total_yuan is not null
group by s.document_id, s.table_id, s.page, s.item_name, s.total_yuan, s.total_rounding_yuan
