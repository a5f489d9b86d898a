-- One row per document × table × line × measure (× basis): every printed amount, in 元.
-- A view: each document's lines are int_budget_lines (rebuilt for the changed documents only); the role of the
-- document among the printings of its disclosure (int_document_identity, which looks across documents) is joined
-- when the view is read, so a build never rewrites every document's lines for a role that changed on a few.
{{ config(materialized='view') }}
select
    l.budget_line_id,
    l.document_id,
    l.department_code,
    l.department_name,
    l.fiscal_year,
    l.document_kind,
    i.disclosure_role,     -- current / duplicate / superseded: count a disclosure once with = 'current'
    l.table_id,
    l.table_kind,
    l.table_title,
    l.side,
    l.line_no,
    l.seq_text,
    l.code,
    l.classification,
    l.level,
    l.parent_code,
    l.item_name,
    l.line_type,
    l.measure,
    l.basis,
    l.column_label,
    l.amount_yuan,
    l.rounding_yuan,
    l.value_text,
    l.placed_by,
    l.unit,
    l.page,
    l.page_row,
    l.table_index,
    l.file_name
from {{ ref('int_budget_lines') }} l
left join {{ ref('int_document_identity') }} i on i.document_id = l.document_id
