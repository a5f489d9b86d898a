{# Parsing of performance-indicator text (targets and actual values) and level names.
   Shared by the target tables (项目支出绩效目标表) and the self-evaluations (绩效自评表): both
   keep the printed text and add these parsed parts beside it. Each macro takes a SQL expression
   and returns NULL when the text does not say. DuckDB regular expressions are RE2: no look-arounds. #}

{# the text with full-width digits/signs made ASCII, spaces removed, ≦ ≧ >= <= 大于等于 … as ≥ ≤,
   and 百分比 / 个百分点 as % #}
{% macro indicator_clean(column) -%}
replace(replace(replace(replace(replace(replace(replace(
  regexp_replace(translate(coalesce({{ column }}, ''), '０１２３４５６７８９．，％＞＜＝～—－≦≧', '0123456789.,%><=~--≤≥'), '\s', '', 'g'),
  '>=', '≥'), '<=', '≤'), '大于等于', '≥'), '小于等于', '≤'), '个百分点', '%'), '百分比', '%'), '百分之', '')
{%- endmacro %}

{# a deadline rather than a quantity: 年底前, 2026年底前, 十月底, 10月前, 2023年8月底前, 12月31日前, 六月份之前, 2023.12 #}
{% macro _deadline_pattern() -%}
'((20\d{2}年)?(\d{1,2}|十[一二]?|[一二三四五六七八九])月((份|底|末|\d{1,2}日)(之?前|以前)?|之?前|以前)|(20\d{2}年?)?(年底|年末|上半年|下半年)(之?前|以前)?|^20\d{2}\.\d{1,2}$|^(20\d{2}年)?\d{1,2}月$)'
{%- endmacro %}

{% macro target_deadline(column, one_figure=none) -%}
case when {{ _one_figure(column, one_figure) }} then {{ _part(column, one_figure, 'deadline_printed') }} end
{%- endmacro %}

{# the deadline printed anywhere in the text (target_deadline before the one-figure guard) #}
{% macro _target_deadline_printed(column) -%}
nullif(regexp_extract({{ indicator_clean(column) }}, {{ _deadline_pattern() }}, 0), '')
{%- endmacro %}

{# the month a deadline falls in (年底 → 12, 上半年 → 6, 十月底 → 10, 2023.12 → 12) #}
{% macro target_deadline_month(column, one_figure=none) -%}
case
  when {{ target_deadline(column, one_figure) }} is null then null
  when regexp_matches({{ target_deadline(column, one_figure) }}, '年底|年末|下半年') then 12
  when regexp_matches({{ target_deadline(column, one_figure) }}, '上半年') then 6
  when regexp_matches({{ target_deadline(column, one_figure) }}, '^20\d{2}\.\d{1,2}$') then try_cast(regexp_extract({{ target_deadline(column, one_figure) }}, '\.(\d{1,2})$', 1) as integer)
  when regexp_matches({{ target_deadline(column, one_figure) }}, '\d{1,2}月') then try_cast(regexp_extract({{ target_deadline(column, one_figure) }}, '(\d{1,2})月', 1) as integer)
  else case regexp_extract({{ target_deadline(column, one_figure) }}, '(十[一二]?|[一二三四五六七八九])月', 1)
    when '一' then 1 when '二' then 2 when '三' then 3 when '四' then 4 when '五' then 5 when '六' then 6
    when '七' then 7 when '八' then 8 when '九' then 9 when '十' then 10 when '十一' then 11 when '十二' then 12 end
end
{%- endmacro %}

{# Units of measure a target prints after its figure (a closed list: words that are not listed are not a
   unit): a measure word or unit, optionally with 万/千/百/亿 or 个 before it and 次 after it (人次, 个工作日,
   万人次), an alternative in brackets (台（套）), then anything after a slash (元/人/天, 万元/网格.月);
   %, ‰, ℃, ㎡ and Latin units (mg/m3, Mbps, TEU). #}
{% macro _known_unit_pattern() -%}
'^(([万千百亿十]?个?(元|角|个|次|人|家|项|台|套|部|辆|份|册|类|篇|条|户|件|场|期|天|日|年|月|周|小时|分钟|秒|毫秒|吨|蒸吨|千瓦时|千瓦|瓦|度|平方米|平米|立方米|立方|方|米|延米|公里|千米|平方公里|平方千米|公顷|亩|株|棵|头|只|所|位|名|批|组|本|张|把|间|座|处|幅|集|课时|学时|门|种|枚|分|起|块|站|路|点|点位|卷|盒|宗|艘|盏|支|则|级|页|字|箱|架|片|栋|层|根|轮|届|节|堂|例|岗|票|对|倍|克|千克|公斤|斤|毫克|微克|分贝|兆|工作日|人数|次数|天数|户数|台套|台班|册卷|罐车|车|网格|社区|村|镇|街道|单位|企业|学校|班|期次)次?|[万亿])([(（][^()（）]{1,12}[)）])?|[%‰℃㎡]|[A-Za-zμ]+)([/／].*)?$'
{%- endmacro %}

{# The text as its figures are counted: thousands separators joined, bracketed notes dropped, nested ones too (100%（…20个工作日内…）
   is one figure), a unit's power dropped (mg/m3, km2), the upper bound of a range dropped (95%-100% is one figure). #}
{% macro _target_figures_text(column) -%}
regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace({{ indicator_clean(column) }},
  '(\d),(\d)', '\1\2', 'g'),
  '[(（][^()（）]*[)）]', '', 'g'), '[(（][^()（）]*[)）]', '', 'g'),
  '([A-Za-z])[23]([^\d.]|$)', '\1\2', 'g'),
  '(\d(\.\d+)?(%|\p{Han}{1,3})?)(-|~|至|到)\d+(\.\d+)?', '\1', 'g')
{%- endmacro %}

{# A target is one figure: an operator, a number (or a range) and a unit from the list above, with words around
   it (完成率≥95%, 不少于10项, 100%（…）). Text printing several figures (颗粒物≤5mg/m3；二氧化硫≤25mg/m3, ≥10次/≥10篇,
   27套仪器设备，1套软件平台, PM2.5≤35) or a number followed by words that are no unit (编制实施2022年度蓝天保卫战…,
   举办6场“两区”推介活动, ≤0.5小时响应，…) is not one figure: no operator, value or unit is read from it (it is kept as
   printed and counts as not parsed) — its first number is not its target. A deadline is one figure when
   the text prints no other number. #}
{% macro target_is_one_figure(column) -%}
{{ _one_figure_test(
     "regexp_matches(" ~ indicator_clean(column) ~ ", '\\d')", _target_figures_text(column),
     _target_deadline_printed(column), _target_unit_printed(column)) }}
{%- endmacro %}

{# The test itself, on the text's parts: whether it prints a digit, its figures (_target_figures_text), the deadline
   it prints and the words after its first number #}
{% macro _one_figure_test(has_digit, figures, deadline, unit) -%}
(not {{ has_digit }}
 -- a deadline and no other figure (2023年8月底前完成, not ≥95%/1月前/3月完成)
 or ({{ deadline }} is not null and not regexp_matches(replace({{ figures }}, {{ deadline }}, ''), '\d'))
 or ({{ deadline }} is null and len(regexp_extract_all({{ figures }}, '\d+(\.\d+)?')) <= 1
     and coalesce(regexp_matches({{ unit }}, {{ _known_unit_pattern() }}), true)))
{%- endmacro %}

{# target_is_one_figure in two steps, for a model: its parts computed once per row in an inner query
   (one_figure_parts(column) adds <column>_clean, _has_digit, _figures, _deadline_printed, _unit_printed), then tested
   (one_figure_from_parts(column)). Written as one expression it nests deeper than sqlfluff parses (its limit
   of 600), and it computes each part twice. The macros below, given the column one_figure_from_parts was computed
   into (one_figure), read the parts too instead of expanding them again (the text cleaned, the deadline and the
   unit printed): the same values, in a query a tenth as long (quicker for sqlfluff, dbt and DuckDB to read). #}
{% macro one_figure_parts(column) -%}
{{ indicator_clean(column) }} as {{ column }}_clean,
    regexp_matches({{ indicator_clean(column) }}, '\d') as {{ column }}_has_digit,
    {{ _target_figures_text(column) }} as {{ column }}_figures,
    {{ _target_deadline_printed(column) }} as {{ column }}_deadline_printed,
    {{ _target_unit_printed(column) }} as {{ column }}_unit_printed
{%- endmacro %}

{% macro one_figure_from_parts(column) -%}
{{ _one_figure_test(column ~ '_has_digit', column ~ '_figures', column ~ '_deadline_printed', column ~ '_unit_printed') }}
{%- endmacro %}

{# target_is_one_figure, or the column a model computed it into once (one_figure): the macros below each need it,
   and expanding it in every one of them makes the query too long to plan quickly #}
{% macro _one_figure(column, one_figure) -%}
{%- if one_figure -%}{{ one_figure }}{%- else -%}{{ target_is_one_figure(column) }}{%- endif -%}
{%- endmacro %}

{# a part of the text (clean, deadline_printed or unit_printed): the model's column of it when the model computed
   the parts (one_figure given), else the expression #}
{% macro _part(column, one_figure, part) -%}
{%- if one_figure -%}{{ column }}_{{ part }}
{%- elif part == 'clean' -%}{{ indicator_clean(column) }}
{%- elif part == 'deadline_printed' -%}{{ _target_deadline_printed(column) }}
{%- else -%}{{ _target_unit_printed(column) }}
{%- endif -%}
{%- endmacro %}

{# ≥ ≤ = > < or 'range' (a–b), from symbols or words (以上 不少于 至少 不低于 达到 → ≥; 以下 不超过
   控制在 以内 最高 → ≤). Words count only next to a number; a deadline with 前 is ≤ (by then), else =. A bracketed
   note printing a figure of its own says nothing of the target's operator (2元/吨（最高不超过2000万元/年） is = 2 元/吨):
   it is left out; a bracket without a figure still counts (≥95%（含）). #}
{% macro target_operator(column, one_figure=none) -%}
{%- set operator_text = column ~ '_operator_text' if one_figure else _operator_text(column, one_figure) -%}
case
  when not {{ _one_figure(column, one_figure) }} then null
  when {{ target_deadline(column, one_figure) }} is not null
    then case when regexp_matches({{ _part(column, one_figure, 'clean') }}, '前') then '≤' else '=' end
  when regexp_matches({{ operator_text }}, '\d(\.\d+)?(%|\p{Han}{1,3})?(-|~|至|到)\d') then 'range'
  when regexp_matches({{ operator_text }}, '≥') then '≥'
  when regexp_matches({{ operator_text }}, '≤') then '≤'
  when not regexp_matches({{ operator_text }}, '\d') then
    case when regexp_matches({{ operator_text }}, '^>') then '>' when regexp_matches({{ operator_text }}, '^<') then '<' end
  when regexp_matches({{ operator_text }}, '不少于|不低于|至少|以上|不小于|达到|最低|起码') then '≥'
  when regexp_matches({{ operator_text }}, '不超|不高于|不大于|以下|以内|之内|控制在|低于|少于|最高|最多') then '≤'
  when regexp_matches({{ operator_text }}, '>|大于|超过|高于|多于') then '>'
  when regexp_matches({{ operator_text }}, '<|小于') then '<'
  else '='
end
{%- endmacro %}

{# the text an operator is read from: the cleaned text less the bracketed notes that print a figure of their own,
   when a figure is left outside them (a target printed wholly in brackets, （≥95%）, is read as printed).
   A model that computes the parts (one_figure given) computes it once too, as <column>_operator_text beside
   <column>_one_figure (operator_text_from_parts): target_operator's nine branches each computed it again, two
   regexp_replace each. #}
{% macro operator_text_from_parts(column) -%}
{{ _operator_text(column, column ~ '_one_figure') }}
{%- endmacro %}

{% macro _operator_text(column, one_figure) -%}
case when regexp_matches(regexp_replace({{ _part(column, one_figure, 'clean') }}, '[(（][^()（）]*\d[^()（）]*[)）]', '', 'g'), '\d')
     then regexp_replace({{ _part(column, one_figure, 'clean') }}, '[(（][^()（）]*\d[^()（）]*[)）]', '', 'g')
     else {{ _part(column, one_figure, 'clean') }} end
{%- endmacro %}

{# the first number printed (the lower bound of a range) as an exact DECIMAL; none for a deadline #}
{% macro target_value(column, one_figure=none) -%}
case when {{ target_deadline(column, one_figure) }} is null and {{ _one_figure(column, one_figure) }} then
try_cast(nullif(regexp_extract(replace({{ _part(column, one_figure, 'clean') }}, ',', ''), '-?\d+(\.\d+)?', 0), '') as decimal(38, 6))
end
{%- endmacro %}

{# the upper bound of a range (a–b, a%–b%, a至b万元), else NULL #}
{% macro target_value_high(column, one_figure=none) -%}
case when {{ target_deadline(column, one_figure) }} is null and {{ _one_figure(column, one_figure) }} then
try_cast(nullif(regexp_extract(replace({{ _part(column, one_figure, 'clean') }}, ',', ''), '\d(\.\d+)?(%|\p{Han}{1,3})?(-|~|至|到)(\d+(\.\d+)?)', 4), '') as decimal(38, 6))
end
{%- endmacro %}

{# the unit printed after the number (%, 万元, 次, 平方米, 微克/立方米, 元/人/天, 元/人.天 …) without 以上/以下/以内,
   with a bracketed part kept (台（套）) and brackets around the whole unit dropped (13459.00(平方米) → 平方米);
   a target printed per period (每月4次) gets the period (次/月) #}
{% macro target_unit(column, one_figure=none) -%}
case when {{ target_deadline(column, one_figure) }} is null and {{ _one_figure(column, one_figure) }} then {{ _part(column, one_figure, 'unit_printed') }} end
{%- endmacro %}

{# the words after the first number, read as a unit (the part of target_unit before the guard) #}
{% macro _target_unit_printed(column) -%}
nullif(
  regexp_replace(regexp_replace(regexp_extract(replace({{ indicator_clean(column) }}, ',', ''),
    '\d(\.\d+)?([%‰]|[^\d\s.≥≤=<>()（）,，。；;、:：~/-]{1,4}(/[^\d\s.,，。；;、/()（）≥≤=<>~_-]{1,3}(\.\p{Han}{1,2})?){0,2}([(（][^\d\s.()（）,，。；;、含]{1,3}[)）])?|[(（][^\d\s.≥≤=<>()（）,，。；;、:：~/含-]{1,4}(/[^\d\s.,，。；;、/()（）≥≤=<>~_-]{1,3}(\.\p{Han}{1,2})?){0,2}[)）])', 2),
    '^[(（](.*)[)）]$', '\1'),
    '(及以上|及以下|以上|以下|以内|之内|左右|为优|内)$', '')
  || case when regexp_matches({{ indicator_clean(column) }}, '^每(月|年|季度|周|天|日)')
          then '/' || regexp_extract({{ indicator_clean(column) }}, '^每(月|年|季度|周|天|日)', 1) else '' end,
  '')
{%- endmacro %}

{# the unit an indicator's name prints in brackets at its end (西安: 内审报告（篇）, 清查户数（万户）,
   重点企业监测调查成本（元/户/月）, 内审报告合格率（%）) when the bracket holds a unit of measure and nothing else #}
{% macro unit_in_name(column) -%}
nullif(regexp_extract(regexp_replace(coalesce({{ column }}, ''), '\s', '', 'g'),
  '[(（](([万亿千百]?(元|户|份|篇|台|个|次|人次|人|天|日|月|年|项|件|家|场|期|本|册|条|套|所|座|处|辆|吨|平方米|平方公里|公里|千米|米|亩|小时|分钟|秒|张|类|名|批)|%|‰)(/[^/()（）\d]{1,3}){0,2})[)）]$', 1), '')
{%- endmacro %}

{# a class for qualitative targets that carry no number #}
{% macro target_quality_class(column, one_figure=none) -%}
case
  when regexp_matches({{ _part(column, one_figure, 'clean') }}, '\d') then null
  when {{ target_deadline(column, one_figure) }} is not null then null
  when regexp_matches({{ _part(column, one_figure, 'clean') }}, '不超|不大于|不高于|控制在.*(预算|批复)|预算(范围)?内') then 'within_budget'
  when regexp_matches({{ _part(column, one_figure, 'clean') }}, '^否$|不发生|无事故|零事故|^无$') then 'none'
  when regexp_matches({{ _part(column, one_figure, 'clean') }}, '^(至少|不少于)?[一二两三四五六七八九十百千万]+(次|个|项|份|篇|家|人|场|期)') then 'count_in_words'
  when regexp_matches({{ _part(column, one_figure, 'clean') }}, '显著|明显|大幅|较大') then 'significant'
  when regexp_matches({{ _part(column, one_figure, 'clean') }}, '降低|减少|下降') then 'reduced'
  when regexp_matches({{ _part(column, one_figure, 'clean') }}, '提升|提高|改善|增强|增加|有所|优化|深化|进一步|加强|扩大') then 'improved'
  when regexp_matches({{ _part(column, one_figure, 'clean') }}, '及时|按时|按期|准时|如期') then 'timely'
  when regexp_matches({{ _part(column, one_figure, 'clean') }}, '达到|达标|合格|符合|完成|预期|实现|到位|^是$|支撑|积极|相符|不出现|有效|通过') then 'achieved'
  when regexp_matches({{ _part(column, one_figure, 'clean') }}, '良好|较好|较广|^好$|优|高$|满意|健全|完好|有序') then 'good'
  when regexp_matches({{ _part(column, one_figure, 'clean') }}, '保障|保持|稳定|持续|长期|中期|短期|全年|常态') then 'sustained'
  when {{ _part(column, one_figure, 'clean') }} <> '' then 'other'
end
{%- endmacro %}

{# 一级指标 → 产出指标 / 效益指标 / 满意度指标 / 成本指标 (some templates put 成本 at the first level);
   printed codes ("1-产出指标", "2－效益指标") are ignored. `cleaned`: a column of the model holding
   indicator_clean(column), read instead of expanding it in every branch (the same for indicator_level2). #}
{% macro indicator_level1(column, cleaned=none) -%}
{%- set text = cleaned or indicator_clean(column) -%}
case
  when regexp_matches({{ text }}, '产出') then '产出指标'
  when regexp_matches({{ text }}, '满意') then '满意度指标'
  when regexp_matches({{ text }}, '效益|效果') then '效益指标'
  when regexp_matches({{ text }}, '成本') then '成本指标'
end
{%- endmacro %}

{# 二级指标 → the standard taxonomy: 数量/质量/时效/成本指标, 经济/社会/生态/可持续影响效益指标, 服务对象满意度指标 #}
{% macro indicator_level2(column, cleaned=none) -%}
{%- set text = cleaned or indicator_clean(column) -%}
case
  when regexp_matches({{ text }}, '满意') then '服务对象满意度指标'
  when regexp_matches({{ text }}, '数量') then '数量指标'
  when regexp_matches({{ text }}, '质量') then '质量指标'
  when regexp_matches({{ text }}, '时效|进度') then '时效指标'
  when regexp_matches({{ text }}, '成本') then '成本指标'
  when regexp_matches({{ text }}, '可持续') then '可持续影响指标'
  when regexp_matches({{ text }}, '经济') then '经济效益指标'
  when regexp_matches({{ text }}, '社会') then '社会效益指标'
  when regexp_matches({{ text }}, '生态|环境') then '生态效益指标'
end
{%- endmacro %}
