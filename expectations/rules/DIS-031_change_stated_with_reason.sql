-- id: DIS-031
-- severity: warning
-- confidence: suspected
-- title: A year-over-year change is explained
-- description: A narrative sentence that states an increase or decrease over the previous year gives its reason (原因 / 主要是 / 用于 …) in the sentence or in the next three of its section (expected 1, actual 0 when it does not).
-- asset: fct_narrative_figures
select document_id, null as table_id, page, left(sentence, 120) as item,
       cast(1 as decimal(38, 2)) as expected,
       cast(case when has_reason = 'yes' then 1 else 0 end as decimal(38, 2)) as actual,
       cast(0 as decimal(38, 2)) as tolerance
from stg_narrative_sentences
where has_reason is not null
