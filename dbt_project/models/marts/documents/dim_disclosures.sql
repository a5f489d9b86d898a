-- One row per disclosure: department × fiscal year × 预算/决算, with its current document and how many
-- other printings (duplicates: same figures in another format; superseded: different figures) exist.
select
    disclosure_key,
    any_value(department_code) as department_code,
    any_value(department_name) as department_name,
    any_value(fiscal_year) as fiscal_year,
    any_value(document_kind) as document_kind,
    any_value(current_document_id) as current_document_id,
    count(*) as documents,
    count(*) filter (where disclosure_role = 'duplicate') as duplicates,
    count(*) filter (where disclosure_role = 'superseded') as superseded,
    list(document_id order by document_id) filter (where disclosure_role <> 'current') as other_document_ids
from {{ ref('int_document_identity') }}
where disclosure_key is not null
group by disclosure_key
