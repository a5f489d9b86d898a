-- Every procurement, fixed-asset and unit table, typed: one row each, with its unit.
with tables as (
    select *, 'procurement' as table_kind from {{ per_document(source('raw_disclosure', 'procurement_tables')) }}
    union all
    select *, 'fixed_assets' as table_kind from {{ per_document(source('raw_disclosure', 'fixed_asset_tables')) }}
    union all
    select *, 'units' as table_kind from {{ per_document(source('raw_disclosure', 'unit_tables')) }}
)
select
    table_id,
    document_id,
    form,
    table_kind,
    title as table_title,
    coalesce(nullif(unit, ''), '元') as unit,
    nullif(unit, '') is null as unit_assumed,
    {{ unit_multiplier("coalesce(nullif(unit, ''), '元')") }} as unit_multiplier,
    first_page,
    last_page,
    pages,
    body_rows,
    is_empty,
    nullif(note, '') as note,
    nullif(department_name, '') as department_name,
    nullif(as_of_text, '') as as_of_text,
    try_cast(regexp_replace(regexp_replace(as_of_text, '[年月./]', '-', 'g'), '日', '') as date) as as_of_date,
    column_labels_json,
    column_fields_json,
    strategy
from tables
