-- One row per recognised self-evaluation form or score list, typed. Amounts of these forms are
-- printed in 万元 (the funds block says so); the stated 总分 keeps the half-unit of its last
-- printed digit, the rounding envelope of the Σ identities.
select
    table_id,
    document_id,
    table_kind,
    title as table_title,
    coalesce(nullif(unit, ''), '万元') as unit,
    nullif(unit_text, '') is null as unit_assumed,
    {{ unit_multiplier("coalesce(nullif(unit, ''), '万元')") }} as unit_multiplier,
    try_cast(nullif(year_text, '') as integer) as fiscal_year,
    first_page,
    last_page,
    pages,
    body_rows,
    nullif(trim(project_name), '') as project_name,
    nullif(trim(department_name), '') as department_name,
    nullif(trim(implementer), '') as implementer,
    nullif(trim(goal_expected), '') as goal_expected,
    nullif(trim(goal_actual), '') as goal_actual,
    nullif(trim(total_weight_text), '') as total_weight_text,
    nullif(trim(total_score_text), '') as total_score_text,
    {{ parse_figure('total_weight_text') }} as total_weight,
    {{ parse_figure('total_score_text') }} as total_score,
    cast(0.5 * pow(10, -{{ printed_decimals('total_weight_text') }}) as decimal(38, 6)) as total_weight_rounding,
    cast(0.5 * pow(10, -{{ printed_decimals('total_score_text') }}) as decimal(38, 6)) as total_score_rounding,
    total_page,
    total_table_index,
    total_page_row,
    nullif(note, '') as note,
    -- indicator header columns the form did not read (unknown label, a role claimed twice, 分值 without 得分)
    nullif(trim(unread_columns), '') as unread_columns,
    strategy
from {{ per_document(source('raw_evaluations', 'evaluation_tables')) }}
