-- One row per project of a score list (项目名称 | 自评分数) printed in a 决算 document's text.
select
    document_id,
    table_id,
    line_no,
    page,
    table_index,
    page_row,
    nullif(trim(project_text), '') as project_name,
    nullif(trim(score_text), '') as score_text,
    {{ parse_figure('score_text') }} as score,
    cast(0.5 * pow(10, -{{ printed_decimals('score_text') }}) as decimal(38, 6)) as score_rounding
from {{ per_document(source('raw_evaluations', 'evaluation_scores')) }}
