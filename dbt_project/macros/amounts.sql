{# Printed figure -> exact DECIMAL, or NULL when blank / a dash. Thousands separators, full-width
   digits and (negative) parentheses are handled; text that is not a figure also gives NULL
   (int_budget_cells keeps it as `unparsed_text` so a rule can report it). #}
{% macro clean_figure(column) -%}
nullif(regexp_replace(translate(trim({{ column }}), '０１２３４５６７８９．，－−（）', '0123456789.,--()'), '[,\s]', '', 'g'), '')
{%- endmacro %}

{% macro parse_figure(column) -%}
{{ parse_clean_figure(clean_figure(column)) }}
{%- endmacro %}

{% macro printed_decimals(column) -%}
{{ clean_decimals(clean_figure(column)) }}
{%- endmacro %}

{# The same of a figure already cleaned (`cleaned` is clean_figure(column), computed once in a subquery): DuckDB
   computes each occurrence of clean_figure again (its regexp_replace is most of stg_budget_cells' time). #}
{% macro parse_clean_figure(cleaned) -%}
case
  when {{ cleaned }} in ('-', '--', '—', '——', '/', '－') then null
  when regexp_full_match({{ cleaned }}, '\(\d*\.?\d+\)')
    then -try_cast(regexp_replace({{ cleaned }}, '[()]', '', 'g') as decimal(38, 6))
  else try_cast({{ cleaned }} as decimal(38, 6))
end
{%- endmacro %}

{% macro clean_decimals(cleaned) -%}
coalesce(length(regexp_extract({{ cleaned }}, '\.(\d+)', 1)), 0)
{%- endmacro %}

{# a figure printed with its money unit (实施期资金总额： 337770.89万元): the figure; the unit is read apart #}
{% macro without_money_unit(column) -%}
regexp_replace({{ column }}, '(\d)\s*(万元|千元|元)$', '\1')
{%- endmacro %}

{% macro unit_multiplier(unit) -%}
case {{ unit }} when '元' then 1 when '千元' then 1000 when '万元' then 10000 when '亿元' then 100000000 else 1 end
{%- endmacro %}
