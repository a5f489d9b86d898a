-- The table figures a narrative figure of each subject may restate, one row per candidate.
-- A narrative names a figure loosely (预算收入 may be 收入总计 or 本年收入合计; 人员经费 may be the
-- 人员经费 column of the 基本支出表 or its 工资福利支出 + 对个人和家庭的补助 classes), so a subject
-- has several candidates and the narrative figure agrees when it equals one of them. `side` says
-- which side of the accounts the line is on (income / expenditure, null for procurement and assets),
-- so that 财政拨款支出 is never compared with a 财政拨款收入 line; `derived` marks a figure we computed
-- (a sum of 基本支出表 classes, Σ procurement lines) rather than one the document prints. `page_row` and
-- `table_index` name the printed row of a candidate that is one printed line (null for a sum of lines), so a
-- finding comparing a narrative figure with it can point at (and picture) that row.
-- `placement_inferred`: the line's table had figures placed by its own identities (raw-text exports,
-- placed_by = 'identity'), as int_budget_line_measures.table_placement_inferred: no mismatch rests on it alone.
-- `lines` and `b` are read several times, so DuckDB keeps them in memory (spilling beyond its limit): only the columns
-- read below, not every column of int_budget_lines (file name, title, column label …): the query alone at 10,000
-- documents 37.5 -> 19.3 s of CPU, every row the same
with lines as (
    select document_id, table_id, table_kind, side, page, page_row, table_index, item_name, code, line_type, measure,
           amount_yuan, rounding_yuan, placed_by
    from {{ per_document(ref('int_budget_lines')) }}
    where basis in ('budget', 'actual')
      -- the nine standard tables only: another table (财政拨款支出表, 基本支出总表, 项目支出表 …) prints a part
      -- of the budget a narrative phrase does not name, so it is never the line a narrative figure restates
      and table_kind in ('income_expenditure_summary', 'income_summary', 'expenditure_summary', 'fiscal_grant_summary',
                         'general_budget_expenditure', 'general_budget_basic_expenditure', 'government_fund_expenditure',
                         'state_capital_expenditure', 'three_public')
),
-- whether any of a table's lines (of these) was placed by its identities: grouped by table and joined, not a window
-- over every line (1.1 s of the model's time at 1,000 documents)
placement as (
    select table_id, bool_or(placed_by is not null) as placement_inferred from lines group by table_id
),
b as (
    select l.*, regexp_replace(l.item_name, '\s+', '', 'g') as item_key, p.placement_inferred
    from lines l join placement p using (table_id)
),
-- which table lines may restate each subject: seeds/disclosure/narrative_subject_lines.csv, one row per rule and measure
-- it names (each once), so a line meets its rules by equality: on its table kind and measure (a rule naming its table
-- kind), or on its measure alone (a rule for every table). Compared with every rule one by one (a nested-loop join with
-- a regular expression over lines × 65 rules) this was most of the model's time: 2.3 of its 3.1 s at 1,000 documents.
rules as (
    select subject, table_kind, side_like, total_line, unnest(list_distinct(string_split(measures, '|'))) as measure,
           item_regex
    from {{ ref('narrative_subject_lines') }}
),
rule_lines as (
    select r.subject, r.side_like, r.total_line, r.item_regex, b.*
    from b join rules r on r.table_kind = b.table_kind and r.measure = b.measure
    union all
    select r.subject, r.side_like, r.total_line, r.item_regex, b.*
    from b join rules r on r.table_kind is null and r.measure = b.measure
),
rule_lines_kept as (
    select * from rule_lines where (side_like is null or side like side_like) and (not total_line or line_type = 'total')
),
-- a rule's regular expression tested once per distinct line name it meets: a pattern that is a column, not a constant,
-- is compiled again for every row (1.6 s for 200,000 rows at 1,000 documents)
name_matches as (
    select item_key, item_regex, regexp_matches(item_key, item_regex) as name_matches
    from (select distinct item_key, item_regex from rule_lines_kept where item_regex is not null) as names
),
from_tables as (
    select l.subject, l.document_id, l.table_id, l.table_kind, l.page, l.page_row, l.table_index, l.item_name,
           null as code, l.measure, l.amount_yuan, l.rounding_yuan,
           case when l.side like 'expenditure%' then 'expenditure' when l.side = 'income' then 'income'
                when l.table_kind = 'income_summary' then 'income' else 'expenditure' end as side,
           false as derived, l.placement_inferred
    from rule_lines_kept l
    left join name_matches n on n.item_key = l.item_key and n.item_regex = l.item_regex
    where l.item_regex is null or n.name_matches
),
-- 人员经费 = 工资福利支出 (301) + 对个人和家庭的补助 (303); 公用经费 = 商品和服务支出 (302)
-- (+ 资本性支出 310 where the basic table prints it) — the classes of the 基本支出表.
classes as (
    select document_id, table_id, min(page) as page, code, sum(amount_yuan) as amount_yuan, sum(rounding_yuan) as rounding_yuan,
           -- the printed row only where the class is one printed cell
           case when count(*) = 1 then min(page_row) end as page_row,
           case when count(*) = 1 then min(table_index) end as table_index,
           bool_or(placement_inferred) as placement_inferred
    from b
    where table_kind = 'general_budget_basic_expenditure' and measure = 'total' and code in ('301', '302', '303', '310')
      and side is null
    group by document_id, table_id, code
),
from_classes as (
    select 'personnel' as subject, document_id, table_id, 'general_budget_basic_expenditure' as table_kind, min(page) as page,
           null as page_row, null as table_index, '301+303' as item_name, null as code, 'total' as measure, sum(amount_yuan) as amount_yuan, sum(rounding_yuan) as rounding_yuan,
           'expenditure' as side, true as derived, bool_or(placement_inferred) as placement_inferred
    from classes where code in ('301', '303') group by document_id, table_id
    union all
    select 'public', document_id, table_id, 'general_budget_basic_expenditure', min(page), min(page_row), min(table_index), '302', null, 'total',
           sum(amount_yuan), sum(rounding_yuan), 'expenditure', false, bool_or(placement_inferred)
    from classes where code = '302' group by document_id, table_id
    union all
    select 'public', document_id, table_id, 'general_budget_basic_expenditure', min(page), null, null, '302+310', null, 'total',
           sum(amount_yuan), sum(rounding_yuan), 'expenditure', true, bool_or(placement_inferred)
    from classes where code in ('302', '310') group by document_id, table_id having count(*) = 2
),
-- A “一般公共服务支出”科目 figure is the line of that name. Its measure is what the line's amount
-- covers: the 合计 of a 基本支出表 is the line's 基本支出 (basic), not its whole expenditure (total),
-- so a 工资福利支出（301） figure of the whole budget is never compared with the basic table's 301.
from_named_lines as (
    select 'classified_line' as subject, document_id, table_id, table_kind, page, page_row, table_index, item_name, code,
           case when table_kind = 'general_budget_basic_expenditure' and measure = 'total' then 'basic' else measure end as measure,
           amount_yuan, rounding_yuan, 'expenditure' as side, false as derived, placement_inferred
    from b
    where measure in ('total', 'basic') and line_type in ('classified', 'item')
),
from_procurement as (
    select 'procurement_total' as subject, document_id, table_id, 'procurement' as table_kind, page, page_row,
           null as table_index, item_name, null as code, 'total' as measure,
           total_yuan as amount_yuan, total_rounding_yuan as rounding_yuan, null as side, false as derived,
           false as placement_inferred
    from {{ per_document(ref('fct_procurement_lines')) }} where row_kind = 'total' and total_yuan is not null
    union all
    select 'procurement_total', document_id, table_id, 'procurement', min(page), null, null, 'Σ lines', null, 'total',
           sum(total_yuan), sum(total_rounding_yuan), null, true, false
    from {{ per_document(ref('fct_procurement_lines')) }} where row_kind = 'line' group by document_id, table_id
),
from_assets as (
    select 'fixed_assets' as subject, document_id, table_id, 'fixed_assets' as table_kind, page, page_row,
           null as table_index, item_name, null as code, 'value' as measure,
           value_yuan as amount_yuan, value_rounding_yuan as rounding_yuan, null as side, false as derived,
           false as placement_inferred
    from {{ per_document(ref('fct_fixed_assets')) }} where category = 'total' and value_yuan is not null
)
select * from from_tables
union all select * from from_classes
union all select * from from_named_lines
union all select * from from_procurement
union all select * from from_assets
