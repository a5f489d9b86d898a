-- One row per printed funds line of a self-evaluation form with its amounts in 元 (by the form's unit)
-- and the half-unit of each amount's last printed digit in 元.
select
    f.document_id,
    f.table_id,
    f.line_no,
    f.page,
    f.table_index,
    f.page_row,
    f.item_text,
    f.line_kind,
    f.initial_text, f.full_year_text, f.executed_text, f.weight_text, f.rate_text, f.score_text,
    f.initial_figure * t.unit_multiplier as initial_yuan,
    f.full_year_figure * t.unit_multiplier as full_year_yuan,
    f.executed_figure * t.unit_multiplier as executed_yuan,
    cast(0.5 * pow(10, -f.full_year_decimals) * t.unit_multiplier as decimal(38, 6)) as full_year_rounding_yuan,
    cast(0.5 * pow(10, -f.executed_decimals) * t.unit_multiplier as decimal(38, 6)) as executed_rounding_yuan,
    f.weight,
    f.rate_percent,
    f.rate_rounding,
    f.score,
    f.score_rounding,
    f.has_amounts
from {{ per_document(ref('stg_evaluation_funds')) }} f
join {{ per_document(ref('stg_evaluation_tables')) }} t using (table_id)
