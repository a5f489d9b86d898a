-- One row per printed funds line, typed: amounts as exact DECIMALs in 元, the execution rate as a
-- percentage (a printed "94%" and "94" both mean 94 %), weight and score as points, and the
-- half-unit of each figure's last printed digit.
with lines as (
    select
        f.*,
        t.unit_multiplier,
        regexp_replace(f.item_text, '\s+', '', 'g') as item_key,
        regexp_replace(f.rate_text, '[%％\s]', '', 'g') as rate_clean
    from {{ source('raw_evaluations', 'evaluation_funds') }} f
    join {{ ref('stg_evaluation_tables') }} t using (table_id)
)
select
    document_id,
    table_id,
    line_no,
    page,
    table_index,
    page_row,
    item_text,
    case
        when regexp_matches(item_key, '资金总额|合计|总计') then 'total'
        when regexp_matches(item_key, '当年财政拨款|财政拨款|中央财政') then 'fiscal_grant'
        when regexp_matches(item_key, '上年结转|结转') then 'carryover'
        when regexp_matches(item_key, '地方') then 'local'
        when regexp_matches(item_key, '其他') then 'other'
        else 'item'
    end as line_kind,
    initial_text, full_year_text, executed_text, weight_text, rate_text, score_text,
    {{ parse_figure('initial_text') }} * unit_multiplier as initial_yuan,
    {{ parse_figure('full_year_text') }} * unit_multiplier as full_year_yuan,
    {{ parse_figure('executed_text') }} * unit_multiplier as executed_yuan,
    cast(0.5 * pow(10, -{{ printed_decimals('full_year_text') }}) * unit_multiplier as decimal(38, 6)) as full_year_rounding_yuan,
    cast(0.5 * pow(10, -{{ printed_decimals('executed_text') }}) * unit_multiplier as decimal(38, 6)) as executed_rounding_yuan,
    {{ parse_figure('weight_text') }} as weight,
    {{ parse_figure('rate_clean') }} as rate_percent,
    cast(0.5 * pow(10, -{{ printed_decimals('rate_clean') }}) as decimal(38, 6)) as rate_rounding,
    {{ parse_figure('score_text') }} as score,
    cast(0.5 * pow(10, -{{ printed_decimals('score_text') }}) as decimal(38, 6)) as score_rounding,
    coalesce(nullif(initial_text, ''), nullif(full_year_text, ''), nullif(executed_text, '')) is not null as has_amounts
from lines
