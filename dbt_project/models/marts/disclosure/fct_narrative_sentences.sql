-- One row per narrative sentence that states a figure, leaves a template placeholder, declares a table
-- empty or states the 机关运行经费 convention, as the disclosure rules read it (DIS-021, DIS-031, DIS-032).
select
    sentence_id,
    document_id,
    page,
    sentence_no,
    section,
    sentence,
    has_reason,
    placeholder_text,
    declares_empty,
    convention
from {{ per_document(ref('stg_narrative_sentences')) }}
