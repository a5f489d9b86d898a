-- id: DIS-030
-- severity: error
-- confidence: confirmed
-- title: Every table the 目录 lists is published or declared empty
-- description: A required table (see fct_disclosure_completeness) that the document's own 目录 lists is printed, or printed empty (空表列示), or the narrative says the department has none. Listed but nowhere printed is a finding (expected 1, actual 0); listed, not read but its title printed elsewhere is counted as not checkable (our reading, not the document). Tables the 目录 does not list are DIS-033's (a warning).
-- asset: fct_disclosure_completeness
select document_id, null as table_id, coalesce(page, contents_page) as page,
       coalesce(contents_title, required_name) || ' (目录 p' || contents_page || ')' as item,
       cast(1 as decimal(38, 2)) as expected,
       cast(case when status in ('present', 'declared_empty') then 1 else 0 end as decimal(38, 2)) as actual,
       cast(0 as decimal(38, 2)) as tolerance,
       status in ('present', 'declared_empty') or not title_printed as checkable
from fct_disclosure_completeness
where required and listed_in_contents
