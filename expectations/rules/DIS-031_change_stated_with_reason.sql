-- id: DIS-031
-- severity: warning
-- confidence: suspected
-- title: A year-over-year change is explained
-- description: A narrative sentence that states an increase or decrease over the previous year gives its reason (原因 / 主要是 / 用于 …) in the sentence or in the next three of its section (expected 1, actual 0 when it does not).
-- title_zh: 增减变化须说明原因
-- description_zh: 情况说明中与上年相比增加或减少的表述，应在本句或同节随后三句内说明原因（原因、主要是、用于……）。未说明的列为问题（应为 1 处说明，实为 0 处）。
-- advice_zh: 在情况说明中补充增减变化的主要原因。
-- value_unit: count 处
-- asset: fct_narrative_sentences
select document_id, null as table_id, page, left(sentence, 120) as item,
       cast(1 as decimal(38, 2)) as expected,
       cast(case when has_reason = 'yes' then 1 else 0 end as decimal(38, 2)) as actual,
       cast(0 as decimal(38, 2)) as tolerance,
       '情况说明正文第 ' || page || ' 页（文字，非表格行）' as place_note
from fct_narrative_sentences
where has_reason is not null
