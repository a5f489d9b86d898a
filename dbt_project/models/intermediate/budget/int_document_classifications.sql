-- The classification codes each document prints, with each name it prints for a code and on how many of its lines
-- (int_budget_lines' rows: a line × measure × basis), from its own rows alone (incremental by document, see
-- dbt_project.yml). dim_classifications, which looks across documents, sums these instead of every line.
select
    document_id,
    classification,
    code,
    level,
    parent_code,
    item_name,
    count(*) as lines
from {{ per_document(ref('int_budget_lines')) }}
where code is not null
group by document_id, classification, code, level, parent_code, item_name
