-- id: DIS-021
-- severity: error
-- confidence: suspected
-- title: 机关运行经费 (narrative) = 公用经费 of the 基本支出表
-- description: Where the document defines 机关运行经费 as its 公用经费 (名词解释: 机关运行费是指各部门的公用经费), the 机关运行经费 the narrative states equals the 公用经费 of its 一般公共预算基本支出表 (the 公用经费 column's total, or the 302 商品和服务支出 class). Candidates that print different amounts, none equal to the figure, or only lines of tables whose figures were placed by their own identities (raw-text exports), make it not checkable. Suspected: it rests on the document's definition and on matching prose to a table line.
-- title_zh: 机关运行经费等于基本支出表公用经费
-- description_zh: 文件将机关运行经费定义为公用经费的（名词解释：机关运行费是指各部门的公用经费），情况说明所述机关运行经费应等于一般公共预算基本支出表的公用经费（公用经费列合计或 302 商品和服务支出类）。
-- advice_zh: 对照情况说明中的机关运行经费与基本支出表的公用经费，更正有误的一处。
-- value_unit: money
-- asset: fct_narrative_figures
with convention as (
    select distinct document_id from fct_narrative_sentences where convention = 'office_operation_is_public'
),
pairs as (
    select f.figure_id, f.document_id, c.table_id, f.page, f.amount_text, f.unit_text, c.item_name,
           c.page as table_page, c.page_row as table_page_row, c.table_index,
           c.amount_yuan as table_yuan, f.amount_yuan, f.rounding_yuan, c.rounding_yuan as table_rounding_yuan,
           abs(c.amount_yuan - f.amount_yuan) <= f.rounding_yuan + c.rounding_yuan as agrees,
           max(c.amount_yuan) over w - min(c.amount_yuan) over w <= 2 * max(c.rounding_yuan) over w as one_figure,
           bool_or(abs(c.amount_yuan - f.amount_yuan) <= f.rounding_yuan + c.rounding_yuan) over w as any_agrees,
           -- a mismatch needs a candidate read as printed, not only lines placed by their table's identities
           bool_and(c.placement_inferred) over w as only_inferred_lines,
           c.placement_inferred
    from fct_narrative_figures f
    join convention using (document_id)
    join int_narrative_candidates c on c.document_id = f.document_id and c.subject = 'public' and c.amount_yuan is not null
    where f.subject = 'office_operation' and f.basis = 'current' and f.direction is null
    window w as (partition by f.figure_id)
)
select document_id, table_id, page, '机关运行经费 ' || amount_text || unit_text || ' ↔ 公用经费（' || item_name || '）' as item,
       cast(table_yuan as decimal(38, 2)) as expected,
       cast(amount_yuan as decimal(38, 2)) as actual,
       cast(rounding_yuan + table_rounding_yuan as decimal(38, 2)) as tolerance,
       any_agrees or (one_figure and not only_inferred_lines) as checkable,
       '情况说明正文第 ' || page || ' 页（文字，非表格行）' as place_note,
       -- the 公用经费 line this figure was compared with (the closest candidate, the one `expected` prints)
       table_id as other_table_id, table_page as other_page, table_page_row as other_page_row,
       table_index as other_table_index
from pairs
qualify row_number() over (partition by figure_id order by abs(table_yuan - amount_yuan), placement_inferred, table_id) = 1
