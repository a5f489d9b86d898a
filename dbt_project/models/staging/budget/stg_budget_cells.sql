-- One row per printed amount cell of a budget table, typed on its own: the figure as an exact DECIMAL in
-- the table's printed unit, the digits it prints, the code cell stripped to a 3/5/7-digit code.
-- Units, hierarchy and line types need the table and its other lines: int_budget_cells adds them.
-- A cell's figure, its code and its line's name are each a function of one printed text, and the texts recur cell after
-- cell (0.00, 合计, 工资福利支出, 301 …: 1,405 distinct figure texts, 525 names and 182 codes among 914,974 cells at 1,000
-- documents; about one cell in seven is a distinct figure text in one copy of the sources): each is read once per
-- distinct text and joined back (a null text matches a null text), not once per cell; the regular expressions were
-- most of the model's time. `cells` is not materialized: each reader scans its own columns of the raw table.
with cells as not materialized (
    select * from {{ per_document(source('raw', 'budget_cells')) }}
),
figures as (
    select
        value_text,
        nullif(trim(value_text), '') as value_clean,
        {{ parse_clean_figure('figure_text') }} as figure,
        {{ clean_decimals('figure_text') }} as decimals
    -- the cleaned figure computed once per text (written out in each expression, DuckDB computed each occurrence: a
    -- regexp_replace five times over the text)
    from (select value_text, {{ clean_figure('value_text') }} as figure_text
          from (select distinct value_text from cells) as texts) as cleaned
),
items as (
    select item_text, regexp_replace(item_text, '\s+', '', 'g') as item_key
    from (select distinct item_text from cells) as texts
),
codes as (
    select code_text, case when regexp_full_match(code_compact, '\d{3}|\d{5}|\d{7}') then code_compact end as code
    from (select code_text, regexp_replace(code_text, '\s', '', 'g') as code_compact
          from (select distinct code_text from cells) as texts) as compact
)
select
    c.document_id,
    c.table_id,
    c.line_no,
    nullif(c.side, '') as side,
    c.page,
    c.table_index,
    c.page_row,
    nullif(c.seq_text, '') as seq_text,
    k.code,
    c.item_text as item_name,
    i.item_key,
    c.column_no,
    c.column_label,
    c.measure,
    c.basis,
    c.value_text,
    f.value_clean,
    f.figure,
    f.decimals,
    nullif(c.row_kind, '') as row_kind,
    -- a row whose figures could not be placed in columns with certainty (raw text exports)
    coalesce(c.placement, '') = 'unplaced' as unplaced,
    -- 'identity': a raw text row's figures placed in columns by the table's own identities (the one
    -- placement satisfying them); those identities are not checkable on it
    case when c.placement = 'identity' then 'identity' end as placed_by
from cells c
join figures f on f.value_text is not distinct from c.value_text
join items i on i.item_text is not distinct from c.item_text
join codes k on k.code_text is not distinct from c.code_text
