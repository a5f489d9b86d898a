-- id: TGT-005
-- severity: error
-- title: A target table's 合计 = Σ its projects; a spending unit's subtotal = Σ its projects
-- description: Where a target table prints a 合计 row (and subtotal rows per 资金使用单位), it equals the sum of the project amounts printed in the table (or under that unit). Tolerance is half a unit of the last printed decimal per added project. A total with no project read under it, or with a project whose amount was not read, is not checked.
-- asset: dim_projects
with projects as (
    select table_id, group_name, amount_yuan, amount_text from dim_projects
),
sums as (
    select t.document_id, t.table_id, t.page, t.label, t.total_kind, t.amount_yuan, t.amount_decimals, t.unit_multiplier,
           (select sum(p.amount_yuan) from projects p
             where p.table_id = t.table_id and (t.total_kind = 'table' or p.group_name = t.label)) as projects_yuan,
           (select count(*) from projects p
             where p.table_id = t.table_id and (t.total_kind = 'table' or p.group_name = t.label)) as projects,
           (select count(*) from projects p
             where p.table_id = t.table_id and (t.total_kind = 'table' or p.group_name = t.label)
               and p.amount_yuan is null) as projects_without_amount
    from stg_target_totals t
    where t.amount_yuan is not null
)
select document_id, table_id, page,
       label || case when total_kind = 'table' then ' (合计)' else ' (subtotal)' end as item,
       amount_yuan as expected,
       coalesce(projects_yuan, 0) as actual,
       cast(0.5 * power(10, -amount_decimals) * unit_multiplier * (projects + 1) as decimal(38, 6)) as tolerance
from sums
where projects > 0 and projects_without_amount = 0   -- a total with no project read under it, or a project whose amount we did not read: not checkable
