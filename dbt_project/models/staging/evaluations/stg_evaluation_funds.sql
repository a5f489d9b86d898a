-- One row per printed funds line of a self-evaluation form, typed on its own: the line's kind from its
-- label, amounts as exact DECIMALs in the printed unit (int_evaluation_funds converts them with the
-- form's unit), the execution rate as a percentage (a printed "94%" and "94" both mean 94 %), weight
-- and score as points, and the half-unit of each figure's last printed digit.
with lines as (
    select
        *,
        regexp_replace(item_text, '\s+', '', 'g') as item_key,
        regexp_replace(rate_text, '[%％\s]', '', 'g') as rate_clean
    from {{ per_document(source('raw_evaluations', 'evaluation_funds')) }}
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
        when regexp_matches(item_key, '资金总额|合计|总计|^总额') then 'total'
        when regexp_matches(item_key, '当年财政拨款|财政拨款|中央财政') then 'fiscal_grant'
        when regexp_matches(item_key, '上年结转|结转') then 'carryover'
        when regexp_matches(item_key, '地方') then 'local'
        when regexp_matches(item_key, '其他') then 'other'
        else 'item'
    end as line_kind,
    initial_text, full_year_text, executed_text, weight_text, rate_text, score_text,
    {{ parse_figure('initial_text') }} as initial_figure,
    {{ parse_figure('full_year_text') }} as full_year_figure,
    {{ parse_figure('executed_text') }} as executed_figure,
    {{ printed_decimals('full_year_text') }} as full_year_decimals,
    {{ printed_decimals('executed_text') }} as executed_decimals,
    {{ parse_figure('weight_text') }} as weight,
    {{ parse_figure('rate_clean') }} as rate_percent,
    cast(0.5 * pow(10, -{{ printed_decimals('rate_clean') }}) as decimal(38, 6)) as rate_rounding,
    {{ parse_figure('score_text') }} as score,
    cast(0.5 * pow(10, -{{ printed_decimals('score_text') }}) as decimal(38, 6)) as score_rounding,
    coalesce(nullif(initial_text, ''), nullif(full_year_text, ''), nullif(executed_text, '')) is not null as has_amounts
from lines
