-- Who published a document, for which year, and which printing of a disclosure it is: what the document states
-- (int_document_facts) and its place among the documents of its disclosure, the one step that looks across documents.
-- A disclosure is department × fiscal year × 预算/决算. Among its documents, `current` is the most complete
-- (most recognised tables, then PDF before XLSX, DOCX and text, then document id); a document whose
-- budget figures are exactly the current one's is a `duplicate` (the same content in another format);
-- one whose figures differ is `superseded` (another printing: check which is right).
with ranked as (
    select *,
        first_value(document_id) over w as current_document_id,
        first_value(budget_fingerprint) over w as current_fingerprint
    from {{ ref('int_document_facts') }}
    window w as (partition by disclosure_key
                 order by recognised_tables desc,
                          case format when 'pdf' then 0 when 'xlsx' then 1 when 'docx' then 2 else 3 end asc,
                          document_id asc)
)
select
    document_id, department_code, department_name, department_source, fiscal_year, fiscal_year_source,
    document_kind, disclosure_key, budget_fingerprint, budget_figures, recognised_tables,
    case when disclosure_key is null then null
         when document_id = current_document_id then 'current'
         when budget_fingerprint = current_fingerprint then 'duplicate'
         else 'superseded' end as disclosure_role,
    case when disclosure_key is not null then current_document_id end as current_document_id
from ranked
