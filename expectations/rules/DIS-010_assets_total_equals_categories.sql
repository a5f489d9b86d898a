-- id: DIS-010
-- severity: warning
-- confidence: confirmed
-- title: 资产总额 = 房屋 + 车辆 + 单价20万元以上设备 + 其他
-- description: The 价值 of 资产总额 equals the sum of the categories of the 固定资产占用情况表 (其中 lines are parts of a category and not added). A warning: templates may leave categories such as 土地 or 在建工程 unprinted; a difference says which.
-- asset: fct_fixed_assets
select t.document_id, t.table_id, t.page, '资产总额 = Σ categories' as item,
       cast(t.value_yuan as decimal(38, 2)) as expected,
       cast(sum(c.value_yuan) as decimal(38, 2)) as actual,
       cast(t.value_rounding_yuan + sum(c.value_rounding_yuan) as decimal(38, 2)) as tolerance
from fct_fixed_assets t
join fct_fixed_assets c on c.table_id = t.table_id and c.category in ('buildings', 'vehicles', 'equipment_over_200k', 'other')
     and c.value_yuan is not null
where t.category = 'total' and t.value_yuan is not null
group by t.document_id, t.table_id, t.page, t.value_yuan, t.value_rounding_yuan
having count(*) >= 2
