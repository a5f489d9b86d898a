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
    -- The name in a “一般公共服务支出”科目 phrase: compared with the table line of that name.
    coalesce(nullif(regexp_extract(f.phrase, '“([^”]+)”', 1), ''),
             nullif(regexp_extract(f.phrase, '([\x{4e00}-\x{9fff}]{2,20})（[类款项]）', 1), '') || '支出') as quoted_name,
    -- …支出（2050803） / 工资福利支出（301）: the code the phrase prints
    nullif(regexp_extract(f.phrase, '[（(](\d{3,7})[）)]', 1), '') as quoted_code,
    f.amount_text,
    f.unit_text,
    nullif(f.direction, '') as direction,
    f.basis,
    try_cast(nullif(f.phrase_year, '') as integer) as phrase_year,
    cast({{ parse_figure('f.amount_text') }} * {{ unit_multiplier('f.unit_text') }} as decimal(38, 2)) as amount_yuan,
    cast(0.5 * pow(10, -{{ printed_decimals('f.amount_text') }}) * {{ unit_multiplier('f.unit_text') }} as decimal(38, 6)) as rounding_yuan
from {{ source('raw_disclosure', 'narrative_figures') }} f
