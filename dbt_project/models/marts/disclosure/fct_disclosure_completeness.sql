-- Document × table a disclosure publishes: present, declared empty (空表列示 in the table, or the
-- narrative says the department has none), or missing. Templates differ by jurisdiction and year
-- (2017 templates have no 国有资本经营预算支出表, some 决算 none for 政府性基金), so a missing table
-- is only known to be published when the document's own 目录 lists it (listed_in_contents); its
-- title printed elsewhere (title_printed) means it is printed though its grid was not read. One row per document with standard
-- budget tables × the list of seeds/disclosure/required_disclosure_tables.csv; the required list is the same nine tables for 预算 and 决算
-- (the 决算 titles differ: 收入支出决算总表 … see the yml). Procurement, fixed assets and units
-- are listed too but not required (many templates tell them in words only).
with documents as (
    -- a document printing one of the standard tables (another budget table alone, e.g. an evaluation
    -- report's 项目支出表, does not make it a 部门预算/决算 disclosure)
    select document_id, max(document_kind) as document_kind
    from {{ per_document(ref('stg_budget_tables')) }}
    where table_kind in (select table_kind from {{ ref('required_disclosure_tables') }})
    group by document_id
),
required as (
    select table_kind, required, budget_name, final_accounts_name, sort_order
    from {{ ref('required_disclosure_tables') }}
),
tables as (
    select document_id, table_kind, table_id, first_page, is_empty, note from {{ per_document(ref('stg_budget_tables')) }}
    union all
    select document_id, table_kind, table_id, first_page, is_empty, note from {{ per_document(ref('stg_disclosure_tables')) }}
),
found as (
    select document_id, table_kind,
           bool_or(not is_empty) as has_body,
           bool_or(is_empty) as printed_empty,
           list(table_id order by first_page) as table_ids,
           min(first_page) as first_page,
           min(note) filter (where is_empty) as empty_note
    from tables group by document_id, table_kind
),
declared as (
    select document_id, trim(kind) as table_kind, min(page) as page, min(sentence) as sentence
    from {{ per_document(ref('stg_narrative_sentences')) }}, unnest(string_split(declares_empty, ',')) as t(kind)
    where declares_empty is not null
    group by document_id, trim(kind)
),
titles as (
    select document_id, table_kind,
           min(page) filter (where in_contents) as contents_page,
           min(title) filter (where in_contents) as contents_title,
           min(page) filter (where not in_contents) as title_page
    from {{ per_document(source('raw_disclosure', 'narrative_titles')) }}
    group by document_id, table_kind
),
procurement_in_words as (
    select document_id, min(page) as page, min(sentence) as sentence
    from {{ per_document(ref('fct_narrative_figures')) }} where subject = 'procurement_total' and basis = 'current' and direction is null
    group by document_id
)
select
    d.document_id,
    doc.file_name,
    d.document_kind,
    r.table_kind,
    case when d.document_kind = '决算' then r.final_accounts_name else r.budget_name end as required_name,
    r.required,
    case
        when f.has_body then 'present'
        when f.printed_empty or dc.table_kind is not null then 'declared_empty'
        when r.table_kind = 'procurement' and p.document_id is not null then 'stated_in_narrative'
        when r.required then 'missing'
        else 'absent'
    end as status,
    f.table_ids,
    coalesce(f.first_page, dc.page, p.page) as page,
    coalesce(f.empty_note, dc.sentence, p.sentence) as evidence,
    t.contents_page is not null as listed_in_contents,
    t.contents_page,
    t.contents_title,
    t.title_page is not null as title_printed,
    t.title_page,
    r.sort_order
from documents d
cross join required r
left join found f on f.document_id = d.document_id and f.table_kind = r.table_kind
left join declared dc on dc.document_id = d.document_id and dc.table_kind = r.table_kind
left join procurement_in_words p on p.document_id = d.document_id and r.table_kind = 'procurement'
left join titles t on t.document_id = d.document_id and t.table_kind = r.table_kind
join {{ per_document(ref('stg_documents')) }} doc on doc.document_id = d.document_id
