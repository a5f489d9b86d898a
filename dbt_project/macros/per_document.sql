{#- Per-document models: models whose rows for one document depend on that document's rows alone are
    incremental by document. A build from scratch builds them whole. An incremental build (extract/loader.py:
    the build's file starts as a copy of the published warehouse, same project) lists in main.build_changes the
    documents whose raw rows it replaced or removed: their rows are deleted (pre-hook) and rebuilt from those
    documents' rows alone; every other document's rows stay as the previous build made them. -#}

{#- A per-document model's input: all of `relation`, or only the changed documents' rows. -#}
{% macro per_document(relation) -%}
    {%- if is_incremental() -%}
        (select * from {{ relation }} where document_id in (select document_id from main.build_changes))
    {%- else -%}
        {{ relation }}
    {%- endif -%}
{%- endmacro %}

{#- The pre-hook of a per-document model: drop the changed and removed documents' rows. -#}
{% macro delete_changed_documents() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where document_id in (select document_id from main.build_changes)
    {%- endif -%}
{%- endmacro %}

{#- The row checks of a per-document model in an incremental build (README "Builds are incremental by document";
    the column_checks test, tests/generic/column_checks.sql). Its unchanged documents' rows are the published
    warehouse's, kept as they were, and they passed every test: all are error-severity, and a build whose dbt tests
    fail is never published (dagster-dbt fails the step, the build is abandoned). So the verdict on the whole model
    is the verdict on what the changed documents' rows can change:
    - not_null, accepted_values (a row passes or fails by itself): the changed documents' rows;
    - unique: the changed documents' rows too. A per-document model's key names its document (a row check of every
      build, tests/generic/column_checks.sql), so a changed row's key equals no unchanged row's (another
      document's), and a duplicate among unchanged rows alone cannot be: they passed. (Before this check the test
      read the rows whose key a changed row has, which computes the key of every row: 5.4 s for stg_cell_boxes'
      4 million rows at 1,000 documents.)
    A relationships test between a per-document model and a parent whose rows are a document's own reads the
    changed documents' rows too (macros/relationships.sql). A warn-severity test (its published failures must not
    turn green), any other relationships test and every test of a model rebuilt whole read the whole model, as does
    every test of a build from scratch (main.warehouse_build.incremental is false: the condition keeps every row). -#}

{#- The changed documents' rows (those an incremental build's check reads, see above; changed_documents_rows below
    reads every row in a build from scratch). -#}
{% macro changed_documents_condition() -%}
    {%- do return('document_id in (select document_id from main.build_changes)') -%}
{%- endmacro %}

{#- The rows of `relation` a check of a per-document model reads: in an incremental build the changed documents'
    rows, in a build from scratch every row. Two selections, one empty, rather than one `where changed or whole`:
    with that `or` DuckDB computed a check's expressions (a composite key) on every row before filtering (1.3 s
    instead of 0.05 s on stg_cell_boxes' 4 million rows at 1,000 documents). -#}
{% macro changed_documents_rows(relation) -%}
    (select * from {{ relation }} where {{ changed_documents_condition() }} and not ({{ whole_build_condition() }})
     union all
     select * from {{ relation }} where {{ whole_build_condition() }})
{%- endmacro %}

{% macro whole_build_condition() -%}
    {%- do return('not coalesce((select bool_or(incremental) from main.warehouse_build), false)') -%}
{%- endmacro %}

{#- Whether the test being compiled is an error-severity column_checks of a per-document model (so it may read the
    rows above only). -#}
{% macro changed_documents_test() -%}
    {%- set tested = graph.nodes.get(model.attached_node) if model.attached_node else none -%}
    {%- do return(model.test_metadata is not none
                  and model.test_metadata.name == 'column_checks'
                  and (config.get('severity') or 'error') | lower == 'error'
                  and tested is not none
                  and per_document_model(tested)) -%}
{%- endmacro %}

{#- Whether a model (a node of dbt's graph) is per-document: incremental, its changed documents' rows deleted first;
    or a view marked `per_document` (stg_cell_boxes): a view of one raw table whose rows for a document are that
    document's raw rows alone (the loader replaces only the changed documents' raw rows, and the view is the same:
    an incremental build builds the published warehouse's project). -#}
{% macro per_document_model(node) -%}
    {%- do return(node.resource_type == 'model'
                  and ((node.config.materialized == 'incremental'
                        and node.config['pre-hook'] | map(attribute='sql') | list == ['{{ delete_changed_documents() }}'])
                       or (node.config.materialized == 'view' and node.config.meta.get('per_document', false)))) -%}
{%- endmacro %}
