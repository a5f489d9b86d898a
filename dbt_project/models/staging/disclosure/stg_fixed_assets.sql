-- One row per body row of a fixed-asset table: category, 数量 and 价值 (in the table's unit).
with rows as (
    select
        table_id,
        line_no,
        any_value(document_id) as document_id,
        min(page) as page,
        min(page_row) as page_row,
        arg_min(value_text, column_no) filter (where field = 'item_name') as item_text,
        arg_min(value_text, column_no) filter (where field = 'quantity') as quantity_text,
        arg_min(value_text, column_no) filter (where field = 'value') as value_text
    from {{ per_document(source('raw_disclosure', 'fixed_asset_cells')) }}
    group by table_id, line_no
)
select
    *,
    regexp_replace(item_text, '\s+', '', 'g') as item_key,
    -- 资产总额 is the total; 其中 lines are parts of the category above them, not categories.
    case
        when regexp_matches(regexp_replace(item_text, '\s+', '', 'g'), '^(资产总额|固定资产总额|合计|总计|资产总计)') then 'total'
        when regexp_matches(regexp_replace(item_text, '\s+', '', 'g'), '^其中') and regexp_matches(item_text, '办公用房') then 'office_space'
        when regexp_matches(regexp_replace(item_text, '\s+', '', 'g'), '^其中') then 'of_which'
        when regexp_matches(item_text, '房屋|房产|土地') then 'buildings'
        when regexp_matches(item_text, '车辆|汽车') then 'vehicles'
        when regexp_matches(item_text, '20\s*万元?以上|单价.*以上.*设备|大型设备') then 'equipment_over_200k'
        when regexp_matches(item_text, '其他') then 'other'
        else 'unmapped'
    end as category,
    {{ parse_figure('quantity_text') }} as quantity,
    {{ parse_figure('value_text') }} as value_figure,
    {{ printed_decimals('value_text') }} as value_decimals
from rows
