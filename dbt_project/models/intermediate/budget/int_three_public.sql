-- fct_three_public but its disclosure_role, per document (incremental by document, see dbt_project.yml): each
-- document's rows from its own rows alone; fct_three_public, a view, joins the role (which looks across documents)
-- when it is read.
-- “三公”经费 in one shape: one row per document × part × basis, whichever shape the document printed
-- (parts as rows of the table, parts as columns, or a “三公” 小计 column beside a 合计 that includes
-- 会议费 and 培训费). A part printed blank is 0 (blank_printed = true); a part not printed has no row.
-- part: three_public_total (“三公”经费合计, without 会议费/培训费), outbound_travel (因公出国（境）费),
-- vehicles (公务用车购置及运行维护费), vehicle_purchase, vehicle_operation, reception (公务接待费),
-- meetings (会议费), training (培训费), total_with_meetings_training (a 合计 that also counts 会议费 and 培训费).
with lines as (
    select * from {{ per_document(ref('int_budget_line_measures')) }} where table_kind = 'three_public'
),
row_tables as (
    select table_id, bool_or(regexp_matches(item_key, '会议费|培训费')) as prints_meetings_or_training
    from lines group by table_id
),
by_row as (
    -- parts printed as rows: each row's 合计 column
    select l.document_id, l.table_id, l.basis, l.page, l.page_row, l.item_name as printed_name,
        case
            when regexp_matches(l.item_key, '三公') then 'three_public_total'
            when l.line_type = 'total' and r.prints_meetings_or_training then 'total_with_meetings_training'
            when l.line_type = 'total' then 'three_public_total'
            when regexp_matches(l.item_key, '因公出国') and not regexp_matches(l.item_key, '教学科研|其他因公') then 'outbound_travel'
            when regexp_matches(l.item_key, '公务用车购置及运|公务用车购置和运') then 'vehicles'
            when regexp_matches(l.item_key, '购置费$') and not regexp_matches(l.item_key, '及运') then 'vehicle_purchase'
            when regexp_matches(l.item_key, '运行(维护)?费$') and not regexp_matches(l.item_key, '购置') then 'vehicle_operation'
            when regexp_matches(l.item_key, '公务接待') then 'reception'
            when regexp_matches(l.item_key, '会议费') then 'meetings'
            when regexp_matches(l.item_key, '培训费') then 'training'
        end as part,
        l.total as amount, l.total_rounding as rounding
    from lines l join row_tables r using (table_id)
    where not list_contains(l.table_measures, 'outbound_travel') and list_contains(l.table_measures, 'total')
),
column_lines as (
    select *,
        three_public_subtotal is not null
          or ((meetings is not null or training is not null)
              and total = coalesce(outbound_travel, 0) + coalesce(vehicles, coalesce(vehicle_purchase, 0) + coalesce(vehicle_operation, 0))
                          + coalesce(reception, 0) + coalesce(meetings, 0) + coalesce(training, 0)) as total_counts_meetings
    from lines
    where list_contains(table_measures, 'outbound_travel')
),
by_column as (
    -- parts printed as columns: one value per measure of the line
    select document_id, table_id, basis, page, page_row, item_name as printed_name, part, amount, rounding
    from column_lines,
    lateral (values
        ('three_public_total', coalesce(three_public_subtotal, case when not total_counts_meetings then total end),
         case when three_public_subtotal is not null then three_public_subtotal_rounding else total_rounding end,
         list_contains(table_measures, 'three_public_subtotal') or (list_contains(table_measures, 'total') and not total_counts_meetings)),
        ('total_with_meetings_training', case when total_counts_meetings then total end, total_rounding,
         list_contains(table_measures, 'total') and total_counts_meetings),
        ('outbound_travel', outbound_travel, outbound_travel_rounding, list_contains(table_measures, 'outbound_travel')),
        ('vehicles', vehicles, vehicles_rounding, list_contains(table_measures, 'vehicles')),
        ('vehicle_purchase', vehicle_purchase, vehicle_purchase_rounding, list_contains(table_measures, 'vehicle_purchase')),
        ('vehicle_operation', vehicle_operation, vehicle_operation_rounding, list_contains(table_measures, 'vehicle_operation')),
        ('reception', reception, reception_rounding, list_contains(table_measures, 'reception')),
        ('meetings', meetings, meetings_rounding, list_contains(table_measures, 'meetings')),
        ('training', training, training_rounding, list_contains(table_measures, 'training'))
    ) as p(part, amount, rounding, printed)
    where p.printed
),
parts as (
    select *, 'rows' as printed_shape from by_row where part is not null
    union all
    select *, 'columns' as printed_shape from by_column
)
select
    p.table_id || '-' || p.basis || '-' || p.part || coalesce('-' || p.page_row, '') as three_public_id,
    p.document_id,
    d.file_name,
    f.department_code,
    f.department_name,
    f.fiscal_year,
    f.document_kind,
    p.table_id,
    p.basis,
    p.part,
    case p.part when 'three_public_total' then '“三公”经费合计' when 'outbound_travel' then '因公出国（境）费'
                when 'vehicles' then '公务用车购置及运行维护费' when 'vehicle_purchase' then '公务用车购置费'
                when 'vehicle_operation' then '公务用车运行维护费' when 'reception' then '公务接待费'
                when 'meetings' then '会议费' when 'training' then '培训费'
                when 'total_with_meetings_training' then '合计（含会议费、培训费）' end as part_name,
    p.printed_name,
    p.printed_shape,
    cast(coalesce(p.amount, 0) as decimal(38, 2)) as amount_yuan,
    p.amount is null as blank_printed,
    p.rounding as rounding_yuan,
    p.page,
    p.page_row
from parts p
-- dim_documents' columns, from what it reads of them (one row per stg_documents row; the department and year of
-- int_document_identity, which are int_document_facts')
join {{ per_document(ref('stg_documents')) }} d using (document_id)
left join {{ per_document(ref('int_document_facts')) }} f using (document_id)
