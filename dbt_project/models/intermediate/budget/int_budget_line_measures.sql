-- One row per table line (and basis) with one column per measure and the rounding half-unit
-- of each printed figure: the shape the accounting-identity rules read.
{% set measures = ['total', 'basic', 'project', 'operating', 'remit_to_superior', 'subsidy_to_affiliates',
                   'reserve', 'personnel', 'public', 'carryover', 'carryover_part', 'current_year_income', 'special_account',
                   'general_budget', 'government_fund', 'state_capital', 'fiscal_grant', 'business_income',
                   'operating_income', 'superior_subsidy', 'affiliate_remittance', 'other_income',
                   'non_fiscal_balance',
                   'outbound_travel', 'vehicles', 'vehicle_purchase', 'vehicle_operation', 'reception',
                   'three_public_subtotal', 'meetings', 'training'] %}
{% set measures_list = "['" ~ measures | join("', '") ~ "']" %}
-- not materialized: read by three aggregates, DuckDB otherwise copied every column of every cell into a CTE first
-- (9 million rows at 10,000 documents, spilled under the 1 GB limit); inlined, each aggregate scans only its columns.
-- The query alone at 1,000 documents: 7.1 -> 5.7 s
-- The measures become columns by one left join per measure on the line's number (an integer), not through a map per
-- line (a list of (measure, figures) aggregated per line, made a map, then 62 lookups by name a line): alone at
-- 10,000 documents 35.4 -> 27.2 s, 68 -> 47 s of CPU, every row the same (EXCEPT ALL both ways, the same types).
-- (A wide aggregate, a sum per measure filtered, was slower: 94 s, its 62 states a line spilled; DuckDB's PIVOT too.)
with cells as not materialized (
    select * from {{ per_document(ref('int_budget_cells')) }}
),
table_columns as (
    -- which measures a table prints for each basis; 'unmapped' among them means a column whose
    -- header we could not place, so rules that add up *all* of a line's parts cannot check the table.
    -- A blank cell stays NULL (not printed); the rules say how they treat it.
    -- (sorted: the same list in every build, whichever rows it was computed with)
    select table_id, basis, list(distinct measure order by measure) as measures,
           -- whether any of the table's cells (of any basis) was placed by its identities: a window over these few
           -- rows a table, not over every line with its measures (2.1 s of the model's 5.8 at 1,000 documents)
           bool_or(bool_or(placed_by is not null)) over (partition by table_id) as placement_inferred
    from cells group by table_id, basis
),
lines as (
    -- the line's own columns, from its cells (each the same on every cell of a line), and a number naming it in this
    -- query alone (line_ix: the measures below meet their line by one integer, not by four columns two of them text)
    select document_id, table_id, table_kind, line_no, side, basis,
           min(page) as page, arg_min(page_row, page) as page_row,
           any_value(code) as code, any_value(level) as level, any_value(parent_code) as parent_code,
           any_value(item_name) as item_name, any_value(item_key) as item_key, any_value(line_type) as line_type,
           bool_or(unparsed) as has_unparsed,
           row_number() over () as line_ix
    from cells
    group by document_id, table_id, table_kind, line_no, side, basis
),
per_measure as (
    -- one row per line and measure (its figures summed), the measure by its place in the list above (measure_ix);
    -- a measure not in the list (unmapped, …) is no column
    select l.line_ix, cast(list_position({{ measures_list }}, c.measure) as tinyint) as measure_ix,
           sum(c.amount_yuan) as amount,
           coalesce(sum(c.rounding_yuan) filter (where c.amount_yuan is not null), 0) as rounding
    from cells c
    -- side and basis are null on many lines: matched as a group by matches them
    join lines l on l.table_id = c.table_id and l.line_no = c.line_no and l.side is not distinct from c.side
                and l.basis is not distinct from c.basis
    where list_position({{ measures_list }}, c.measure) is not null
    group by l.line_ix, measure_ix
)
select
    l.document_id,
    l.table_id,
    l.table_kind,
    l.line_no,
    l.side,
    l.basis,
    l.page,
    l.page_row,
    l.code,
    l.level,
    l.parent_code,
    l.item_name,
    l.item_key,
    l.line_type,
    tc.measures as table_measures,
    -- a printed cell we could not read as a figure: the line's identities are not checkable
    l.has_unparsed,
    -- a table some of whose figures the raw-text reader placed by the table's own identities
    -- (placed_by = 'identity'): its figures are facts, but no comparison with another table rests on them
    tc.placement_inferred as table_placement_inferred,
    {%- for m in measures %}
    m{{ loop.index }}.amount as {{ m }},
    coalesce(m{{ loop.index }}.rounding, 0) as {{ m }}_rounding{{ "," if not loop.last }}
    {%- endfor %}
from lines l
join table_columns tc on tc.table_id = l.table_id and tc.basis = l.basis
{%- for m in measures %}
left join per_measure m{{ loop.index }} on m{{ loop.index }}.line_ix = l.line_ix and m{{ loop.index }}.measure_ix = {{ loop.index }}
{%- endfor %}
