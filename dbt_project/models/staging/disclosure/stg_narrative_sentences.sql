select
    sentence_id,
    document_id,
    page,
    sentence_no,
    nullif(section, '') as section,
    sentence,
    nullif(has_reason, '') as has_reason,
    nullif(placeholder_text, '') as placeholder_text,
    nullif(declares_empty, '') as declares_empty,
    nullif(convention, '') as convention
from {{ per_document(source('raw_disclosure', 'narrative_sentences')) }}
