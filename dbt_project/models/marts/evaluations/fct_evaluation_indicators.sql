-- One row per indicator of a self-evaluation, with the columns of fct_performance_indicators
-- (the targets' mart, into which this one is unioned with source_form = 'self_evaluations')
-- followed by what only a self-evaluation has: the actual value, weight, score, deviation
-- reason and whether the actual meets the target.
with indicators as (
    select i.*, t.fiscal_year
    from {{ per_document(ref('stg_evaluation_indicators')) }} i
    join {{ per_document(ref('stg_evaluation_tables')) }} t using (table_id)
)
select
    'self_evaluations' as source_form,
    document_id,
    table_id,
    table_id as project_key,
    page,
    table_index,
    page_row,
    level1_text,
    level2_text,
    level3_text,
    level1,
    level2,
    level3_text as description,
    target_text,
    target_operator,
    target_value,
    target_value_high,
    target_unit,
    target_quality_class,
    null::varchar as target_deadline,
    null::varchar as basis_text,
    -- self-evaluation only
    table_id || '-' || lpad(line_no::varchar, 3, '0') as indicator_id,
    line_no,
    level1_points,
    level1_points_rounding,
    actual_text,
    actual_operator,
    actual_value,
    actual_unit,
    actual_quality_class,
    weight,
    score,
    deviation_reason,
    -- cells under header columns the form did not read (fct_self_evaluations.unread_columns), as printed
    unread_text,
    -- Met where both sides carry a number in the same unit (or one side prints none): ≥ / a bare
    -- figure means "at least", ≤ "at most", a range "within". Qualitative text is not judged.
    case
        when target_value is null or actual_value is null then null
        when target_unit is not null and actual_unit is not null and target_unit <> actual_unit then null
        when target_operator in ('≥', '=') then actual_value >= target_value
        when target_operator = '>' then actual_value > target_value
        when target_operator = '≤' then actual_value <= target_value
        when target_operator = '<' then actual_value < target_value
        when target_operator = 'range' then actual_value between target_value and coalesce(target_value_high, target_value)
    end as achieved
from indicators
