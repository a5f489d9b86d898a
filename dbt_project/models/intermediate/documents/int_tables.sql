-- Every recognised table of every form, one row each: what a rule failure or a report names.
-- A new form adds its staging tables model here with one `union all`.
select table_id, document_id, 'budget_tables' as form, table_kind, table_title, first_page, last_page
from {{ per_document(ref('stg_budget_tables')) }}
union all select table_id, document_id, form, table_kind, table_title, first_page, last_page from {{ per_document(ref('stg_disclosure_tables')) }}
union all
select table_id, document_id, 'self_evaluations' as form, table_kind, table_title, first_page, last_page
from {{ per_document(ref('stg_evaluation_tables')) }}
union all
select table_id, document_id, 'performance_targets' as form, table_kind, table_title, first_page, last_page
from {{ per_document(ref('stg_target_tables')) }}
