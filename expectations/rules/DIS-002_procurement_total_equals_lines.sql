-- id: DIS-002
-- severity: error
-- confidence: confirmed
-- title: 政府采购预算 合计 = Σ 采购明细
-- description: A procurement table's 合计 row equals the sum of its item lines (金额 合计 column), 小计 rows left out.
-- title_zh: 政府采购预算合计等于各采购明细之和
-- description_zh: 政府采购预算表的合计行应等于各采购明细行之和（金额合计列，不含小计行）。
-- advice_zh: 核对合计行与各明细行；确认是否漏列明细或合计有误。
-- value_unit: money
-- asset: fct_procurement_lines
select t.document_id, t.table_id, t.page, t.page_row, '合计 = Σ 明细' as item,
       cast(t.total_yuan as decimal(38, 2)) as expected,
       cast(sum(l.total_yuan) as decimal(38, 2)) as actual,
       cast(t.total_rounding_yuan + sum(l.total_rounding_yuan) as decimal(38, 2)) as tolerance
from fct_procurement_lines t
join fct_procurement_lines l on l.table_id = t.table_id and l.row_kind = 'line' and l.total_yuan is not null
where t.row_kind = 'total' and t.total_yuan is not null
group by t.document_id, t.table_id, t.page, t.page_row, t.total_yuan, t.total_rounding_yuan
