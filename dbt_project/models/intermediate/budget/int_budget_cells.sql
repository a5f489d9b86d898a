-- One row per printed amount cell with what its table and neighbour lines tell: the figure in 元 (by the
-- table's unit), the code's classification, level (类/款/项) and parent line, the line type, and the
-- half-unit of the last printed digit (in 元), which bounds the rounding a printed total may carry.
-- not materialized: read twice (coded_lines, the select), DuckDB otherwise copied every column of the join into a
-- CTE first; inlined, coded_lines reads its four columns. The query alone at 1,000 documents: 2.3 -> 1.8 s
with cells as not materialized (
    select c.*, coalesce(c.side, '') as side_key, t.table_kind, t.unit, t.unit_multiplier
    from {{ per_document(ref('stg_budget_cells')) }} c
    join {{ per_document(ref('stg_budget_tables')) }} t using (table_id)
),
coded_lines as (
    select distinct table_id, side_key, line_no, code,
           case length(code) when 5 then left(code, 3) when 7 then left(code, 5) end as parent_code
    from cells where code is not null
),
parent_lines as (
    -- A child's parent is the nearest line above it with the parent code (a code may head
    -- several blocks of one table, e.g. 301 once per 政府预算经济分类 in 烟台's 基本支出表);
    -- failing that, the nearest line below it (tables that print the subtotal last).
    select c.table_id, c.side_key, c.line_no,
           coalesce(max(p.line_no) filter (where p.line_no < c.line_no), min(p.line_no)) as parent_line_no
    from coded_lines c
    join coded_lines p on p.table_id = c.table_id and p.side_key = c.side_key and p.code = c.parent_code
    group by all
)
select
    document_id,
    table_id,
    table_kind,
    line_no,
    side,
    page,
    table_index,
    page_row,
    seq_text,
    code,
    case
        when code is null then null
        when table_kind = 'general_budget_basic_expenditure' or regexp_matches(code, '^[35]\d\d') and length(code) <= 5 then 'economic'
        else 'functional'
    end as classification,
    case length(code) when 3 then '类' when 5 then '款' when 7 then '项' end as level,
    case length(code) when 5 then left(code, 3) when 7 then left(code, 5) end as parent_code,
    parent_line_no,
    item_name,
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
    -- placed in columns (raw text exports), or were placed by the very identities the rules check:
    -- the identities it takes part in are not checkable. (A case, not an `and`: DuckDB cleaned every cell's text
    -- for the `and`, the case cleans only the few printed cells without a figure; the same value, the first two
    -- conditions being never null: 1.7 -> 1.1 s at 1,000 documents.)
    case when figure is null and value_clean is not null
         then measure <> 'percent' and {{ clean_figure('value_clean') }} not in ('-', '--', '—', '——', '/', '－')
         else false end
        or unplaced or placed_by is not null as unparsed,
    unplaced,
    placed_by,
    unit,
    cast(figure * unit_multiplier as decimal(38, 2)) as amount_yuan,
    cast(0.5 * pow(10, -decimals) * unit_multiplier as decimal(38, 6)) as rounding_yuan
from cells
left join parent_lines using (table_id, side_key, line_no)
