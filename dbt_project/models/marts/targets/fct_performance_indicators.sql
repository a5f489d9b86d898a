-- Every performance indicator row, one model for targets and self-evaluations (whose rows,
-- from fct_evaluation_indicators, add actuals and scores, NULL on target rows; weights are on both when printed): levels as printed and normalised, the
-- target text as printed and its parsed parts, traceable to file, page and row.
with targets as (
select
    i.table_id || '-' || lpad(cast(p.project_seq as varchar), 3, '0') || '-' || lpad(cast(i.line_no as varchar), 3, '0') as indicator_id,
    'performance_targets' as source_form,
    i.document_id,
    i.table_id,
    i.project_key,
    p.project_name,
    p.department_name,
    p.fiscal_year,
    i.line_no,
    i.page,
    i.table_index,
    i.page_row,
    i.level1_text,
    i.level2_text,
    i.level3_text,
    i.level1,
    i.level2,
    i.description,
    i.target_text,
    i.target_operator,
    i.target_value,
    i.target_value_high,
    i.target_unit,
    i.target_quality_class,
    i.target_deadline,
    i.target_deadline_month,
    (i.target_value is not null or i.target_deadline is not null
     or (i.target_operator is not null and i.target_operator <> '=')
     or coalesce(i.target_quality_class, 'other') <> 'other') as target_parsed,
    i.period_target_text,
    i.basis_text,
    i.nature_text,
    i.measure_unit_text,
    i.weight,
    i.levels_carried,
    i.activity_text,
    i.unread_text,
    i.unsplit_text,
    i.cells_certain
from {{ per_document(ref('stg_target_indicators')) }} i
join {{ per_document(ref('dim_projects')) }} p using (project_key)
)
select * replace (
    -- parsed: a value, a deadline, an operator other than a bare figure, or a qualitative class
    (target_value is not null or target_deadline is not null
     or (target_operator is not null and target_operator <> '=')
     or coalesce(target_quality_class, 'other') <> 'other') as target_parsed)
from (
    select * from targets
    union all by name
    select * from {{ per_document(ref('fct_evaluation_indicators')) }}
)
