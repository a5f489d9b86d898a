-- One row per evaluated project: a self-evaluation form (one project each) or a line of a score
-- list. Funds come from the form's total line (年度资金总额); where that line prints no amounts,
-- from the sum of the lines under it (其中 …), and funds_basis says which. Printed and computed
-- figures sit side by side: the EVA rules compare them.
with forms as (
    select * from {{ per_document(ref('stg_evaluation_tables')) }} where table_kind <> 'score_list'
),
total_line as (
    select * from {{ per_document(ref('int_evaluation_funds')) }} where line_kind = 'total'
    qualify row_number() over (partition by table_id order by line_no) = 1
),
component_sums as (
    select table_id,
           sum(initial_yuan) as initial_yuan, sum(full_year_yuan) as full_year_yuan,
           sum(executed_yuan) as executed_yuan,
           sum(full_year_rounding_yuan) filter (where full_year_yuan is not null) as full_year_rounding_yuan,
           sum(executed_rounding_yuan) filter (where executed_yuan is not null) as executed_rounding_yuan,
           bool_or(has_amounts) as has_amounts
    from {{ per_document(ref('int_evaluation_funds')) }}
    where line_kind <> 'total'
    group by table_id
),
indicator_sums as (
    select table_id,
           count(*) as indicators,
           count(score) as indicators_scored,
           sum(weight) as indicator_weight,
           sum(score) as indicator_score,
           string_agg(deviation_reason, '；' order by line_no) as deviation_text,
           -- the indicator block was read one column off: the 一级 column holds the section label 绩效指标,
           -- or the 二级 column a 一级 label with its points ("产出指标 (50分)"); its 分值/得分 are not certain
           bool_or(regexp_matches(regexp_replace(level1_text, '\s', '', 'g'), '^绩效指标$')
                   or regexp_matches(regexp_replace(level2_text, '\s', '', 'g'), '^(产出|效益|满意度|成本)指标[（(]\d'))
               as indicator_columns_shifted
    from {{ per_document(ref('stg_evaluation_indicators')) }}
    group by table_id
),
form_rows as (
    select
        f.table_id as project_key,
        f.document_id,
        f.table_id,
        f.table_kind,
        f.table_title,
        f.fiscal_year,
        f.project_name,
        f.department_name,
        f.implementer,
        f.first_page as page,
        f.last_page,
        f.unit,
        case when t.has_amounts then 'total_line' when c.has_amounts then 'component_lines' end as funds_basis,
        case when t.has_amounts then t.initial_yuan else c.initial_yuan end as funds_initial_yuan,
        case when t.has_amounts then t.full_year_yuan else c.full_year_yuan end as funds_full_year_yuan,
        case when t.has_amounts then t.executed_yuan else c.executed_yuan end as funds_executed_yuan,
        case when t.has_amounts then t.full_year_rounding_yuan else c.full_year_rounding_yuan end as funds_full_year_rounding_yuan,
        case when t.has_amounts then t.executed_rounding_yuan else c.executed_rounding_yuan end as funds_executed_rounding_yuan,
        t.page as funds_page,
        t.table_index as funds_table_index,
        t.page_row as funds_page_row,
        t.rate_text as execution_rate_text,
        t.rate_percent as execution_rate_printed,
        t.rate_rounding as execution_rate_rounding,
        t.weight as fund_weight,
        t.score as fund_score,
        t.score_rounding as fund_score_rounding,
        f.total_weight_text,
        f.total_score_text,
        f.total_weight as stated_total_weight,
        f.total_score as stated_total_score,
        f.total_weight_rounding,
        f.total_score_rounding,
        coalesce(f.total_page, f.last_page) as total_page,
        f.total_table_index,
        f.total_page_row,
        coalesce(i.indicators, 0) as indicators,
        coalesce(i.indicators_scored, 0) as indicators_scored,
        i.indicator_weight,
        i.indicator_score,
        i.deviation_text,
        coalesce(i.indicator_columns_shifted, false) as indicator_columns_shifted,
        f.unread_columns,
        f.goal_expected,
        f.goal_actual
    from forms f
    left join total_line t using (table_id)
    left join component_sums c using (table_id)
    left join indicator_sums i using (table_id)
),
score_list_rows as (
    select
        s.table_id || '-' || lpad(s.line_no::varchar, 3, '0') as project_key,
        s.document_id, s.table_id, t.table_kind, t.table_title, t.fiscal_year, s.project_name,
        null::varchar as department_name, null::varchar as implementer, s.page, s.page as last_page,
        t.unit, null::varchar as funds_basis,
        null::decimal(38, 6) as funds_initial_yuan, null::decimal(38, 6) as funds_full_year_yuan,
        null::decimal(38, 6) as funds_executed_yuan, null::decimal(38, 6) as funds_full_year_rounding_yuan,
        null::decimal(38, 6) as funds_executed_rounding_yuan, null::integer as funds_page,
        null::bigint as funds_table_index, null::bigint as funds_page_row,
        null::varchar as execution_rate_text, null::decimal(38, 6) as execution_rate_printed,
        null::decimal(38, 6) as execution_rate_rounding, null::decimal(38, 6) as fund_weight,
        null::decimal(38, 6) as fund_score, null::decimal(38, 6) as fund_score_rounding,
        null::varchar as total_weight_text, s.score_text as total_score_text,
        null::decimal(38, 6) as stated_total_weight, s.score as stated_total_score,
        null::decimal(38, 6) as total_weight_rounding, s.score_rounding as total_score_rounding,
        s.page as total_page, s.table_index as total_table_index, s.page_row as total_page_row,
        0 as indicators, 0 as indicators_scored,
        null::decimal(38, 6) as indicator_weight, null::decimal(38, 6) as indicator_score,
        null::varchar as deviation_text, false as indicator_columns_shifted, null::varchar as unread_columns,
        null::varchar as goal_expected,
        null::varchar as goal_actual
    from {{ per_document(ref('stg_evaluation_scores')) }} s
    join {{ per_document(ref('stg_evaluation_tables')) }} t using (table_id)
),
projects as (
    select * from form_rows
    union all
    select * from score_list_rows
)
select
    project_key,
    'self_evaluations' as source_form,
    document_id,
    table_id,
    table_kind,
    table_title,
    fiscal_year,
    project_name,
    department_name,
    implementer,
    page,
    last_page,
    unit,
    funds_basis,
    cast(funds_initial_yuan as decimal(38, 2)) as funds_initial_yuan,       -- amounts: (38,2) like every mart
    cast(funds_full_year_yuan as decimal(38, 2)) as funds_full_year_yuan,
    cast(funds_executed_yuan as decimal(38, 2)) as funds_executed_yuan,
    funds_full_year_rounding_yuan,
    funds_executed_rounding_yuan,
    funds_page,
    funds_table_index,
    funds_page_row,
    execution_rate_text,
    execution_rate_printed,
    execution_rate_rounding,
    case when funds_full_year_yuan > 0
         then cast(round(funds_executed_yuan * 100 / funds_full_year_yuan, 4) as decimal(38, 6)) end as execution_rate_computed,
    fund_weight,
    fund_score,
    fund_score_rounding,
    total_weight_text,
    total_score_text,
    stated_total_weight,
    stated_total_score,
    total_weight_rounding,
    total_score_rounding,
    total_page,
    total_table_index,
    total_page_row,
    case when fund_weight is not null or indicator_weight is not null
         then coalesce(fund_weight, 0) + coalesce(indicator_weight, 0) end as computed_total_weight,
    case when fund_score is not null or indicator_score is not null
         then coalesce(fund_score, 0) + coalesce(indicator_score, 0) end as computed_total_score,
    indicators,
    indicators_scored,
    indicator_weight,
    indicator_score,
    deviation_text,
    indicator_columns_shifted,
    unread_columns,
    goal_expected,
    goal_actual
from projects
