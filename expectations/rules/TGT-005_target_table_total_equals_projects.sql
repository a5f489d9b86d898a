-- id: TGT-005
-- severity: error
-- confidence: confirmed
-- title: A target table's 合计 = Σ its projects; a spending unit's subtotal = Σ its projects
-- description: Where a target table prints a 合计 row (and subtotal rows per 资金使用单位), it equals the sum of the project amounts printed in the table (or under that unit). Tolerance is half a unit of the last printed decimal per added project. Which rows are unit subtotals is read from the table (a row with amounts but no 绩效目标), so an item is confirmed only where the table agrees with that reading (no subtotals, or Σ subtotals = Σ projects for the 合计; 合计 = Σ subtotals for a subtotal); otherwise suspected. A total with no project read under it, or with a project whose amount was not read, is not checked.
-- title_zh: 绩效目标表合计等于各项目之和
-- description_zh: 绩效目标表列示合计行（及资金使用单位小计行）的，合计应等于表中（或该单位下）各项目金额之和，容差为每个项目末位的半个单位。
-- advice_zh: 核对合计（小计）与各项目金额；确认是否漏列项目。
-- value_unit: money
-- asset: dim_projects
with projects as (
    select table_id, group_name, amount_yuan, amount_text from dim_projects
),
sums as (
    select t.document_id, t.table_id, t.page, t.table_index, t.page_row, t.label, t.total_kind, t.amount_yuan, t.amount_decimals, t.unit_multiplier,
           (select sum(p.amount_yuan) from projects p
             where p.table_id = t.table_id and (t.total_kind = 'table' or p.group_name = t.label)) as projects_yuan,
           (select count(*) from projects p
             where p.table_id = t.table_id and (t.total_kind = 'table' or p.group_name = t.label)) as projects,
           (select count(*) from projects p
             where p.table_id = t.table_id and (t.total_kind = 'table' or p.group_name = t.label)
               and p.amount_yuan is null) as projects_without_amount
    from int_target_totals t
    where t.amount_yuan is not null
),
-- does the table bear out our reading of its subtotal rows?
tables as (
    select table_id,
           count(*) filter (where total_kind = 'group') as subtotals,
           sum(amount_yuan) filter (where total_kind = 'group') as subtotals_yuan,
           sum(0.5 * power(10, -amount_decimals) * unit_multiplier) as half_units,
           max(amount_yuan) filter (where total_kind = 'table') as table_total_yuan,
           (select sum(p.amount_yuan) from projects p where p.table_id = s.table_id) as projects_yuan,
           (select count(*) from projects p where p.table_id = s.table_id) as projects
    from sums s group by table_id
)
select s.document_id, s.table_id, s.page, s.table_index, s.page_row,
       s.label || case when s.total_kind = 'table' then ' (合计)' else ' (小计)' end as item,
       s.amount_yuan as expected,
       coalesce(s.projects_yuan, 0) as actual,
       cast(0.5 * power(10, -s.amount_decimals) * s.unit_multiplier * (s.projects + 1) as decimal(38, 6)) as tolerance,
       case
           when s.total_kind = 'table' and (t.subtotals = 0 or abs(t.subtotals_yuan - t.projects_yuan)
                <= t.half_units + 0.5 * power(10, -s.amount_decimals) * s.unit_multiplier * t.projects) then 'confirmed'
           when s.total_kind = 'group' and abs(t.table_total_yuan - t.subtotals_yuan) <= t.half_units then 'confirmed'
           else 'suspected'
       end as confidence
from sums s join tables t using (table_id)
-- a total with no project read under it, or a project whose amount we did not read: not checkable
where s.projects > 0 and s.projects_without_amount = 0
