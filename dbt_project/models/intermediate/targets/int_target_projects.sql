-- One row per project of a target table, amounts as exact DECIMAL in 元. The unit is the one
-- printed in the amount's label or the 项目资金 label, else the table's unit line, else 元
-- (flagged unit_assumed).
with united as (
    select p.*,
        coalesce(p.unit_text, t.unit, '元') as unit,
        coalesce(p.unit_text, t.unit) is null as unit_assumed
    from {{ per_document(ref('stg_target_projects')) }} p
    left join {{ per_document(ref('stg_target_tables')) }} t using (table_id)
),

multiplied as (
    select *, {{ unit_multiplier('unit') }} as unit_multiplier from united
)

select
    project_key,
    document_id,
    table_id,
    project_seq,
    scope,
    page,
    table_index,
    page_row,
    table_title,
    project_name,
    project_code,
    department_text,
    implementing_unit,
    attribute_text,
    period_text,
    office_text,
    group_name,
    unit,
    unit_assumed,
    unit_multiplier,
    amount_label,
    amount_text,
    amount_figure * unit_multiplier as amount_yuan,
    fiscal_figure * unit_multiplier as fiscal_yuan,
    special_account_figure * unit_multiplier as special_account_yuan,
    other_figure * unit_multiplier as other_yuan,
    carryover_figure * unit_multiplier as carryover_yuan,
    {%- for source in ['fiscal', 'other'] %}{% for part in ['basic', 'project'] %}
    {{ source }}_{{ part }}_figure * unit_multiplier as {{ source }}_{{ part }}_yuan,
    {%- endfor %}{% endfor %}
    split_printed,
    amount_decimals,
    purpose_text,
    goal_text,
    period_goal_text,
    spend_plan_json,
    spend_by_mar_pct,
    spend_by_jun_pct,
    spend_by_oct_pct,
    spend_by_dec_pct
from multiplied
