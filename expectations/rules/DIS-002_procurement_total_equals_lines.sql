-- id: DIS-002
-- severity: error
-- confidence: confirmed
-- title: 政府采购预算 合计 = Σ 采购明细
-- description: A procurement table's 合计 row equals the sum of its item lines (金额 合计 column), 小计 rows left out.
-- asset: fct_procurement_lines
select t.document_id, t.table_id, t.page, '合计 = Σ lines' as item,
       cast(t.total_yuan as decimal(38, 2)) as expected,
       cast(sum(l.total_yuan) as decimal(38, 2)) as actual,
       cast(t.total_rounding_yuan + sum(l.total_rounding_yuan) as decimal(38, 2)) as tolerance
from fct_procurement_lines t
join fct_procurement_lines l on l.table_id = t.table_id and l.row_kind = 'line' and l.total_yuan is not null
where t.row_kind = 'total' and t.total_yuan is not null
group by t.document_id, t.table_id, t.page, t.total_yuan, t.total_rounding_yuan
