-- One row per table line (and basis) with one column per measure and the rounding half-unit
-- of each printed figure: the shape the accounting-identity rules read.
{% set measures = ['total', 'basic', 'project', 'operating', 'remit_to_superior', 'subsidy_to_affiliates',
                   'reserve', 'personnel', 'public', 'carryover', 'carryover_part', 'current_year_income', 'special_account',
                   'general_budget', 'government_fund', 'state_capital', 'fiscal_grant', 'business_income',
                   'operating_income', 'superior_subsidy', 'affiliate_remittance', 'other_income',
                   'non_fiscal_balance',
                   'outbound_travel', 'vehicles', 'vehicle_purchase', 'vehicle_operation', 'reception',
                   'three_public_subtotal', 'meetings', 'training'] %}
with cells as (
    select * from {{ per_document(ref('int_budget_cells')) }}
),
table_columns as (
    -- which measures a table prints for each basis; 'unmapped' among them means a column whose
    -- header we could not place, so rules that add up *all* of a line's parts cannot check the table.
    -- A blank cell stays NULL (not printed); the rules say how they treat it.
    -- (sorted: the same list in every build, whichever rows it was computed with)
    select table_id, basis, list(distinct measure order by measure) as measures from cells group by table_id, basis
)
select
    c.document_id,
    c.table_id,
    c.table_kind,
    c.line_no,
    c.side,
    c.basis,
    min(c.page) as page,
    arg_min(c.page_row, c.page) as page_row,
    any_value(c.code) as code,
    any_value(c.level) as level,
    any_value(c.parent_code) as parent_code,
    any_value(c.item_name) as item_name,
    any_value(c.item_key) as item_key,
    any_value(c.line_type) as line_type,
    any_value(tc.measures) as table_measures,
    -- a printed cell we could not read as a figure: the line's identities are not checkable
    bool_or(c.unparsed) as has_unparsed,
    -- a table some of whose figures the raw-text reader placed by the table's own identities
    -- (placed_by = 'identity'): its figures are facts, but no comparison with another table rests on them
    bool_or(bool_or(c.placed_by is not null)) over (partition by c.table_id) as table_placement_inferred,
    {%- for m in measures %}
    sum(c.amount_yuan) filter (where c.measure = '{{ m }}') as {{ m }},
    coalesce(sum(c.rounding_yuan) filter (where c.measure = '{{ m }}' and c.amount_yuan is not null), 0) as {{ m }}_rounding{{ "," if not loop.last }}
    {%- endfor %}
from cells c
join table_columns tc using (table_id, basis)
group by c.document_id, c.table_id, c.table_kind, c.line_no, c.side, c.basis
