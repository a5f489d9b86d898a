{#- Each layer in its own schema, named as configured (staging, intermediate, marts), not prefixed with the
    target's schema as dbt does by default: analysts query marts.fct_budget_lines. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}
