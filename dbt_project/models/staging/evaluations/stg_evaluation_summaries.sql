-- One row per statement of a 决算 document's text about its self-evaluations: how many projects,
-- the amount they cover (in 元) and their average score, as stated.
select
    document_id,
    summary_id,
    page,
    text as statement,
    try_cast(nullif(projects_text, '') as integer) as projects_stated,
    {{ parse_figure('amount_text') }} * {{ unit_multiplier("coalesce(nullif(unit, ''), '万元')") }} as amount_stated_yuan,
    {{ parse_figure('average_score_text') }} as average_score_stated
from {{ per_document(source('raw_evaluations', 'evaluation_summaries')) }}
