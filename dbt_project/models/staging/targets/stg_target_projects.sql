-- One row per project of a target table, typed on its own: amounts as exact DECIMALs in the unit they
-- are printed in (int_target_projects resolves the unit with the table's unit line), the spend plan
-- as cumulative percentages.
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
    -- a figure printed with its unit (实施期资金总额： 337770.89万元) is in that unit
    coalesce(nullif(regexp_extract(trim(coalesce(amount_text, '')), '\d\s*(万元|千元|元)$', 1), ''), nullif(unit_text, '')) as unit_text,
    nullif(amount_label, '') as amount_label,
    nullif(amount_text, '') as amount_text,
    {%- for field in ['amount', 'fiscal', 'special_account', 'other', 'carryover'] %}
    {{ parse_clean_figure(field ~ '_figure_text') }} as {{ field }}_figure,
    {%- endfor %}
    -- 部门整体支出绩效目标表: 财政拨款 and 其他资金 each split into 基本支出 and 项目支出
    {%- for source in ['fiscal', 'other'] %}{% for part in ['basic', 'project'] %}
    {{ parse_clean_figure(source ~ '_' ~ part ~ '_figure_text') }} as {{ source }}_{{ part }}_figure,
    {%- endfor %}{% endfor %}
    nullif(fiscal_text, '') is not null or nullif(other_text, '') is not null
        or nullif(special_account_text, '') is not null or nullif(carryover_text, '') is not null as split_printed,
    {{ clean_decimals('amount_figure_text') }} as amount_decimals,
    nullif(purpose_text, '') as purpose_text,
    nullif(goal_text, '') as goal_text,
    nullif(period_goal_text, '') as period_goal_text,
    nullif(spend_plan_json, '') as spend_plan_json,
    {%- for month, name in [('3', 'mar'), ('6', 'jun'), ('10', 'oct'), ('12', 'dec')] %}
    try_cast(nullif(replace(replace(coalesce(
        {%- for i in range(4) %}
        case when json_extract_string(nullif(spend_plan_json, ''), '$[{{ i }}][0]') = '{{ month }}月底'
             then json_extract_string(nullif(spend_plan_json, ''), '$[{{ i }}][1]') end{{ "," if not loop.last }}
        {%- endfor %}), '%', ''), '％', ''), '') as decimal(9, 2)) as spend_by_{{ name }}_pct{{ "," if not loop.last }}
    {%- endfor %}
-- each figure's text cleaned once (clean_figure, after its money unit for the project's amounts), in a subquery:
-- written out in parse_figure's branches DuckDB cleaned it four times (CASE branches are not shared)
from (select *,
             {%- for field in ['amount', 'fiscal', 'special_account', 'other', 'carryover'] %}
             {{ clean_figure(without_money_unit(field ~ '_text')) }} as {{ field }}_figure_text,
             {%- endfor %}
             {%- for source in ['fiscal', 'other'] %}{% for part in ['basic', 'project'] %}
             {{ clean_figure(source ~ '_' ~ part ~ '_text') }} as {{ source }}_{{ part }}_figure_text{{ "," if not loop.last or source == 'fiscal' }}
             {%- endfor %}{% endfor %}
      from {{ per_document(source('raw_targets', 'target_projects')) }}) as projects
