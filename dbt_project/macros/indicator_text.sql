{# Parsing of performance-indicator text (targets and actual values) and level names.
   Shared by the target tables (项目支出绩效目标表) and the self-evaluations (绩效自评表): both
   keep the printed text and add these parsed parts beside it. Each macro takes a SQL expression
   and returns NULL when the text does not say. #}

{# the text with full-width digits/signs made ASCII and spaces removed #}
{% macro indicator_clean(column) -%}
regexp_replace(translate(coalesce({{ column }}, ''), '０１２３４５６７８９．，％＞＜＝～—', '0123456789.,%><=~-'), '\s', '', 'g')
{%- endmacro %}

{# ≥ ≤ = > < or 'range' (a–b), from symbols or words (以上 不少于 至少 不低于 达到 → ≥; 以下 不超过 控制在 以内 → ≤) #}
{% macro target_operator(column) -%}
case
  when regexp_matches({{ indicator_clean(column) }}, '\d+(\.\d+)?%?(-|~|至|到)\d+(\.\d+)?') then 'range'
  when regexp_matches({{ indicator_clean(column) }}, '≥|>=|不少于|不低于|至少|以上|达到|大于等于|不小于') then '≥'
  when regexp_matches({{ indicator_clean(column) }}, '≤|<=|不超过|不高于|以下|以内|控制在|小于等于|不大于|低于') then '≤'
  when regexp_matches({{ indicator_clean(column) }}, '>|大于|超过|高于') then '>'
  when regexp_matches({{ indicator_clean(column) }}, '<|小于') then '<'
  when regexp_matches({{ indicator_clean(column) }}, '^=?-?\d+(\.\d+)?[^\d]*$') then '='
end
{%- endmacro %}

{# the first number printed (the lower bound of a range) as an exact DECIMAL #}
{% macro target_value(column) -%}
try_cast(nullif(regexp_extract(replace({{ indicator_clean(column) }}, ',', ''), '-?\d+(\.\d+)?', 0), '') as decimal(38, 6))
{%- endmacro %}

{# the upper bound of a range (a–b), else NULL #}
{% macro target_value_high(column) -%}
try_cast(nullif(regexp_extract(replace({{ indicator_clean(column) }}, ',', ''), '\d+(\.\d+)?%?(-|~|至|到)(\d+(\.\d+)?)', 3), '') as decimal(38, 6))
{%- endmacro %}

{# the unit printed after the number (%, 万元, 次/年, 平方米 …) #}
{% macro target_unit(column) -%}
nullif(regexp_extract(replace({{ indicator_clean(column) }}, ',', ''), '\d(\.\d+)?([%‰]|[^\d\s≥≤=<>()（）,，。；;、]{1,4}(/[^\d\s,，。；;、]{1,2})?)', 2), '')
{%- endmacro %}

{# a class for qualitative targets that carry no number #}
{% macro target_quality_class(column) -%}
case
  when regexp_matches({{ indicator_clean(column) }}, '\d') then null
  when regexp_matches({{ indicator_clean(column) }}, '显著|明显') then 'significant'
  when regexp_matches({{ indicator_clean(column) }}, '提升|提高|改善|增强|增加|有所') then 'improved'
  when regexp_matches({{ indicator_clean(column) }}, '及时|按时|按期|准时') then 'timely'
  when regexp_matches({{ indicator_clean(column) }}, '达到|达标|合格|符合|完成|预期') then 'achieved'
  when regexp_matches({{ indicator_clean(column) }}, '降低|减少|下降') then 'reduced'
  when regexp_matches({{ indicator_clean(column) }}, '保障|保持|稳定|持续|长期') then 'sustained'
  when {{ indicator_clean(column) }} <> '' then 'other'
end
{%- endmacro %}

{# 一级指标 → 产出指标 / 效益指标 / 满意度指标 / 成本指标 (some templates put 成本 at the first level) #}
{% macro indicator_level1(column) -%}
case
  when regexp_matches({{ indicator_clean(column) }}, '产出') then '产出指标'
  when regexp_matches({{ indicator_clean(column) }}, '效益|效果') then '效益指标'
  when regexp_matches({{ indicator_clean(column) }}, '满意') then '满意度指标'
  when regexp_matches({{ indicator_clean(column) }}, '成本') then '成本指标'
end
{%- endmacro %}

{# 二级指标 → the standard taxonomy: 数量/质量/时效/成本指标, 经济/社会/生态/可持续影响效益指标, 服务对象满意度指标 #}
{% macro indicator_level2(column) -%}
case
  when regexp_matches({{ indicator_clean(column) }}, '数量') then '数量指标'
  when regexp_matches({{ indicator_clean(column) }}, '质量') then '质量指标'
  when regexp_matches({{ indicator_clean(column) }}, '时效|进度') then '时效指标'
  when regexp_matches({{ indicator_clean(column) }}, '成本') then '成本指标'
  when regexp_matches({{ indicator_clean(column) }}, '经济') then '经济效益指标'
  when regexp_matches({{ indicator_clean(column) }}, '社会') then '社会效益指标'
  when regexp_matches({{ indicator_clean(column) }}, '生态|环境') then '生态效益指标'
  when regexp_matches({{ indicator_clean(column) }}, '可持续') then '可持续影响指标'
  when regexp_matches({{ indicator_clean(column) }}, '满意') then '服务对象满意度指标'
end
{%- endmacro %}
