-- One row per body row of a procurement table: its cells pivoted by field, figures as exact
-- DECIMALs in the table's unit (converted to 元 in the mart). A text field printed in two columns
-- keeps its leftmost cell; an amount field several columns map to (事业收入 and 其他收入 are both
-- 单位资金) is their sum.
{% set text_fields = ['seq', 'project_code', 'function_code', 'function_name', 'economic_class', 'category',
                      'project_name', 'item_name', 'catalogue_code', 'measure_unit', 'quantity', 'unit_price',
                      'total', 'project_budget', 'purchase_method', 'unit_name'] %}
{% set amount_fields = ['project_budget', 'unit_price', 'total', 'general_budget', 'government_fund', 'state_capital',
                        'special_account', 'unit_funds', 'fiscal_carryover', 'non_fiscal_carryover', 'fiscal_grant',
                        'sme_reserved'] %}
with cells as (
    select c.*, {{ parse_figure('c.value_text') }} as figure, {{ printed_decimals('c.value_text') }} as decimals
    from {{ per_document(source('raw_disclosure', 'procurement_cells')) }} c
),
rows as (
    select
        table_id,
        line_no,
        any_value(document_id) as document_id,
        min(page) as page,
        min(page_row) as page_row,
        arg_min(value_text, column_no) as first_text,
        max(column_no) filter (where field = 'function_code') as code_column,
        {% for field in text_fields %}
        arg_min(value_text, column_no) filter (where field = '{{ field }}') as {{ field }}_text,
        {% endfor %}
        {% for field in amount_fields %}
        sum(figure) filter (where field = '{{ field }}') as {{ field }}_figure,
        max(decimals) filter (where field = '{{ field }}' and figure is not null) as {{ field }}_decimals,
        count(figure) filter (where field = '{{ field }}') as {{ field }}_count,
        {% endfor %}
        string_agg(column_label || '=' || value_text, '; ' order by column_no) filter (where field = 'unmapped') as unmapped_text
    from cells
    group by table_id, line_no
),
tables as (
    select table_id,
           bool_or(item_name_text is not null) as has_items,
           max(code_column) as leaf_code_column
    from rows group by table_id
)
select
    r.*,
    regexp_replace(r.first_text, '\s+', '', 'g') as label_key,
    -- total: the 合计 row; subtotal: a unit's …小计; group: a row that heads others (a category
    -- 一、货物, a project over its items, a 类/款 function code over its 项); line: one purchase.
    case
        when regexp_full_match(regexp_replace(r.first_text, '\s+', '', 'g'), '(合计|总计|采购合计|政府采购合计)') then 'total'
        when regexp_matches(regexp_replace(r.first_text, '\s+', '', 'g'), '小计$') then 'subtotal'
        when t.has_items and r.item_name_text is null then 'group'
        when t.leaf_code_column is not null and coalesce(r.code_column, 0) < t.leaf_code_column then 'group'
        else 'line'
    end as row_kind,
    {{ parse_figure('r.quantity_text') }} as quantity
from rows r join tables t using (table_id)
