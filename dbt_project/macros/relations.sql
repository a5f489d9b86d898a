{#- Relations without the database (DuckDB's catalog): rendered SQL reads `marts.fct_budget_lines`, not
    `warehouse.marts.fct_budget_lines`. A build's file and the published file may have different names (the
    catalog is the file's name), and dbt runs every build with one constant profile (`warehouse.duckdb` in the
    build's folder, see orchestration/resources.py) so that its partial parse is reused from build to build;
    the views keep working in the published file whatever it is called. -#}
{% macro ref() %}
    {%- set relation = builtins.ref(*varargs, **kwargs) -%}
    {%- if relation is none or relation is string -%}{{ return(relation) }}{%- endif -%}
    {{ return(relation.include(database=False)) }}
{% endmacro %}

{% macro source() %}
    {%- set relation = builtins.source(*varargs, **kwargs) -%}
    {%- if relation is none or relation is string -%}{{ return(relation) }}{%- endif -%}
    {{ return(relation.include(database=False)) }}
{% endmacro %}
