-- One row per recognised budget table, typed. The unit is the one printed on the table, or
-- the one printed last before it in the same document (units can differ between tables).
select
    table_id,
    document_id,
    table_kind,
    title as table_title,
    document_kind,
    coalesce(nullif(unit, ''), '元') as unit,
    nullif(unit, '') is null as unit_assumed,
    {{ unit_multiplier("coalesce(nullif(unit, ''), '元')") }} as unit_multiplier,
    first_page,
    last_page,
    pages,
    body_rows,
    is_empty,
    nullif(note, '') as note,
    nullif(department_code, '') as department_code,
    nullif(department_name, '') as department_name,
    try_cast(nullif(fiscal_year_text, '') as integer) as fiscal_year,
    column_labels_json,
    strategy
from {{ per_document(source('raw', 'budget_tables')) }}
