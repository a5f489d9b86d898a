-- id: BUD-034
-- severity: warning
-- confidence: suspected
-- title: “三公” 公务接待费 / 公务用车运行维护费 = 基本支出表 30217 / 30231
-- description: Where both tables exist, the “三公” table's 公务接待费 equals line 30217 and its 公务用车运行维护费 equals line 30231 of the 基本支出表. A warning, not an error: “三公” spending may also come from project funds.
-- title_zh: “三公”经费表与基本支出表对应科目一致
-- description_zh: 两张表均有时，“三公”经费表的公务接待费应等于基本支出表 30217 公务接待费，公务用车运行维护费应等于 30231 公务用车运行维护费。仅为警告：“三公”经费也可能由项目支出安排。
-- advice_zh: 确认差额是否来自项目支出安排的“三公”经费；如不是，核对两张表的数字。
-- value_unit: money
-- asset: int_budget_line_measures
with three_public as (
    select document_id, table_id, page, basis,
        coalesce(max(reception), max(total) filter (where regexp_matches(item_key, '公务接待'))) as reception,
        coalesce(max(vehicle_operation), max(total) filter (where regexp_matches(item_key, '运行(维护)?费$') and not regexp_matches(item_key, '购置'))) as vehicle_operation,
        -- the printed row of each figure: the row holding the largest (the figure taken), as a column or a line; of
        -- rows printing the same largest figure, the first printed (ordered by (figure, -row): a plain arg_max picks
        -- any of them, and the finding named another row from one build to the next)
        coalesce(arg_max(page_row, (reception, -page_row)) filter (where reception is not null),
                 arg_max(page_row, (total, -page_row)) filter (where total is not null and regexp_matches(item_key, '公务接待'))) as reception_row,
        coalesce(arg_max(page_row, (vehicle_operation, -page_row)) filter (where vehicle_operation is not null),
                 arg_max(page_row, (total, -page_row)) filter (where total is not null and regexp_matches(item_key, '运行(维护)?费$') and not regexp_matches(item_key, '购置'))) as vehicle_operation_row,
        max(reception_rounding) + max(total_rounding) as rounding
    from int_budget_line_measures where table_kind = 'three_public' and not table_placement_inferred
    group by document_id, table_id, page, basis
),
three_public_doc as (
    select document_id, basis, min(table_id) as table_id, min(page) as page, max(reception) as reception,
           max(vehicle_operation) as vehicle_operation, max(rounding) as rounding,
           -- a row only where the 三公 figures come from one printed page of one table
           case when count(*) = 1 then max(reception_row) end as reception_row,
           case when count(*) = 1 then max(vehicle_operation_row) end as vehicle_operation_row
    from three_public group by all
),
basic_lines as (
    select document_id, basis, code, total, total_rounding, table_id, page, page_row
    from int_budget_line_measures
    where table_kind = 'general_budget_basic_expenditure' and not table_placement_inferred and code in ('30217', '30231') and total is not null
)
select t.document_id, t.table_id, t.page, t.reception_row as page_row, '公务接待费 (30217)' as item, b.total as expected,
       t.reception as actual, t.rounding + b.total_rounding as tolerance,
       b.table_id as other_table_id, b.page as other_page, b.page_row as other_page_row
from three_public_doc t join basic_lines b on b.document_id = t.document_id and b.basis = t.basis and b.code = '30217'
where t.reception is not null
union all
select t.document_id, t.table_id, t.page, t.vehicle_operation_row, '公务用车运行维护费 (30231)', b.total, t.vehicle_operation,
       t.rounding + b.total_rounding, b.table_id, b.page, b.page_row
from three_public_doc t join basic_lines b on b.document_id = t.document_id and b.basis = t.basis and b.code = '30231'
where t.vehicle_operation is not null
