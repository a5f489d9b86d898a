-- id: DIS-001
-- severity: error
-- confidence: confirmed
-- title: 政府采购预算 合计 = Σ 单位小计
-- description: Where a procurement table prints unit 小计 rows, its 合计 row equals their sum (金额 合计 column).
-- title_zh: 政府采购预算合计等于各单位小计之和
-- description_zh: 政府采购预算表列示单位小计行的，合计行应等于各单位小计之和（金额合计列）。
-- advice_zh: 核对合计行与各单位小计行；确认是否漏列单位或小计有误。
-- value_unit: money
-- asset: fct_procurement_lines
select t.document_id, t.table_id, t.page, t.page_row, '合计 = Σ 小计' as item,
       cast(t.total_yuan as decimal(38, 2)) as expected,
       cast(sum(s.total_yuan) as decimal(38, 2)) as actual,
       cast(t.total_rounding_yuan + sum(s.total_rounding_yuan) as decimal(38, 2)) as tolerance
from fct_procurement_lines t
join fct_procurement_lines s on s.table_id = t.table_id and s.row_kind = 'subtotal' and s.total_yuan is not null
where t.row_kind = 'total' and t.total_yuan is not null
group by t.document_id, t.table_id, t.page, t.page_row, t.total_yuan, t.total_rounding_yuan
