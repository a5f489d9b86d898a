-- One row per body row of a procurement table: its cells pivoted by field, figures as exact
-- DECIMALs in the table's unit (converted to 元 in the mart). A column mapped twice to one
-- field (a name split over two columns) keeps its leftmost cell.
with cells as (
    select * from {{ source('raw_disclosure', 'procurement_cells') }}
),
rows as (
    select
        table_id,
        line_no,
        any_value(document_id) as document_id,
        min(page) as page,
        min(page_row) as page_row,
        arg_min(value_text, column_no) as first_text,
        {% for field in ['seq', 'project_name', 'project_budget', 'item_name', 'catalogue_code', 'measure_unit',
                         'quantity', 'unit_price', 'total', 'general_budget', 'government_fund', 'state_capital',
                         'special_account', 'unit_funds', 'fiscal_carryover', 'non_fiscal_carryover', 'fiscal_grant',
                         'sme_reserved', 'purchase_method', 'unit_name'] %}
        arg_min(value_text, column_no) filter (where field = '{{ field }}') as {{ field }}_text,
        {% endfor %}
        string_agg(column_label || '=' || value_text, '; ' order by column_no) filter (where field = 'unmapped') as unmapped_text
    from cells
    group by table_id, line_no
)
select
    *,
    regexp_replace(first_text, '\s+', '', 'g') as label_key,
    case
        when regexp_full_match(regexp_replace(first_text, '\s+', '', 'g'), '(合计|总计|采购合计|政府采购合计)') then 'total'
        when regexp_matches(regexp_replace(first_text, '\s+', '', 'g'), '小计$') then 'subtotal'
        else 'line'
    end as row_kind,
    {% for field in ['project_budget', 'unit_price', 'total', 'general_budget', 'government_fund', 'state_capital',
                     'special_account', 'unit_funds', 'fiscal_carryover', 'non_fiscal_carryover', 'fiscal_grant',
                     'sme_reserved'] %}
    {{ parse_figure(field ~ '_text') }} as {{ field }}_figure,
    {{ printed_decimals(field ~ '_text') }} as {{ field }}_decimals,
    {% endfor %}
    {{ parse_figure('quantity_text') }} as quantity
from rows
