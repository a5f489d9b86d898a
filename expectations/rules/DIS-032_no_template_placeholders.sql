-- id: DIS-032
-- severity: warning
-- confidence: suspected
-- title: No template placeholders left in
-- description: Template text left in a published narrative (XX局, ××万元, 目标内容1, 【单位名称】) is flagged, one item per sentence (expected 0 placeholders).
-- title_zh: 不得保留模板占位文字
-- description_zh: 公开的情况说明中保留了模板文字（XX局、××万元、目标内容1、【单位名称】等），每句列为一项（应为 0 处）。
-- advice_zh: 将模板占位文字替换为本部门的实际内容后重新公开。
-- value_unit: count 处
-- asset: fct_narrative_sentences
select document_id, null as table_id, page, placeholder_text || ' in: ' || left(sentence, 100) as item,
       cast(0 as decimal(38, 2)) as expected,
       cast(len(string_split(placeholder_text, ' ')) as decimal(38, 2)) as actual,
       cast(0 as decimal(38, 2)) as tolerance,
       '情况说明正文第 ' || page || ' 页（文字，非表格行）' as place_note
from fct_narrative_sentences
where placeholder_text is not null
