{#- dbt's relationships test (every non-null value of the column is a value of `field` in `to`), overriding dbt's
    own (dispatch finds the project's default__test_relationships first), for a build's cost: dbt's reads every row
    of both models in every build, which grows with the warehouse.
    Between a per-document model (macros/per_document.sql) and a parent whose rows are a document's own — a
    per-document model, or a model marked `rows_per_document` (dim_documents: one row per stg_documents row) — a
    value must be found among the parent's rows of the same document (both have document_id): table and project keys
    name their document, so a document's rows refer to its own rows only. In an incremental build such a test then
    reads the changed documents' rows alone (if error-severity): every other document's rows are the published warehouse's, kept as
    they were with the parent rows of their own document they were found in, and they passed this test (a build
    whose dbt tests fail is never published). Every other relationships test, and every test of a build from
    scratch, reads every row. -#}
{% macro default__test_relationships(model, column_name, to, field) %}
{%- set same_document = execute and same_document_relationship() %}
{#- a warn-severity test reads every row (a published warning must not turn green) -#}
{%- set changed_only = same_document and (config.get('severity') or 'error') | lower == 'error' %}
with child as (
    select {{ column_name }} as from_field{% if same_document %}, document_id{% endif %}
    from {{ changed_documents_rows(model) if changed_only else model }} as rows
    where {{ column_name }} is not null
),

parent as (
    select {{ field }} as to_field{% if same_document %}, document_id{% endif %}
    from {{ changed_documents_rows(to) if changed_only else to }} as rows
)

select
    from_field

from child
left join parent
    on child.from_field = parent.to_field
    {%- if same_document %}
   and child.document_id = parent.document_id
    {%- endif %}

where parent.to_field is null

{% endmacro %}

{#- Whether the relationships test being compiled is between a per-document model and a parent whose rows are a
    document's own (see above). -#}
{% macro same_document_relationship() -%}
    {%- set child = graph.nodes.get(model.attached_node) if model.attached_node else none -%}
    {%- set parents = [] -%}
    {%- for node in model.depends_on.nodes if node != model.attached_node -%}
        {%- do parents.append(graph.nodes.get(node)) -%}
    {%- endfor -%}
    {%- do return(child is not none and per_document_model(child)
                  and parents | length == 1 and parents[0] is not none
                  and (per_document_model(parents[0]) or parents[0].config.meta.get('rows_per_document', false))) -%}
{%- endmacro %}
