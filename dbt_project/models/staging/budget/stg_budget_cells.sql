-- One row per printed amount cell, typed: the figure as an exact DECIMAL in 元, the code with
-- its classification, level and parent, and the half-unit of the last printed digit (in 元),
-- which bounds the rounding a printed total may carry.
with cells as (
    select
        c.*,
        t.table_kind,
        t.unit,
        t.unit_multiplier,
        regexp_replace(c.item_text, '\s+', '', 'g') as item_key,
        {{ parse_figure('c.value_text') }} as figure,
        {{ printed_decimals('c.value_text') }} as decimals,
        nullif(trim(c.value_text), '') as value_clean
    from {{ source('raw', 'budget_cells') }} c
    join {{ ref('stg_budget_tables') }} t using (table_id)
),
coded as (
    select
        *,
        case when regexp_full_match(regexp_replace(code_text, '\s', '', 'g'), '\d{3}|\d{5}|\d{7}')
             then regexp_replace(code_text, '\s', '', 'g') end as code
    from cells
),
coded_lines as (
    select distinct table_id, side, line_no, code,
           case length(code) when 5 then left(code, 3) when 7 then left(code, 5) end as parent_code
    from coded where code is not null
),
parent_lines as (
    -- A child's parent is the nearest line above it with the parent code (a code may head
    -- several blocks of one table, e.g. 301 once per 政府预算经济分类 in 烟台's 基本支出表);
    -- failing that, the nearest line below it (tables that print the subtotal last).
    select c.table_id, c.side, c.line_no,
           coalesce(max(p.line_no) filter (where p.line_no < c.line_no), min(p.line_no)) as parent_line_no
    from coded_lines c
    join coded_lines p on p.table_id = c.table_id and p.side = c.side and p.code = c.parent_code
    group by all
)
select
    document_id,
    table_id,
    table_kind,
    line_no,
    nullif(side, '') as side,
    page,
    table_index,
    page_row,
    nullif(seq_text, '') as seq_text,
    code,
    case
        when code is null then null
        when table_kind = 'general_budget_basic_expenditure' or regexp_matches(code, '^[35]\d\d') and length(code) <= 5 then 'economic'
        else 'functional'
    end as classification,
    case length(code) when 3 then '类' when 5 then '款' when 7 then '项' end as level,
    case length(code) when 5 then left(code, 3) when 7 then left(code, 5) end as parent_code,
    parent_line_no,
    item_text as item_name,
    item_key,
    case
        when coalesce(row_kind, '') = 'unit_total' then 'total'   -- the one unit's row of a table with no 合计 (深圳)
        when regexp_matches(item_key, '(合计|总计)$') or item_key in ('小计', '“三公”经费小计', '"三公"经费小计')
            or regexp_matches(item_key, '三公.{0,2}经费(合计|小计)')
            or (table_kind = 'three_public' and regexp_matches(item_key, '^["“]?三公["”]?经费(支出)?$')) then 'total'
        when code is not null then 'classified'
        when item_key = '' then 'unlabelled'
        else 'item'
    end as line_type,
    column_no,
    column_label,
    measure,
    basis,
    value_text,
    -- a printed cell we could not read as a figure, or a cell of a row whose figures could not be
    -- placed in columns (raw text exports): the identities it takes part in are not checkable
    (figure is null and value_clean is not null and measure <> 'percent'
        and {{ clean_figure('value_clean') }} not in ('-', '--', '—', '——', '/', '－'))
        or coalesce(placement, '') = 'unplaced' as unparsed,
    coalesce(placement, '') = 'unplaced' as unplaced,
    unit,
    cast(figure * unit_multiplier as decimal(38, 2)) as amount_yuan,
    cast(0.5 * pow(10, -decimals) * unit_multiplier as decimal(38, 6)) as rounding_yuan
from coded
left join parent_lines using (table_id, side, line_no)
