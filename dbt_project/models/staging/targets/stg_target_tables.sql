-- One row per recognised target table, typed.
select
    table_id,
    document_id,
    case when scope = 'department' then 'department_targets' else 'project_targets' end as table_kind,
    layout,
    scope,
    title as table_title,
    nullif(unit_text, '') as unit,
    first_page,
    last_page,
    pages,
    nullif(department_name, '') as department_name,
    try_cast(nullif(fiscal_year_text, '') as integer) as fiscal_year,
    projects,
    indicator_rows,
    header_json,
    nullif(trim(unread_columns), '') as unread_columns,
    strategy
from {{ per_document(source('raw_targets', 'target_tables')) }}
