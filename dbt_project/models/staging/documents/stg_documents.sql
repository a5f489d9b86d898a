select
    document_id,
    file_name,
    path,
    sha256,
    format,
    pages,
    text_chars,
    status,
    nullif(reason_code, '') as reason_code,
    nullif(reason, '') as reason,
    tables_found,
    tables_recognised,
    extractor_version
from {{ per_document(source('raw', 'documents')) }}
