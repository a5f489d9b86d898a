-- fct_budget_lines but its disclosure_role: one row per document × table × line × measure (× basis), every printed
-- amount in 元, from the document's own rows alone (incremental by document, see dbt_project.yml). The role of a
-- document among the printings of its disclosure looks across documents: fct_budget_lines, a view, joins it at read
-- time, so adding a document rebuilds its own lines only, not every document's.
with documents as (
    select
        document_id,
        max(department_code) as department_code,
        max(department_name) as department_name,
        mode(fiscal_year) as fiscal_year,
        max(document_kind) as document_kind
    from {{ per_document(ref('stg_budget_tables')) }}
    group by document_id
)
select
    c.table_id || '-' || c.line_no || '-' || c.column_no as budget_line_id,
    c.document_id,
    d.department_code,
    d.department_name,
    d.fiscal_year,
    d.document_kind,
    c.table_id,
    c.table_kind,
    t.table_title,
    c.side,
    c.line_no,
    c.seq_text,
    c.code,
    c.classification,
    c.level,
    c.parent_code,
    c.item_name,
    c.line_type,
    c.measure,
    c.basis,
    c.column_label,
    c.amount_yuan,
    c.rounding_yuan,
    c.value_text,
    c.placed_by,
    c.unit,
    c.page,
    c.page_row,
    c.table_index,
    doc.file_name
from {{ per_document(ref('int_budget_cells')) }} c
join {{ per_document(ref('stg_budget_tables')) }} t using (table_id)
join documents d on d.document_id = c.document_id
join {{ per_document(ref('stg_documents')) }} doc on doc.document_id = c.document_id
where c.amount_yuan is not null
