-- id: DIS-033
-- severity: warning
-- confidence: suspected
-- title: Every table of the standard template is published or declared empty
-- description: The nine standard tables of a 预算 or 决算 disclosure (see fct_disclosure_completeness) that the document's 目录 does not list (or that has no 目录) are each printed, or printed empty (空表列示), or the narrative says the department has none. A template assumption — templates differ by jurisdiction and year, and a table may be printed under a title we do not know — so a warning (expected 1, actual 0).
-- title_zh: 模板规定的表格已公开或注明空表
-- description_zh: 预算、决算公开模板规定的九张标准表格中，文件目录未列出（或文件没有目录）的，应当列示，或以空表列示，或在情况说明中说明本部门无此项内容。各地各年度模板不同，表格也可能以其他标题列示，故仅为警告（应为 1 张，实为 0 张）。
-- advice_zh: 确认本地区当年的公开模板是否要求该表；如要求，请补充公开或以空表列示并在情况说明中注明。
-- value_unit: count 张
-- asset: fct_disclosure_completeness
select document_id, null as table_id, page, required_name as item,
       cast(1 as decimal(38, 2)) as expected,
       cast(case when status in ('present', 'declared_empty') then 1 else 0 end as decimal(38, 2)) as actual,
       cast(0 as decimal(38, 2)) as tolerance,
       '文件中未找到此表（公开模板要求列示），无表格行可指' as place_note
from fct_disclosure_completeness
where required and not listed_in_contents
