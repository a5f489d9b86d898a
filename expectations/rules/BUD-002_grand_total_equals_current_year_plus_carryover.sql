-- id: BUD-002
-- severity: error
-- confidence: confirmed
-- title: 本年合计 + 结转等 = 总计
-- description: On each side of the 收支总表 and the 财政拨款收支总表, the 总计 line equals the 本年收入合计 (本年支出合计) line plus the balance lines printed between it and the 总计 (上年结转结余, 年终结转结余, 用事业基金弥补收支差额 …); their sub-items (（一）…, 其中…) are not added again. A blank 总计 is not checked, nor is a side that prints a figure on a top-level line between the two that is not a balance line we know.
-- title_zh: 总计等于本年合计加结转结余
-- description_zh: 收支总表和财政拨款收支总表每一方的“总计”行，应等于“本年收入合计”（“本年支出合计”）加上两者之间列示的上年结转结余、年终结转结余、用事业基金弥补收支差额等行；其下的（一）、其中项不重复相加。
-- advice_zh: 核对总计行与本年合计、结转结余各行；确认是否漏列或重复列示结转结余，或总计数字录入有误。
-- value_unit: money
-- asset: int_budget_line_measures
with lines as (
    select *,
        regexp_matches(item_key, '^([一二三四五六七八九十]+、)?(本年(收入|支出)合计|.*(上年结转|结转和?结余|年终结转|年初.*结转|年末.*结转|上年结余|结余分配|事业基金弥补|弥补收支差额|提取|结转下年|实户资金|资金余额|未安排支出))')
            and not regexp_matches(item_key, '^(其中|（|\(|\d)') as is_balance_line,
        -- a top-level line that is not a balance line we know: what it adds is not certain
        not regexp_matches(item_key, '^(其中|（|\(|\d)') and item_key <> ''
            and total is not null and total <> 0 as is_unknown_line
    from int_budget_line_measures
    where table_kind in ('income_expenditure_summary', 'fiscal_grant_summary') and side is not null
),
anchors as (
    select table_id, side, basis,
           min(line_no) filter (where regexp_matches(item_key, '^本年(收入|支出)合计$')) as current_line,
           min(line_no) filter (where regexp_matches(item_key, '总计$')) as total_line
    from lines group by all
)
select l.document_id, l.table_id, min(l.page) filter (where l.line_no = a.total_line) as page,
       arg_min(l.page_row, (l.page, l.page_row)) filter (where l.line_no = a.total_line) as page_row,
       max(l.item_name) filter (where l.line_no = a.total_line) as item,
       max(l.total) filter (where l.line_no = a.total_line) as expected,
       coalesce(sum(l.total) filter (where l.line_no >= a.current_line and l.line_no < a.total_line and l.is_balance_line), 0) as actual,
       sum(l.total_rounding) filter (where l.line_no >= a.current_line and l.line_no <= a.total_line
                                      and (l.is_balance_line or l.line_no = a.total_line)) as tolerance
from lines l
join anchors a using (table_id, side, basis)
where a.current_line is not null and a.total_line > a.current_line
group by l.document_id, l.table_id, l.side, l.basis
having max(l.total) filter (where l.line_no = a.total_line) is not null
   and not coalesce(bool_or(l.is_unknown_line and not l.is_balance_line) filter (where l.line_no > a.current_line and l.line_no < a.total_line), false)
   -- a line unreadable or unplaced between the anchors: what it adds is not known
   and not coalesce(bool_or(l.has_unparsed) filter (where l.line_no >= a.current_line and l.line_no <= a.total_line), false)
