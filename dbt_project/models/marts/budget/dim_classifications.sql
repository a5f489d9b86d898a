-- One row per classification code seen in the tables: functional (支出功能分类) or economic
-- (部门经济分类), with its level (类/款/项), parent and the name printed most often.
select
    classification || ':' || code as classification_key,
    code,
    classification,
    level,
    parent_code,
    mode(item_name) as name,
    count(distinct document_id) as documents
from {{ ref('fct_budget_lines') }}
where code is not null
group by classification, code, level, parent_code
