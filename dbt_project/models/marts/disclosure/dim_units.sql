-- One row per unit of a department as listed in its 机构设置 table.
select
    u.table_id || '-' || u.line_no as unit_id,
    u.document_id,
    u.table_id,
    u.line_no,
    u.seq_text,
    u.unit_name,
    u.unit_nature,
    u.unit_rank,
    u.funding_form,
    u.staff_quota_text,
    u.unmapped_text,
    u.page,
    u.page_row,
    d.file_name
from {{ per_document(ref('stg_units')) }} u
join {{ per_document(ref('stg_documents')) }} d on d.document_id = u.document_id
where u.unit_name is not null
