-- One row per narrative figure: the amount as an exact DECIMAL in 元 and half a unit of its last
-- printed digit (13932.64 万元 may stand for anything within ±50 元).
select
    f.sentence_id || '-' || f.figure_no as figure_id,
    f.document_id,
    f.sentence_id,
    f.figure_no,
    f.page,
    f.subject,
    f.phrase,
    -- The 支出功能分类 line a classified_line figure names (“一般公共服务支出”科目, 行政运行（项）,
    -- 培训支出（2050803）): its name and, where printed, its code.
    coalesce(nullif(regexp_extract(f.phrase, '“([^”]+)”', 1), ''), nullif(f.named_item, '')) as quoted_name,
    nullif(f.named_code, '') as quoted_code,
    -- where that line's name was read: 'phrase' (printed right before the figure), 'context' (further
    -- back in the sentence) or 'section' (the heading above): only the first is certain.
    nullif(f.named_from, '') as named_from,
    -- the side of the accounts the phrase names (财政拨款支出 / 一般公共预算收入), when it names one
    case when regexp_matches(f.phrase, '支出') and not regexp_matches(f.phrase, '收入') then 'expenditure'
         when regexp_matches(f.phrase, '收入') and not regexp_matches(f.phrase, '支出') then 'income' end as side,
    f.amount_text,
    f.unit_text,
    nullif(f.direction, '') as direction,
    f.basis,
    try_cast(nullif(f.phrase_year, '') as integer) as phrase_year,
    cast({{ parse_figure('f.amount_text') }} * {{ unit_multiplier('f.unit_text') }} as decimal(38, 2)) as amount_yuan,
    cast(0.5 * pow(10, -{{ printed_decimals('f.amount_text') }}) * {{ unit_multiplier('f.unit_text') }} as decimal(38, 6)) as rounding_yuan
from {{ per_document(source('raw_disclosure', 'narrative_figures')) }} f
