-- One row per category of a 固定资产占用情况表: 数量 as printed (平方米, 台/辆, 件 …) and 价值 in 元.
select
    a.table_id || '-' || a.line_no as fixed_asset_id,
    a.document_id,
    a.table_id,
    t.table_title,
    a.line_no,
    a.item_text as item_name,
    a.category,
    nullif(regexp_extract(a.item_text, '[（(]([^）)]+)[）)]', 1), '') as quantity_unit,
    a.quantity,
    a.quantity_text,
    cast(a.value_figure * t.unit_multiplier as decimal(38, 2)) as value_yuan,
    cast(0.5 * pow(10, -a.value_decimals) * t.unit_multiplier as decimal(38, 6)) as value_rounding_yuan,
    a.value_text,
    t.unit,
    t.as_of_text,
    t.as_of_date,
    a.page,
    a.page_row,
    d.file_name
from {{ per_document(ref('stg_fixed_assets')) }} a
join {{ per_document(ref('stg_disclosure_tables')) }} t using (table_id)
join {{ per_document(ref('stg_documents')) }} d on d.document_id = a.document_id
