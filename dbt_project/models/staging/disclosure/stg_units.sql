-- One row per unit listed in a 机构设置 table.
select
    table_id,
    line_no,
    any_value(document_id) as document_id,
    min(page) as page,
    min(page_row) as page_row,
    arg_min(value_text, column_no) filter (where field = 'seq') as seq_text,
    arg_min(value_text, column_no) filter (where field = 'unit_name') as unit_name,
    arg_min(value_text, column_no) filter (where field = 'unit_nature') as unit_nature,
    arg_min(value_text, column_no) filter (where field = 'unit_rank') as unit_rank,
    arg_min(value_text, column_no) filter (where field = 'funding_form') as funding_form,
    arg_min(value_text, column_no) filter (where field = 'staff_quota') as staff_quota_text,
    string_agg(column_label || '=' || value_text, '; ' order by column_no) filter (where field = 'unmapped') as unmapped_text
from {{ per_document(source('raw_disclosure', 'unit_cells')) }}
group by table_id, line_no
