-- What each document states about who published it and for which year, and what a comparison with the other
-- printings of its disclosure needs (int_document_identity): one row per loaded document, from its own rows alone
-- (incremental by document, see dbt_project.yml).
-- Department and year come from what the document states, in this order: its budget tables (code and
-- name as printed); the department / year fields of its other tables (targets, self-evaluations) when they
-- name exactly one; a table title or the file name that begins with a department name followed by a
-- four-digit year ("广州市生态环境局_2026项目支出绩效目标表"). Nothing is guessed: NULL when not stated, and
-- `department_source` / `fiscal_year_source` say where each came from.
{% set dept_year = "^([一-龥（）()]{2,40}?(?:局|厅|委员会|委|办公室|办公厅|办事处|街道|院|中心|部|会|所|站|队|馆|政府))[_\\s-]*((?:19|20)[0-9]{2})(?:年|_|[^0-9]|$)" %}
with budget as (
    select document_id, max(department_code) as department_code, max(department_name) as department_name,
           mode(fiscal_year) as fiscal_year, max(document_kind) as document_kind
    from {{ per_document(ref('stg_budget_tables')) }}
    group by document_id
),
other_tables as (
    select document_id, department_name, fiscal_year, table_title from {{ per_document(ref('stg_target_tables')) }}
    union all
    select document_id, department_name, fiscal_year, table_title from {{ per_document(ref('stg_evaluation_tables')) }}
    union all
    -- a project block's 预算部门 / 主管部门 line; its year is the table's
    select p.document_id, p.department_text, t.fiscal_year, null
    from {{ per_document(ref('stg_target_projects')) }} p join {{ per_document(ref('stg_target_tables')) }} t using (table_id)
    where p.department_text is not null
),
named as (
    -- "205-石嘴山市科学技术局" and "石嘴山市科学技术局" name one department: a leading printed code is set aside
    select document_id, nullif(regexp_replace(trim(department_name), '^[0-9]+\s*[-－—]?\s*', ''), '') as department_name,
           fiscal_year, table_title
    from other_tables
),
stated as (
    -- one department (one year) named by the document's tables, or none
    select document_id,
           case when count(distinct department_name) = 1 then max(department_name) end as department_name,
           case when count(distinct fiscal_year) = 1 then max(fiscal_year) end as fiscal_year,
           max(regexp_extract(table_title, '{{ dept_year }}', 1)) filter (where regexp_matches(table_title, '{{ dept_year }}')) as title_department,
           max(try_cast(regexp_extract(table_title, '{{ dept_year }}', 2) as integer)) filter (where regexp_matches(table_title, '{{ dept_year }}')) as title_year
    from named
    group by document_id
),
figures as (
    -- the budget figures of a document, as one fingerprint: equal fingerprints = the same content (the same figures,
    -- whatever their order). The sums of each figure's md5 (both halves): an ordered string_agg buffered every figure
    -- of every document at once (a build from scratch of 10,000 documents ran out of memory). The halves are taken
    -- from md5_number by shifting and masking: DuckDB's md5_number_lower / md5_number_upper are macros that go through
    -- a 128-character bit string (its first 64 bits are md5_number_lower's): the same values, 4 million figures at
    -- 10,000 documents 18.3 -> 3.6 s of CPU (the query alone), every row the same
    select document_id,
           md5(count(figure_md5) || ':' || sum(cast(figure_md5 >> 64 as ubigint)) || ':'
               || sum(cast(figure_md5 & 18446744073709551615::uhugeint as ubigint))) as budget_fingerprint,
           count(*) as budget_figures
    from (
        select document_id,
               md5_number(table_kind || '|' || coalesce(code, '') || '|' || regexp_replace(item_name, '\s+', '', 'g')
                          || '|' || measure || '|' || coalesce(basis, '') || '|' || coalesce(side, '') || '|'
                          || coalesce(cast(amount_yuan as varchar), '')) as figure_md5
        from {{ per_document(ref('int_budget_cells')) }}
        where amount_yuan is not null
    ) as printed
    group by document_id
),
tables as (
    select document_id, count(*) as recognised_tables from {{ per_document(ref('int_tables')) }} group by document_id
),
identity as (
    select
        d.document_id,
        d.format,
        b.department_code,
        coalesce(b.department_name, s.department_name, s.title_department,
                 nullif(regexp_extract(d.file_name, '{{ dept_year }}', 1), '')) as department_name,
        case when b.department_name is not null then 'budget_tables'
             when s.department_name is not null then 'tables'
             when s.title_department is not null then 'table_title'
             when regexp_matches(d.file_name, '{{ dept_year }}') then 'file_name' end as department_source,
        coalesce(b.fiscal_year, s.fiscal_year, s.title_year,
                 try_cast(nullif(regexp_extract(d.file_name, '{{ dept_year }}', 2), '') as integer)) as fiscal_year,
        case when b.fiscal_year is not null then 'budget_tables'
             when s.fiscal_year is not null then 'tables'
             when s.title_year is not null then 'table_title'
             when regexp_matches(d.file_name, '{{ dept_year }}') then 'file_name' end as fiscal_year_source,
        b.document_kind,
        f.budget_fingerprint,
        coalesce(f.budget_figures, 0) as budget_figures,
        coalesce(t.recognised_tables, 0) as recognised_tables
    from {{ per_document(ref('stg_documents')) }} d
    left join budget b using (document_id)
    left join stated s using (document_id)
    left join figures f using (document_id)
    left join tables t using (document_id)
    where d.status = 'loaded'
),
keyed as (
    select *,
        case when department_name is not null and fiscal_year is not null and document_kind is not null
             then coalesce(department_code, '') || '|' || department_name || '|' || fiscal_year || '|' || document_kind
        end as disclosure_key
    from identity
)
select * from keyed
