-- One row per figure the 情况说明 narrative states, with the table figure it restates (the
-- candidate of its subject closest to it, see int_narrative_candidates) and whether they agree
-- within the rounding of both printed figures. A figure is only ever compared with one table
-- figure: when its candidates print different amounts and it equals none, it is ambiguous (not
-- checkable), never a mismatch.
with figures as (
    select f.* replace (
               -- a level the phrase dates before the document's year (2025年预算数 …) is a prior-year figure
               case when f.basis = 'current' and f.phrase_year < y.fiscal_year then 'prior_year' else f.basis end as basis),
           s.sentence, s.section, s.has_reason,
           -- what a named 科目 line's figure covers: the line's 基本支出 when the sentence names 基本支出
           -- before it (基本支出 …，其中：工资福利支出（301）…, as the 基本支出表 prints it), else its whole
           -- expenditure (a 基本支出 named after the figure, 主要用于基本支出、…项目, says what it is spent on)
           case when regexp_matches(substr(s.sentence, 1, strpos(s.sentence, f.phrase)), '基本支出')
                     and not regexp_matches(substr(s.sentence, 1, strpos(s.sentence, f.phrase)), '项目支出') then 'basic'
                else 'total' end as line_measure
    from {{ per_document(ref('stg_narrative_figures')) }} f
    join {{ per_document(ref('stg_narrative_sentences')) }} s using (sentence_id)
    left join (select document_id, max(fiscal_year) as fiscal_year from {{ per_document(ref('stg_budget_tables')) }} group by document_id) y
      on y.document_id = f.document_id
),
checkable as (
    select * from figures
    where basis = 'current' and direction is null and amount_yuan is not null
      and subject not in ('unclassified', 'named_project', 'procurement_part', 'fixed_asset_purchase')
      -- a performance target (人员支出成本≤ 90.9 万元, …指标) is not a level the tables print
      and not regexp_matches(phrase, '[≤≥<>]|指标')
      -- the funds a performance-management or evaluation exercise covers (涉及一级预算项目 6 个，预算资金
      -- 781.5 万元，其中财政拨款 4.5 万元) are a scope, not the budget's total
      and not (subject in ('income_total', 'expenditure_total', 'income_expenditure_total', 'fiscal_grant',
                           'general_budget', 'government_fund', 'state_capital', 'carryover')
               and regexp_matches(sentence, '绩效(目标|评价|自评|管理|监控)|评价'))
      -- what is carried to next year (年终结转结余) is not the 上年结转 the tables print as income
      and not (subject = 'carryover' and regexp_matches(phrase, '年终|年末|期末|结转下年|下年'))
),
-- Every table line that may be the one the figure restates: the same subject (and 科目 and measure
-- for a classified_line), on the side of the accounts the phrase names. The envelope: half a unit of
-- the last printed digit of both figures; where the table prints finer than the prose (元 or 0.01
-- 万元 in the table, 万元 with fewer decimals in the prose), a whole unit of the prose's last digit,
-- since producers round or cut the table's figure (936,647,884.30 元 stated as 93664.78 万元).
candidate_lines as (
    select f.figure_id, c.table_id, c.table_kind, c.page as table_page, c.page_row as table_page_row, c.table_index,
           c.item_name as table_item, c.measure as table_measure,
           c.amount_yuan as table_amount_yuan, c.rounding_yuan as table_rounding_yuan, c.derived, c.placement_inferred,
           f.amount_yuan as figure_amount_yuan,
           case when c.rounding_yuan < f.rounding_yuan then 2 * f.rounding_yuan + c.rounding_yuan
                else f.rounding_yuan + c.rounding_yuan end as tolerance_yuan
    from checkable f
    join {{ per_document(ref('int_narrative_candidates')) }} c
      on c.document_id = f.document_id and c.subject = f.subject
     and (f.side is null or c.side is null or c.side = f.side)
     and (f.subject <> 'classified_line' or c.measure = f.line_measure)
     and (f.subject <> 'classified_line'
          or c.code = f.quoted_code
          -- names compared without spaces and without their enumerator (（一）一般公共服务支出)
          or (f.quoted_code is null
              and regexp_replace(regexp_replace(c.item_name, '\s+', '', 'g'), '^[（(]?[一二三四五六七八九十0-9]+[)）、.．]', '')
                = regexp_replace(regexp_replace(f.quoted_name, '\s+', '', 'g'), '^[（(]?[一二三四五六七八九十0-9]+[)）、.．]', '')))
    where c.amount_yuan is not null
),
candidates as (
    select *, abs(table_amount_yuan - figure_amount_yuan) <= tolerance_yuan as agrees from candidate_lines
),
-- A figure is compared with ONE table figure: the candidates must all print the same amount (the
-- same line restated in several tables). Candidates that disagree with each other, none of which
-- the figure equals, leave it ambiguous: not checkable, never a mismatch.
candidate_summary as (
    select figure_id, count(*) as candidates, bool_or(agrees) as any_agrees,
           max(table_amount_yuan) - min(table_amount_yuan) <= 2 * max(table_rounding_yuan) as one_figure,
           -- a mismatch needs at least one candidate line read as printed, not placed by identities
           bool_and(placement_inferred) as only_inferred_lines
    from candidates group by figure_id
),
matches as (
    select * from candidates
    qualify row_number() over (partition by figure_id
                               order by abs(table_amount_yuan - figure_amount_yuan), placement_inferred, derived,
                                        table_id, table_page,
                                        -- lines printing the same amount (总计 and 本年支出合计): a fixed choice, so the
                                        -- finding's item and id are the same on every build
                                        table_item, table_measure,
                                        -- and its row: two lines of one table with the same name and amount (a 款
                                        -- and its one 项, 城乡社区规划与管理) tied, and builds of the same store
                                        -- pointed at either row (47 figures differed between two builds at 1,000)
                                        table_page_row, table_index) = 1
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
    -- the printed row of the matched line (null for a figure we computed): where a finding points for the table side
    m.table_page_row,
    m.table_index,
    m.table_item,
    m.table_measure,
    m.table_amount_yuan,
    m.table_rounding_yuan,
    m.tolerance_yuan,
    cs.candidates,
    case
        when f.figure_id not in (select figure_id from checkable) then 'not_checked'
        when m.table_id is null then 'no_table_figure'
        when cs.any_agrees then 'agrees'
        when cs.one_figure and cs.only_inferred_lines then 'placement_inferred'
        when cs.one_figure then 'differs'
        else 'ambiguous'
    end as check_status,
    -- confirmed: the one table figure of the same subject, printed as such, and (for a 科目 line) the
    -- line named right before the figure; suspected: a figure we computed, or a name read further back.
    case
        when m.table_id is null then null
        when m.derived or (f.subject = 'classified_line' and f.quoted_code is null
                           and f.named_from in ('context', 'section')) then 'suspected'
        -- a difference that looks like our reading, not the document: a unit confused (元 for 万元) or
        -- a figure cut short (445.6 read for the table's 445.69, or printed truncated: 93664.78 for 93664.788)
        -- prose naming an aggregate is loose (预算收入 may be 收入总计 or 本年收入合计, 财政拨款 either side,
        -- a cut phrase "费预算支出" a specific expense): confirmed only where it says 总计 / 合计 / 总预算
        when f.subject in ('income_total', 'expenditure_total', 'income_expenditure_total', 'fiscal_grant',
                           'general_budget', 'government_fund', 'state_capital', 'carryover')
             and not regexp_matches(f.phrase, '总计|合计|总预算|总决算|总额') then 'suspected'
        when m.table_amount_yuan in (f.amount_yuan * 10000, f.amount_yuan / 10000) then 'suspected'
        when f.amount_yuan <> 0 and f.amount_text like '%.%'
             and starts_with(cast(cast(m.table_amount_yuan * try_cast(regexp_replace(f.amount_text, '[^0-9.]', '', 'g') as decimal(38, 6))
                                       / f.amount_yuan as decimal(38, 6)) as varchar),
                             regexp_replace(f.amount_text, '[^0-9.]', '', 'g'))
             and not m.agrees then 'suspected'
        else 'confirmed'
    end as match_confidence,
    d.file_name
from figures f
left join matches m using (figure_id)
left join candidate_summary cs using (figure_id)
join {{ per_document(ref('stg_documents')) }} d on d.document_id = f.document_id
