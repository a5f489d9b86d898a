-- id: DIS-033
-- severity: warning
-- confidence: suspected
-- title: Every table of the standard template is published or declared empty
-- description: The nine standard tables of a 预算 or 决算 disclosure (see fct_disclosure_completeness) that the document's 目录 does not list (or that has no 目录) are each printed, or printed empty (空表列示), or the narrative says the department has none. A template assumption — templates differ by jurisdiction and year, and a table may be printed under a title we do not know — so a warning (expected 1, actual 0).
-- asset: fct_disclosure_completeness
select document_id, null as table_id, page, required_name as item,
       cast(1 as decimal(38, 2)) as expected,
       cast(case when status in ('present', 'declared_empty') then 1 else 0 end as decimal(38, 2)) as actual,
       cast(0 as decimal(38, 2)) as tolerance
from fct_disclosure_completeness
where required and not listed_in_contents
