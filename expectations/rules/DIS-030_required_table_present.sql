-- id: DIS-030
-- severity: error
-- title: Every required table is published or declared empty
-- description: A 预算 or 决算 disclosure publishes its nine standard tables (see fct_disclosure_completeness); each is printed, or printed empty (空表列示), or the narrative says the department has none. A missing one is a finding (expected 1, actual 0).
-- asset: fct_disclosure_completeness
select document_id, null as table_id, page, required_name as item,
       cast(1 as decimal(38, 2)) as expected,
       cast(case when status in ('present', 'declared_empty') then 1 else 0 end as decimal(38, 2)) as actual,
       cast(0 as decimal(38, 2)) as tolerance
from fct_disclosure_completeness
where required
