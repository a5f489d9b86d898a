-- id: DIS-030
-- severity: error
-- title: Every required table is published or declared empty
-- description: A 预算 or 决算 disclosure publishes its nine standard tables (see fct_disclosure_completeness); each is printed, or printed empty (空表列示), or the narrative says the department has none. A missing one is a finding (expected 1, actual 0).
-- title_zh: 规定表格已公开或注明空表
-- description_zh: 预算、决算公开须包括九张标准表格；每张表应当列示，或以空表列示，或在情况说明中说明本部门无此项内容。缺少的表格列为问题（应为 1 张，实为 0 张）。
-- advice_zh: 补充公开缺少的表格；如本部门无此项收支，请以空表列示并在情况说明中注明。
-- value_unit: count 张
-- asset: fct_disclosure_completeness
select document_id, null as table_id, page, required_name as item,
       cast(1 as decimal(38, 2)) as expected,
       cast(case when status in ('present', 'declared_empty') then 1 else 0 end as decimal(38, 2)) as actual,
       cast(0 as decimal(38, 2)) as tolerance
from fct_disclosure_completeness
where required
