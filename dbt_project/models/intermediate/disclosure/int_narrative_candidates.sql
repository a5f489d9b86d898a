-- The table figures a narrative figure of each subject may restate, one row per candidate.
-- A narrative names a figure loosely (预算收入 may be 收入总计 or 本年收入合计; 人员经费 may be the
-- 人员经费 column of the 基本支出表 or its 工资福利支出 + 对个人和家庭的补助 classes), so a subject
-- has several candidates and the narrative figure agrees when it equals one of them. `side` says
-- which side of the accounts the line is on (income / expenditure, null for procurement and assets),
-- so that 财政拨款支出 is never compared with a 财政拨款收入 line; `derived` marks a figure we computed
-- (a sum of 基本支出表 classes, Σ procurement lines) rather than one the document prints.
with b as (
    select *, regexp_replace(item_name, '\s+', '', 'g') as item_key
    from {{ ref('fct_budget_lines') }}
    where basis in ('budget', 'actual')
),
rules(subject, table_kind, side_like, total_line, measure_in, item_regex) as (values
    -- subject, table kind (null: any), side pattern, total line only, measures, item name pattern
    ('income_total', 'income_expenditure_summary', 'income', true, ['total'], null),
    ('income_total', 'income_summary', null, true, ['total', 'current_year_income'], null),
    ('expenditure_total', 'income_expenditure_summary', 'expenditure%', true, ['total'], null),
    ('expenditure_total', 'expenditure_summary', null, true, ['total'], null),
    ('income_expenditure_total', 'income_expenditure_summary', '%', true, ['total'], null),
    ('income_expenditure_total', 'income_summary', null, true, ['total'], null),
    ('income_expenditure_total', 'expenditure_summary', null, true, ['total'], null),
    ('general_budget', 'income_expenditure_summary', '%', false, ['total'], '一般公共预算'),
    ('general_budget', 'fiscal_grant_summary', '%', false, ['total'], '一般公共预算'),
    ('general_budget', 'income_summary', null, true, ['general_budget'], null),
    ('general_budget', 'general_budget_expenditure', null, true, ['total'], null),
    ('government_fund', 'income_expenditure_summary', '%', false, ['total'], '政府性?基金'),
    ('government_fund', 'fiscal_grant_summary', '%', false, ['total'], '政府性?基金'),
    ('government_fund', 'income_summary', null, true, ['government_fund'], null),
    ('government_fund', 'government_fund_expenditure', null, true, ['total'], null),
    ('state_capital', 'income_expenditure_summary', '%', false, ['total'], '国有资本'),
    ('state_capital', 'fiscal_grant_summary', '%', false, ['total'], '国有资本'),
    ('state_capital', 'income_summary', null, true, ['state_capital'], null),
    ('state_capital', 'state_capital_expenditure', null, true, ['total'], null),
    ('special_account', 'income_expenditure_summary', 'income', false, ['total'], '财政专户'),
    ('special_account', 'income_summary', null, true, ['special_account'], null),
    ('business_income', 'income_expenditure_summary', 'income', false, ['total'], '事业收入'),
    ('business_income', 'income_summary', null, true, ['business_income'], null),
    ('operating_income', 'income_expenditure_summary', 'income', false, ['total'], '经营收入'),
    ('operating_income', 'income_summary', null, true, ['operating_income'], null),
    ('other_income', 'income_expenditure_summary', 'income', false, ['total'], '其他收入'),
    ('other_income', 'income_summary', null, true, ['other_income'], null),
    ('superior_subsidy', 'income_expenditure_summary', 'income', false, ['total'], '上级补助'),
    ('superior_subsidy', 'income_summary', null, true, ['superior_subsidy'], null),
    ('affiliate_remittance', 'income_expenditure_summary', 'income', false, ['total'], '附属单位上缴'),
    ('affiliate_remittance', 'income_summary', null, true, ['affiliate_remittance'], null),
    ('operating', null, null, true, ['operating'], null),
    ('operating', 'income_expenditure_summary', 'expenditure%', false, ['total'], '经营支出'),
    ('remit_to_superior', null, null, true, ['remit_to_superior'], null),
    ('remit_to_superior', 'income_expenditure_summary', 'expenditure%', false, ['total'], '上缴上级'),
    ('subsidy_to_affiliates', null, null, true, ['subsidy_to_affiliates'], null),
    ('subsidy_to_affiliates', 'income_expenditure_summary', 'expenditure%', false, ['total'], '对附属单位补助'),
    ('carryover', 'income_expenditure_summary', 'income', false, ['total'], '结转|结余'),
    ('carryover', 'fiscal_grant_summary', 'income', false, ['total'], '结转|结余'),
    ('carryover', 'income_summary', null, true, ['carryover'], null),
    ('fiscal_grant', 'fiscal_grant_summary', '%', true, ['total'], null),
    ('fiscal_grant', 'income_expenditure_summary', '%', false, ['total'], '财政拨款'),
    ('fiscal_grant', 'income_summary', null, true, ['fiscal_grant'], null),
    ('basic', null, null, true, ['basic'], null),
    ('basic', 'general_budget_basic_expenditure', null, true, ['total'], null),
    ('project', null, null, true, ['project'], null),
    ('personnel', null, null, true, ['personnel'], null),
    ('public', null, null, true, ['public'], null),
    ('three_public', 'three_public', null, false, ['three_public_subtotal'], null),
    ('three_public', 'three_public', null, false, ['total'], '三公'),
    ('outbound_travel', 'three_public', null, false, ['outbound_travel'], null),
    ('outbound_travel', 'three_public', null, false, ['total'], '因公出国'),
    ('vehicles', 'three_public', null, false, ['vehicles'], null),
    ('vehicles', 'three_public', null, false, ['total'], '公务用车(购置及运行|购置和运行|购置及运维)|^[（(]?[二三2][)）、.]?公务用车'),
    ('vehicle_purchase', 'three_public', null, false, ['vehicle_purchase'], null),
    ('vehicle_purchase', 'three_public', null, false, ['total'], '购置费'),
    ('vehicle_operation', 'three_public', null, false, ['vehicle_operation'], null),
    ('vehicle_operation', 'three_public', null, false, ['total'], '运行(维护)?费'),
    ('reception', 'three_public', null, false, ['reception'], null),
    ('reception', 'three_public', null, false, ['total'], '公务接待'),
    ('meetings', null, null, false, ['meetings'], null),
    ('training', null, null, false, ['training'], null),
    ('office_operation', null, null, false, ['office_operation'], null)
),
from_tables as (
    select r.subject, b.document_id, b.table_id, b.table_kind, b.page, b.item_name, null as code, b.measure,
           b.amount_yuan, b.rounding_yuan,
           case when b.side like 'expenditure%' then 'expenditure' when b.side = 'income' then 'income'
                when b.table_kind = 'income_summary' then 'income' else 'expenditure' end as side,
           false as derived
    from b join rules r
      on (r.table_kind is null or b.table_kind = r.table_kind)
     and (r.side_like is null or b.side like r.side_like)
     and (not r.total_line or b.line_type = 'total')
     and list_contains(r.measure_in, b.measure)
     and (r.item_regex is null or regexp_matches(b.item_key, r.item_regex))
),
-- 人员经费 = 工资福利支出 (301) + 对个人和家庭的补助 (303); 公用经费 = 商品和服务支出 (302)
-- (+ 资本性支出 310 where the basic table prints it) — the classes of the 基本支出表.
classes as (
    select document_id, table_id, min(page) as page, code, sum(amount_yuan) as amount_yuan, sum(rounding_yuan) as rounding_yuan
    from b
    where table_kind = 'general_budget_basic_expenditure' and measure = 'total' and code in ('301', '302', '303', '310')
      and side is null
    group by document_id, table_id, code
),
from_classes as (
    select 'personnel' as subject, document_id, table_id, 'general_budget_basic_expenditure' as table_kind, min(page) as page,
           '301+303' as item_name, null as code, 'total' as measure, sum(amount_yuan) as amount_yuan, sum(rounding_yuan) as rounding_yuan,
           'expenditure' as side, true as derived
    from classes where code in ('301', '303') group by document_id, table_id
    union all
    select 'public', document_id, table_id, 'general_budget_basic_expenditure', min(page), '302', null, 'total',
           sum(amount_yuan), sum(rounding_yuan), 'expenditure', false
    from classes where code = '302' group by document_id, table_id
    union all
    select 'public', document_id, table_id, 'general_budget_basic_expenditure', min(page), '302+310', null, 'total',
           sum(amount_yuan), sum(rounding_yuan), 'expenditure', true
    from classes where code in ('302', '310') group by document_id, table_id having count(*) = 2
),
-- A “一般公共服务支出”科目 figure is the line of that name.
from_named_lines as (
    select 'classified_line' as subject, document_id, table_id, table_kind, page, item_name, code, measure, amount_yuan, rounding_yuan,
           'expenditure' as side, false as derived
    from b
    where measure = 'total' and line_type in ('classified', 'item')
),
from_procurement as (
    select 'procurement_total' as subject, document_id, table_id, 'procurement' as table_kind, page, item_name, null as code, 'total' as measure,
           total_yuan as amount_yuan, total_rounding_yuan as rounding_yuan, null as side, false as derived
    from {{ ref('fct_procurement_lines') }} where row_kind = 'total' and total_yuan is not null
    union all
    select 'procurement_total', document_id, table_id, 'procurement', min(page), 'Σ lines', null, 'total',
           sum(total_yuan), sum(total_rounding_yuan), null, true
    from {{ ref('fct_procurement_lines') }} where row_kind = 'line' group by document_id, table_id
),
from_assets as (
    select 'fixed_assets' as subject, document_id, table_id, 'fixed_assets' as table_kind, page, item_name, null as code, 'value' as measure,
           value_yuan as amount_yuan, value_rounding_yuan as rounding_yuan, null as side, false as derived
    from {{ ref('fct_fixed_assets') }} where category = 'total' and value_yuan is not null
)
select * from from_tables
union all select * from from_classes
union all select * from from_named_lines
union all select * from from_procurement
union all select * from from_assets
