-- One row per indicator row of a target table: the printed text, the level names normalised to
-- the standard taxonomy, and the target text parsed into operator, value(s), unit, deadline or
-- a qualitative class (macros/indicator_text.sql). Layouts that print the operator (指标性质) and
-- the unit (计量单位 / 度量单位) in their own columns take them from there.
-- The printed texts' parts (levels, operator, value, unit, class, deadline, weight) are computed once per distinct
-- combination of the texts they are read from, then joined to every row: the same texts recur row after row (≥95%,
-- 100%, 是, 产出指标, 数量指标 …: 1,371 distinct target texts among 511,880 rows at 1,000 documents, a quarter of the
-- rows of one copy of the sources), and each is a chain of regular expressions. The values are the same: each is a
-- function of these texts alone (target_unit's fallbacks and 一级 from 二级 read the row's own columns, below).
-- `indicators` not materialized: read twice (its distinct texts, every row); DuckDB otherwise copied every column of every
-- row into a CTE first (spilled 1.7 GB at 10,000 documents under the 1 GB limit), inlined each reader scans its columns:
-- the query alone at 10,000 documents 9.3 -> 4.1 s of CPU, every row the same
with indicators as not materialized (
    select * from {{ per_document(source('raw_targets', 'target_indicators')) }}
),
texts as (
    select
        level1_text,
        level2_text,
        target_text,
        nature_text,
        weight_text,
        {{ indicator_level1('level1_text', 'level1_text_clean') }} as level1_printed,
        level2_standard,
        -- a printed 指标性质 column (≥ ≤ =) is the operator; otherwise it is read from the target text
        coalesce(case when regexp_full_match(nature_text_clean, '[≥≤=<>]') then nature_text_clean end,
                 {{ target_operator('target_text', 'target_one_figure') }}) as target_operator,
        {{ target_value('target_text', 'target_one_figure') }} as target_value,
        {{ target_value_high('target_text', 'target_one_figure') }} as target_value_high,
        {{ target_unit('target_text', 'target_one_figure') }} as target_text_unit,
        {{ target_quality_class('target_text', 'target_one_figure') }} as target_quality_class,
        {{ target_deadline('target_text', 'target_one_figure') }} as target_deadline,
        {{ target_deadline_month('target_text', 'target_one_figure') }} as target_deadline_month,
        -- 分值 / 指标权重 printed beside the target (a figure, points or per cent); blank when the grid prints none
        {{ parse_clean_figure('weight_figure_text') }} as weight
    -- each text cleaned and whether it is one figure, computed once (macros/indicator_text.sql: one_figure_parts,
    -- one_figure_from_parts); the macros above read these columns. So are the text an operator is read from
    -- (operator_text_from_parts), the 二级 level and the weight's cleaned figure: written out in each branch of a case,
    -- DuckDB computed them again in each
    from (select *, {{ one_figure_from_parts('target_text') }} as target_one_figure,
                 {{ operator_text_from_parts('target_text') }} as target_text_operator_text,
                 {{ indicator_level2('level2_text', 'level2_text_clean') }} as level2_standard
          from (select *, {{ clean_figure('weight_text') }} as weight_figure_text,
                       {{ indicator_clean('level1_text') }} as level1_text_clean,
                       {{ indicator_clean('level2_text') }} as level2_text_clean, {{ indicator_clean('nature_text') }} as nature_text_clean,
                       {{ one_figure_parts('target_text') }}
                from (select distinct level1_text, level2_text, target_text, nature_text, weight_text from indicators) as distinct_texts
               ) as parts) as parsed
)
select
    i.document_id,
    i.table_id,
    i.project_key,
    i.line_no,
    i.page,
    i.table_index,
    i.page_row,
    nullif(i.level1_text, '') as level1_text,
    nullif(i.level2_text, '') as level2_text,
    nullif(i.level3_text, '') as level3_text,
    -- a row whose cells were not told apart (cells_certain false) takes no 一级 from its 二级: the reader
    -- left its 一级 blank because the one over it did not agree
    coalesce(t.level1_printed,
             case when not coalesce(i.cells_certain, true) then null
                  when t.level2_standard in ('数量指标', '质量指标', '时效指标') then '产出指标'
                  when t.level2_standard in ('经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标') then '效益指标'
                  when t.level2_standard = '服务对象满意度指标' then '满意度指标' end) as level1,
    t.level2_standard as level2,
    nullif(i.description_text, '') as description,
    nullif(i.target_text, '') as target_text,
    t.target_operator,
    t.target_value,
    t.target_value_high,
    -- the unit after the figure, else the printed 计量单位 column, else a unit the indicator's name ends with
    -- in brackets (内审报告（篇） | 1) when the target is a bare figure
    coalesce(t.target_text_unit, nullif(trim(i.measure_unit_text), ''),
             case when t.target_value is not null then {{ unit_in_name('i.level3_text') }} end) as target_unit,
    t.target_quality_class,
    t.target_deadline,
    t.target_deadline_month,
    nullif(i.period_target_text, '') as period_target_text,
    nullif(i.basis_text, '') as basis_text,
    nullif(i.nature_text, '') as nature_text,
    nullif(i.measure_unit_text, '') as measure_unit_text,
    t.weight,
    i.levels_carried,
    nullif(trim(i.activity_text), '') as activity_text,
    -- cells under header columns the form did not read (stg_target_tables.unread_columns), as printed
    nullif(trim(i.unread_text), '') as unread_text,
    nullif(i.unsplit_text, '') as unsplit_text,
    coalesce(i.cells_certain, true) as cells_certain
from indicators i
-- one row of texts for each row (the distinct texts; a null text matches a null text)
join texts t
  on t.level1_text is not distinct from i.level1_text and t.level2_text is not distinct from i.level2_text
 and t.target_text is not distinct from i.target_text and t.nature_text is not distinct from i.nature_text
 and t.weight_text is not distinct from i.weight_text
