-- One row per printed indicator line, typed: weight and score as points, the printed points of
-- the 一级 label ("产出指标 (50分)" → 50), and target and actual parsed by the shared
-- indicator-text macros (text kept beside its parsed parts).
select
    document_id,
    table_id,
    line_no,
    page,
    table_index,
    page_row,
    nullif(trim(level1_text), '') as level1_text,
    nullif(trim(level2_text), '') as level2_text,
    nullif(trim(level3_text), '') as level3_text,
    coalesce(
        {{ indicator_level1('level1_text', 'level1_text_clean') }},
        -- a form that prints no 一级 column (or leaves it blank): the standard tree above the 二级 name
        case {{ indicator_level2('level2_text', 'level2_text_clean') }}
            when '数量指标' then '产出指标' when '质量指标' then '产出指标' when '时效指标' then '产出指标'
            when '成本指标' then '产出指标' when '经济效益指标' then '效益指标' when '社会效益指标' then '效益指标'
            when '生态效益指标' then '效益指标' when '可持续影响指标' then '效益指标'
            when '服务对象满意度指标' then '满意度指标'
        end) as level1,
    {{ indicator_level2('level2_text', 'level2_text_clean') }} as level2,
    try_cast(nullif(regexp_extract(translate(coalesce(level1_text, ''), '０１２３４５６７８９．', '0123456789.'), '(\d+(\.\d+)?)\s*分', 1), '') as decimal(38, 6)) as level1_points,
    cast(0.5 * pow(10, -coalesce(length(regexp_extract(level1_text, '(\d+)\.(\d+)\s*分', 2)), 0)) as decimal(38, 6)) as level1_points_rounding,
    nullif(trim(target_text), '') as target_text,
    -- a printed 指标性质 column (≥ ≤ =) is the operator and a 度量单位 column the unit (四川, 云南 templates);
    -- otherwise both are read from the target text
    coalesce(case when regexp_full_match(nature_text_clean, '[≥≤=<>]') then nature_text_clean end,
             {{ target_operator('target_text', 'target_one_figure') }}) as target_operator,
    {{ target_value('target_text', 'target_one_figure') }} as target_value,
    {{ target_value_high('target_text', 'target_one_figure') }} as target_value_high,
    coalesce({{ target_unit('target_text', 'target_one_figure') }}, nullif(trim(measure_unit_text), '')) as target_unit,
    {{ target_quality_class('target_text', 'target_one_figure') }} as target_quality_class,
    nullif(trim(actual_text), '') as actual_text,
    {{ target_operator('actual_text', 'actual_one_figure') }} as actual_operator,
    {{ target_value('actual_text', 'actual_one_figure') }} as actual_value,
    {{ target_unit('actual_text', 'actual_one_figure') }} as actual_unit,
    {{ target_quality_class('actual_text', 'actual_one_figure') }} as actual_quality_class,
    nullif(trim(weight_text), '') as weight_text,
    nullif(trim(score_text), '') as score_text,
    {{ parse_figure('weight_text') }} as weight,
    {{ parse_figure('score_text') }} as score,
    nullif(trim(deviation_text), '') as deviation_reason,
    nullif(trim(nature_text), '') as nature_text,
    nullif(trim(measure_unit_text), '') as measure_unit_text,
    -- cells under header columns the form did not read (fct_self_evaluations.unread_columns), as printed
    nullif(trim(unread_text), '') as unread_text
-- each text cleaned and whether it is one figure, computed once (macros/indicator_text.sql: one_figure_parts,
-- one_figure_from_parts); the macros above read these columns
from (select *, {{ one_figure_from_parts('target_text') }} as target_one_figure,
             {{ one_figure_from_parts('actual_text') }} as actual_one_figure,
             {{ operator_text_from_parts('target_text') }} as target_text_operator_text,
             {{ operator_text_from_parts('actual_text') }} as actual_text_operator_text
      from (select *, {{ indicator_clean('level1_text') }} as level1_text_clean,
                   {{ indicator_clean('level2_text') }} as level2_text_clean, {{ indicator_clean('nature_text') }} as nature_text_clean,
                   {{ one_figure_parts('target_text') }}, {{ one_figure_parts('actual_text') }}
            from {{ per_document(source('raw_evaluations', 'evaluation_indicators')) }}) as parts) as indicators
