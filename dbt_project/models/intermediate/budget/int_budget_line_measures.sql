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
with all_cells as not materialized (
    select * from {{ per_document(ref('int_budget_cells')) }}
),
tables as (
    -- each table numbered within this query, its text id and the columns it gives every one of its lines: the line
    -- aggregates below group by this number, not by the table's text id (34 characters), and carry no text a table
    -- decides. Their hash tables are smaller and spill less under the memory limit: the query alone at 10,000
    -- documents, 1 GB: 49.8 -> 40.6 s of CPU, 3.5 -> 1.9 GB spilled; every row the same, EXCEPT ALL both ways
    select table_id, any_value(document_id) as document_id, any_value(table_kind) as table_kind,
           row_number() over () as table_no
    from all_cells
    group by table_id
),
cells as not materialized (
    select c.*, t.table_no from all_cells c join tables t using (table_id)
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
    from all_cells group by table_id, basis
),
per_measure as (
    -- one row per line and measure first, its figures summed: a narrow aggregate (the keys and two sums; the line's
    -- other columns are taken apart below), which DuckDB spills to disk beyond its memory limit. With the line's
    -- columns carried through it, it was the widest state of the build: at 10,000 documents, 9 million groups
    -- spilled 2.4 GB under the 1 GB limit. Grouped by the measure's number, not its name (measures outside the list
    -- share the NULL group, which the map below leaves out): alone at 10,000 documents 38.0 -> 33.4 s of CPU
    select table_no, line_no, side, basis, cast(list_position({{ measures_list }}, measure) as tinyint) as measure_ix,
           sum(amount_yuan) as amount,
           coalesce(sum(rounding_yuan) filter (where amount_yuan is not null), 0) as rounding
    from cells
    group by table_no, line_no, side, basis, measure_ix
),
line_measures as (
    -- then one row per line with its measures in one map: a wide aggregate (a sum per measure, 62 states a line)
    -- does not spill and needed ~0.6 GB per 1,000 documents (a build from scratch of 10,000 ran out of memory)
    -- keyed by the measure's place in the list above (a number: 62 lookups a line compare numbers, not names; a measure
    -- not in the list, such as unmapped, is left out). At 10,000 documents alone 35.4 -> 31.0 s, 68 -> 59 s of CPU.
    -- (One left join per measure on a line number was faster, 27 s, but its 31 hash tables were all held at once: out
    -- of memory under a 700 MB limit, which this map passes at 500 MB. A wide aggregate, a sum per measure filtered,
    -- was slower: 94 s, its 62 states a line spilled; DuckDB's PIVOT too.)
    select table_no, line_no, side, basis,
           map_from_entries(list((measure_ix, {'amount': amount, 'rounding': rounding})) filter (where measure_ix is not null))
               as by_measure
    from per_measure
    group by table_no, line_no, side, basis
),
line_columns as (
    -- the line's own columns, from its cells (each the same on every cell of a line)
    select table_no, line_no, side, basis,
           min(page) as page, arg_min(page_row, page) as page_row,
           any_value(code) as code, any_value(level) as level, any_value(parent_code) as parent_code,
           any_value(item_name) as item_name, any_value(item_key) as item_key, any_value(line_type) as line_type,
           bool_or(unparsed) as has_unparsed
    from cells
    group by table_no, line_no, side, basis
),
lines as (
    select t.document_id, t.table_id, t.table_kind, l.*
    from line_columns l
    join tables t using (table_no)
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
    m.by_measure[{{ loop.index }}::tinyint].amount as {{ m }},
    coalesce(m.by_measure[{{ loop.index }}::tinyint].rounding, 0) as {{ m }}_rounding{{ "," if not loop.last }}
    {%- endfor %}
from lines l
-- side is null on most tables' lines: matched as a group by matches it
join line_measures m on m.table_no = l.table_no and m.line_no = l.line_no and m.side is not distinct from l.side
                    and m.basis is not distinct from l.basis
join table_columns tc on tc.table_id = l.table_id and tc.basis = l.basis
