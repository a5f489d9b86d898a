-- id: DIS-032
-- severity: warning
-- confidence: suspected
-- title: No template placeholders left in
-- description: Template text left in a published narrative (XX局, ××万元, 目标内容1, 【单位名称】) is flagged, one item per sentence (expected 0 placeholders).
-- asset: fct_narrative_figures
select document_id, null as table_id, page, placeholder_text || ' in: ' || left(sentence, 100) as item,
       cast(0 as decimal(38, 2)) as expected,
       cast(len(string_split(placeholder_text, ' ')) as decimal(38, 2)) as actual,
       cast(0 as decimal(38, 2)) as tolerance
from stg_narrative_sentences
where placeholder_text is not null
