-- “三公”经费 in one shape: one row per document × part × basis, whichever shape the document printed
-- (parts as rows of the table, parts as columns, or a “三公” 小计 column beside a 合计 that includes
-- 会议费 and 培训费). A part printed blank is 0 (blank_printed = true); a part not printed has no row.
-- part: three_public_total (“三公”经费合计, without 会议费/培训费), outbound_travel (因公出国（境）费),
-- vehicles (公务用车购置及运行维护费), vehicle_purchase, vehicle_operation, reception (公务接待费),
-- meetings (会议费), training (培训费), total_with_meetings_training (a 合计 that also counts 会议费 and 培训费).
-- A view: each document's rows are int_three_public (rebuilt for the changed documents only); the document's role
-- among the printings of its disclosure (int_document_identity, which looks across documents, as dim_documents)
-- is joined when the view is read.
{{ config(materialized='view') }}
select
    p.three_public_id,
    p.document_id,
    p.file_name,
    p.department_code,
    p.department_name,
    p.fiscal_year,
    p.document_kind,
    i.disclosure_role,
    p.table_id,
    p.basis,
    p.part,
    p.part_name,
    p.printed_name,
    p.printed_shape,
    p.amount_yuan,
    p.blank_printed,
    p.rounding_yuan,
    p.page,
    p.page_row
from {{ ref('int_three_public') }} p
left join {{ ref('int_document_identity') }} i on i.document_id = p.document_id
