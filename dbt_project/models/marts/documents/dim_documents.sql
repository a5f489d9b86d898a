-- One row per input file, whatever became of it: loaded with its tables, or quarantined with a reason.
with tables as (
    select
        document_id,
        max(department_code) as department_code,
        max(department_name) as department_name,
        mode(fiscal_year) as fiscal_year,
        max(document_kind) as document_kind,
        count(*) as budget_tables,
        count(*) filter (where is_empty) as empty_budget_tables,
        string_agg(distinct table_kind, ',' order by table_kind) as table_kinds
    from {{ ref('stg_budget_tables') }}
    group by document_id
)
select
    d.document_id,
    d.file_name,
    d.sha256,
    d.format,
    d.pages,
    d.status,
    d.reason_code,
    d.reason,
    i.department_code,
    i.department_name,
    i.department_source,
    i.fiscal_year,
    i.fiscal_year_source,
    i.document_kind,
    i.disclosure_key,
    i.disclosure_role,
    i.current_document_id,
    coalesce(t.budget_tables, 0) as budget_tables,
    coalesce(t.empty_budget_tables, 0) as empty_budget_tables,
    t.table_kinds
from {{ ref('stg_documents') }} d
left join tables t using (document_id)
left join {{ ref('int_document_identity') }} i using (document_id)
