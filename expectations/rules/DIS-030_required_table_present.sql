-- id: DIS-030
-- severity: error
-- confidence: confirmed
-- title: Every table the 目录 lists is published or declared empty
-- description: A required table (see fct_disclosure_completeness) that the document's own 目录 lists is printed, or printed empty (空表列示), or the narrative says the department has none. Listed but nowhere printed is a finding (expected 1, actual 0); listed, not read but its title printed elsewhere is counted as not checkable (our reading, not the document). Tables the 目录 does not list are DIS-033's (a warning).
-- title_zh: 规定表格已公开或注明空表
-- description_zh: 文件目录所列的规定表格应当列示，或以空表列示，或在情况说明中说明本部门无此项内容。目录列出但文中找不到的表格列为问题（应为 1 张，实为 0 张）；目录未列的表格见 DIS-033。
-- advice_zh: 补充公开缺少的表格；如本部门无此项收支，请以空表列示并在情况说明中注明。
-- value_unit: count 张
-- asset: fct_disclosure_completeness
select document_id, null as table_id, coalesce(page, contents_page) as page,
       coalesce(contents_title, required_name) || '（目录第 ' || contents_page || ' 页）' as item,
       cast(1 as decimal(38, 2)) as expected,
       cast(case when status in ('present', 'declared_empty') then 1 else 0 end as decimal(38, 2)) as actual,
       cast(0 as decimal(38, 2)) as tolerance,
       status in ('present', 'declared_empty') or not title_printed as checkable,
       '文件中未印出此表（目录第 ' || contents_page || ' 页列有此表），无表格行可指' as place_note
from fct_disclosure_completeness
where required and listed_in_contents
