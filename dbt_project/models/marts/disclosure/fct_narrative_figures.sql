-- One row per figure the 情况说明 narrative states, with the table figure it restates (the
-- candidate of its subject closest to it, see int_narrative_candidates) and whether they agree
-- within the rounding of both printed figures.
with figures as (
    select f.* replace (
               -- a level the phrase dates before the document's year (2025年预算数 …) is a prior-year figure
               case when f.basis = 'current' and f.phrase_year < y.fiscal_year then 'prior_year' else f.basis end as basis),
           s.sentence, s.section, s.has_reason
    from {{ ref('stg_narrative_figures') }} f
    join {{ ref('stg_narrative_sentences') }} s using (sentence_id)
    left join (select document_id, max(fiscal_year) as fiscal_year from {{ ref('stg_budget_tables') }} group by document_id) y
      on y.document_id = f.document_id
),
checkable as (
    select * from figures
    where basis = 'current' and direction is null and amount_yuan is not null
      and subject not in ('unclassified', 'named_project', 'procurement_part', 'fixed_asset_purchase')
),
matches as (
    select f.figure_id, c.table_id, c.table_kind, c.page as table_page, c.item_name as table_item, c.measure as table_measure,
           c.amount_yuan as table_amount_yuan, c.rounding_yuan as table_rounding_yuan
    from checkable f
    join {{ ref('int_narrative_candidates') }} c
      on c.document_id = f.document_id and c.subject = f.subject
     and (f.subject <> 'classified_line'
          or c.code = f.quoted_code
          -- names compared without spaces and without their enumerator (（一）一般公共服务支出)
          or (f.quoted_code is null
              and regexp_replace(regexp_replace(c.item_name, '\s+', '', 'g'), '^[（(]?[一二三四五六七八九十0-9]+[)）、.．]', '')
                = regexp_replace(regexp_replace(f.quoted_name, '\s+', '', 'g'), '^[（(]?[一二三四五六七八九十0-9]+[)）、.．]', '')))
    qualify row_number() over (partition by f.figure_id order by abs(c.amount_yuan - f.amount_yuan), c.table_id, c.page) = 1
)
select
    f.figure_id,
    f.document_id,
    f.sentence_id,
    f.figure_no,
    f.page,
    f.section,
    f.sentence,
    f.subject,
    f.phrase,
    f.quoted_name,
    f.quoted_code,
    f.amount_text,
    f.unit_text,
    f.amount_yuan,
    f.rounding_yuan,
    f.direction,
    f.basis,
    f.phrase_year,
    f.has_reason,
    m.table_id,
    m.table_kind,
    m.table_page,
    m.table_item,
    m.table_measure,
    m.table_amount_yuan,
    m.table_rounding_yuan,
    case
        when f.figure_id not in (select figure_id from checkable) then 'not_checked'
        when m.table_id is null then 'no_table_figure'
        when abs(m.table_amount_yuan - f.amount_yuan) <= f.rounding_yuan + m.table_rounding_yuan then 'agrees'
        else 'differs'
    end as check_status,
    d.file_name
from figures f
left join matches m using (figure_id)
join {{ ref('stg_documents') }} d on d.document_id = f.document_id
