-- id: DIS-010
-- severity: warning
-- confidence: confirmed
-- title: 资产总额 = 房屋 + 车辆 + 单价20万元以上设备 + 其他
-- description: The 价值 of 资产总额 equals the sum of the categories of the 固定资产占用情况表 (其中 lines are parts of a category and not added). A warning: templates may leave categories such as 土地 or 在建工程 unprinted; a difference says which.
-- title_zh: 资产总额等于各类资产之和
-- description_zh: 固定资产占用情况表中资产总额的价值，应等于房屋、车辆、单价 20 万元以上设备、其他等类别之和（其中项不重复相加）。仅为警告：模板可能未列土地、在建工程等类别，差额即未列类别的价值。
-- advice_zh: 确认差额是否为表中未列的资产类别；如不是，核对资产总额与各类资产价值。
-- value_unit: money
-- asset: fct_fixed_assets
select t.document_id, t.table_id, t.page, '资产总额 = 房屋 + 车辆 + 20万元以上设备 + 其他' as item, t.page_row,
       cast(t.value_yuan as decimal(38, 2)) as expected,
       cast(sum(c.value_yuan) as decimal(38, 2)) as actual,
       cast(t.value_rounding_yuan + sum(c.value_rounding_yuan) as decimal(38, 2)) as tolerance
from fct_fixed_assets t
join fct_fixed_assets c on c.table_id = t.table_id and c.category in ('buildings', 'vehicles', 'equipment_over_200k', 'other')
     and c.value_yuan is not null
where t.category = 'total' and t.value_yuan is not null
group by t.document_id, t.table_id, t.page, t.page_row, t.value_yuan, t.value_rounding_yuan
having count(*) >= 2
