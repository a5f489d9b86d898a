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
