-- id: BUD-020
-- severity: error
-- confidence: confirmed
-- title: “三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费
-- description: The “三公” total equals its three parts, and 公务用车购置及运行维护费 equals 购置费 + 运行维护费, whether the table lists the parts as rows or as columns. Where the table also prints 会议费 and 培训费, a leading 合计 may include them (江苏, 西安 templates): then the “三公” 小计 is compared with the parts, and the 合计 with 小计 + 会议费 + 培训费. A blank total is not checked (blank parts add nothing, but one part must be printed), nor is a table with an unmapped amount column.
-- title_zh: “三公”经费合计等于各分项之和
-- description_zh: “三公”经费合计应等于因公出国（境）费、公务用车购置及运行维护费、公务接待费之和；公务用车购置及运行维护费应等于购置费与运行维护费之和（分项按行或按列列示均可）。表中另列会议费、培训费且合计包含二者的，以“三公”小计与分项比较，以合计与小计加会议费、培训费比较。
-- advice_zh: 核对“三公”经费表的合计与各分项；确认公务用车购置费、运行维护费是否都已计入，会议费、培训费是否误计入“三公”合计。
-- value_unit: money
-- asset: int_budget_line_measures
with by_row as (
    -- parts printed as rows: take each row's total column
    select document_id, table_id, basis, min(page) as page,
        -- the 合计 row, when it is printed on the page the finding names
        case when min(page) filter (where line_type = 'total') = min(page)
             then arg_min(page_row, (page, page_row)) filter (where line_type = 'total') end as page_row,
        case when min(page) filter (where regexp_matches(item_key, '公务用车购置及运|公务用车购置和运')) = min(page)
             then arg_min(page_row, (page, page_row)) filter (where regexp_matches(item_key, '公务用车购置及运|公务用车购置和运')) end
          as vehicles_page_row,
        max(total) filter (where line_type = 'total') as total,
        max(total) filter (where regexp_matches(item_key, '因公出国') and not regexp_matches(item_key, '教学科研|其他因公')) as outbound_travel,
        max(total) filter (where regexp_matches(item_key, '公务用车购置及运|公务用车购置和运')) as vehicles,
        max(total) filter (where regexp_matches(item_key, '购置费$') and not regexp_matches(item_key, '及运')) as vehicle_purchase,
        max(total) filter (where regexp_matches(item_key, '运行(维护)?费$') and not regexp_matches(item_key, '购置')) as vehicle_operation,
        max(total) filter (where regexp_matches(item_key, '公务接待')) as reception,
        sum(total_rounding) as rounding
    from int_budget_line_measures
    where table_kind = 'three_public' and not list_contains(table_measures, 'outbound_travel')
    group by all
    having not bool_or(has_unparsed)   -- a row unreadable or unplaced: its part is not known
),
by_column as (
    -- parts printed as columns: one line per basis
    select document_id, table_id, basis, page, page_row, page_row as vehicles_page_row,
           coalesce(three_public_subtotal, case
               when total = coalesce(outbound_travel, 0) + coalesce(vehicles, coalesce(vehicle_purchase, 0) + coalesce(vehicle_operation, 0))
                            + coalesce(reception, 0) + coalesce(meetings, 0) + coalesce(training, 0)
                    and (meetings is not null or training is not null)
               then total - coalesce(meetings, 0) - coalesce(training, 0)   -- this 合计 includes 会议费 and 培训费
               else total end) as total,
           outbound_travel, vehicles, vehicle_purchase, vehicle_operation, reception,
           total_rounding + three_public_subtotal_rounding + outbound_travel_rounding + vehicles_rounding + vehicle_purchase_rounding
             + vehicle_operation_rounding + reception_rounding + meetings_rounding + training_rounding as rounding
    from int_budget_line_measures
    where table_kind = 'three_public' and list_contains(table_measures, 'outbound_travel')
      and not list_contains(table_measures, 'unmapped')
      and (total is not null or three_public_subtotal is not null or outbound_travel is not null or reception is not null)
),
parts as (select * from by_row union all select * from by_column)
select document_id, table_id, page, page_row, '“三公”经费合计' as item, coalesce(total, 0) as expected,
       coalesce(outbound_travel, 0) + coalesce(vehicles, coalesce(vehicle_purchase, 0) + coalesce(vehicle_operation, 0)) + coalesce(reception, 0) as actual,
       rounding as tolerance
from parts
where total is not null
  and (outbound_travel is not null or vehicles is not null or vehicle_purchase is not null or vehicle_operation is not null
       or reception is not null)
union all
select document_id, table_id, page, vehicles_page_row, '公务用车购置及运行维护费' as item, coalesce(vehicles, 0) as expected,
       coalesce(vehicle_purchase, 0) + coalesce(vehicle_operation, 0) as actual, rounding as tolerance
from parts
where vehicles is not null and (vehicle_purchase is not null or vehicle_operation is not null)
