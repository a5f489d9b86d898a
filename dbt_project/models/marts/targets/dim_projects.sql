-- One row per project (or department, for 部门整体绩效目标 tables) of a performance target table:
-- what the money is for, how much, from which sources, and when it is to be spent.
with indicator_counts as (
    select project_key,
           count(*) as indicators,
           count(*) filter (where level1 = '产出指标') as output_indicators,
           count(*) filter (where level1 = '效益指标') as outcome_indicators,
           count(*) filter (where level1 = '满意度指标') as satisfaction_indicators
    from {{ per_document(ref('stg_target_indicators')) }}
    group by project_key
)

select
    p.project_key,
    p.document_id,
    p.table_id,
    t.layout,
    p.scope,
    p.project_seq,
    p.page,
    p.page_row,
    p.table_title,
    coalesce(p.department_text, t.department_name, d.department_name) as department_name,
    p.department_text,
    p.implementing_unit,
    p.group_name,
    coalesce(t.fiscal_year, d.fiscal_year) as fiscal_year,
    p.project_code,
    p.project_name,
    p.attribute_text,
    p.period_text,
    p.office_text,
    p.unit,
    p.unit_assumed,
    p.amount_text,
    cast(p.amount_yuan as decimal(38, 2)) as amount_yuan,
    cast(p.fiscal_yuan as decimal(38, 2)) as fiscal_yuan,
    cast(p.special_account_yuan as decimal(38, 2)) as special_account_yuan,
    cast(p.other_yuan as decimal(38, 2)) as other_yuan,
    cast(p.carryover_yuan as decimal(38, 2)) as carryover_yuan,
    cast(p.fiscal_basic_yuan as decimal(38, 2)) as fiscal_basic_yuan,
    cast(p.fiscal_project_yuan as decimal(38, 2)) as fiscal_project_yuan,
    cast(p.other_basic_yuan as decimal(38, 2)) as other_basic_yuan,
    cast(p.other_project_yuan as decimal(38, 2)) as other_project_yuan,
    p.split_printed,
    p.purpose_text,
    p.goal_text,
    p.period_goal_text,
    p.spend_plan_json,
    p.spend_by_mar_pct,
    p.spend_by_jun_pct,
    p.spend_by_oct_pct,
    p.spend_by_dec_pct,
    coalesce(c.indicators, 0) as indicators,
    coalesce(c.output_indicators, 0) as output_indicators,
    coalesce(c.outcome_indicators, 0) as outcome_indicators,
    coalesce(c.satisfaction_indicators, 0) as satisfaction_indicators
from {{ per_document(ref('int_target_projects')) }} p
left join {{ per_document(ref('stg_target_tables')) }} t using (table_id)
left join {{ per_document(ref('dim_documents')) }} d on d.document_id = p.document_id
left join indicator_counts c using (project_key)
