-- One row per project of a target table, amounts as exact DECIMAL in 元. The unit is the one
-- printed in the amount's label or the 项目资金 label, else the table's unit line, else 元
-- (flagged unit_assumed).
with projects as (
    select p.*, t.unit as table_unit
    from {{ source('raw_targets', 'target_projects') }} p
    left join {{ ref('stg_target_tables') }} t using (table_id)
),

united as (
    select *,
        coalesce(nullif(unit_text, ''), table_unit, '元') as unit,
        coalesce(nullif(unit_text, ''), table_unit) is null as unit_assumed
    from projects
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
    title as table_title,
    nullif(project_name, '') as project_name,
    nullif(project_code, '') as project_code,
    nullif(department_text, '') as department_text,
    nullif(implementing_unit, '') as implementing_unit,
    nullif(attribute_text, '') as attribute_text,
    nullif(period_text, '') as period_text,
    nullif(office_text, '') as office_text,
    nullif(group_name, '') as group_name,
    unit,
    unit_assumed,
    {{ unit_multiplier('unit') }} as unit_multiplier,
    nullif(amount_label, '') as amount_label,
    nullif(amount_text, '') as amount_text,
    {{ parse_figure('amount_text') }} * {{ unit_multiplier('unit') }} as amount_yuan,
    {{ parse_figure('fiscal_text') }} * {{ unit_multiplier('unit') }} as fiscal_yuan,
    {{ parse_figure('special_account_text') }} * {{ unit_multiplier('unit') }} as special_account_yuan,
    {{ parse_figure('other_text') }} * {{ unit_multiplier('unit') }} as other_yuan,
    {{ parse_figure('carryover_text') }} * {{ unit_multiplier('unit') }} as carryover_yuan,
    -- 部门整体支出绩效目标表: 财政拨款 and 其他资金 each split into 基本支出 and 项目支出
    {%- for source in ['fiscal', 'other'] %}{% for part in ['basic', 'project'] %}
    {{ parse_figure(source ~ '_' ~ part ~ '_text') }} * {{ unit_multiplier('unit') }} as {{ source }}_{{ part }}_yuan,
    {%- endfor %}{% endfor %}
    nullif(fiscal_text, '') is not null or nullif(other_text, '') is not null
        or nullif(special_account_text, '') is not null or nullif(carryover_text, '') is not null as split_printed,
    {{ printed_decimals('amount_text') }} as amount_decimals,
    nullif(purpose_text, '') as purpose_text,
    nullif(goal_text, '') as goal_text,
    nullif(spend_plan_json, '') as spend_plan_json,
    {%- for month, name in [('3', 'mar'), ('6', 'jun'), ('10', 'oct'), ('12', 'dec')] %}
    try_cast(nullif(replace(replace(coalesce(
        {%- for i in range(4) %}
        case when json_extract_string(nullif(spend_plan_json, ''), '$[{{ i }}][0]') = '{{ month }}月底'
             then json_extract_string(nullif(spend_plan_json, ''), '$[{{ i }}][1]') end{{ "," if not loop.last }}
        {%- endfor %}), '%', ''), '％', ''), '') as decimal(9, 2)) as spend_by_{{ name }}_pct{{ "," if not loop.last }}
    {%- endfor %}
from united
