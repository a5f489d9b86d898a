"""Self-evaluation forms as other producers print them (samples/make_evaluation_layout_samples.py →
samples/layouts/evaluation_*.pdf, drawn from seed 001's transcribed forms): every project, indicator
(一级/二级/三级), target, actual, 分值 and 得分 is read exactly, with its page; a header that does not settle
its score columns leaves the form's scores unread (not checkable), never misread."""
import re
import sys

import pytest

from conftest import SAMPLES, pdf_document
from extract.forms import self_evaluations
from extract.model import Table
from extract.readers import read_document

sys.path.insert(0, str(SAMPLES))
import make_evaluation_layout_samples as layouts  # noqa: E402

LAYOUTS = SAMPLES / "layouts"


def squash(text):
    return re.sub(r"\s+", "", text or "")


def extracted(name):
    return self_evaluations.extract(read_document(str(LAYOUTS / name)))


def indicators_of(out, table):
    return [i for i in out["evaluation_indicators"] if i["table_id"] == table["table_id"]]


def read_rows(rows):
    return [(squash(i["level1_text"]), squash(i["level2_text"]), squash(i["level3_text"]), i["nature_text"],
             squash(i["target_text"]), i["measure_unit_text"], squash(i["actual_text"]), i["weight_text"],
             i["score_text"], squash(i["deviation_text"])) for i in rows]


def printed_rows(form, level1=lambda text: text, parts=None):
    """What the sample prints per indicator, in the order read_rows gives it."""
    rows = []
    for i in form["indicators"]:
        nature, target, unit = parts(i["target"]) if parts else ("", i["target"], "")
        rows.append((squash(level1(i["level1"])), squash(i["level2"]), squash(i["level3"]), nature, squash(target),
                     unit, squash(i["actual"]), i["weight"], i["score"], squash(i["reason"])))
    return rows


@pytest.mark.parametrize("name,forms,layout,level1,parts", [
    ("evaluation_sichuan.pdf", layouts.sichuan_forms, layouts.sichuan_grid, layouts.level1_name, layouts.target_parts),
    ("evaluation_two_row_header.pdf", layouts.two_row_forms, layouts.two_row_grid, lambda text: text,
     layouts.target_parts),
    ("evaluation_department.pdf", layouts.department_forms, layouts.department_grid, layouts.level1_name, None),
    ("evaluation_sichuan.xlsx", layouts.sichuan_forms, None, layouts.level1_name, layouts.target_parts),
    ("evaluation_two_row_header.xlsx", layouts.two_row_forms, None, lambda text: text, layouts.target_parts),
])
def test_every_indicator_is_read_exactly_with_its_page(name, forms, layout, level1, parts):
    out = extracted(name)
    expected = forms()
    tables = out["evaluation_tables"]
    assert [squash(t["project_name"]) for t in tables] == [squash(f["project"]) for f in expected]
    assert all(t["unread_columns"] == "" for t in tables)
    # a workbook's page is the form's sheet
    pages_of = layouts.indicator_pages(expected, layout) if layout else \
        [[k] * len(f["indicators"]) for k, f in enumerate(expected, start=1)]
    for table, form, pages in zip(tables, expected, pages_of):
        rows = indicators_of(out, table)
        assert read_rows(rows) == printed_rows(form, level1, parts), form["project"]
        assert [i["page"] for i in rows] == pages
        assert (table["total_weight_text"], table["total_score_text"]) == (form["total_weight"], form["total_score"])
        assert squash(table["goal_expected"]) == squash(form["goal_expected"])
        assert squash(table["goal_actual"]) == squash(form["goal_actual"])


def test_evaluation_framework_form_reads_weights_scores_and_reasons():
    """A 部门整体支出绩效自评表 scored on the evaluation framework: 指标解释 and 评分标准 are template text (评分标准 is no
    得分), 扣分原因 is the deviation reason; no target or actual column; 自评等级 after 总分 is no indicator."""
    out = extracted("evaluation_framework.pdf")
    (form,) = layouts.framework_forms()
    (table,) = out["evaluation_tables"]
    assert (table["table_kind"], table["project_name"], table["unread_columns"]) == \
        ("department_overall", form["project"], "")
    assert (table["total_weight_text"], table["total_score_text"]) == (form["total_weight"], form["total_score"]) \
        == ("100", "96.3")
    assert read_rows(out["evaluation_indicators"]) == printed_rows(form)
    assert [i["page"] for i in out["evaluation_indicators"]] == layouts.indicator_pages([form], layouts.framework_grid)[0]


def test_sichuan_funds_block_reads_its_label_column_and_every_line():
    """预算执行情况（10分） prints its row labels under 年度预算数（万元） (the unit's cell, no figure column), then
    年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因: each line's figures under their own header; the
    原因 text is no figure; project code and 实施单位（盖章） are read."""
    out = extracted("evaluation_sichuan.pdf")
    for table, form in zip(out["evaluation_tables"], layouts.sichuan_forms()):
        lines = [f for f in out["evaluation_funds"] if f["table_id"] == table["table_id"]]
        assert [[f["item_text"], f["initial_text"], f["full_year_text"], f["executed_text"], f["rate_text"],
                 f["weight_text"], f["score_text"]] for f in lines] == form["sichuan_funds"]
        assert table["unit_text"] == "万元" and squash(table["implementer"]) == squash(form["implementer"])
        assert squash(table["department_name"]) == squash(form["department"])
        assert table["table_kind"] == "project" and table["year_text"] == "2024"


def test_department_form_tasks_are_not_funds_and_the_grade_row_closes_it():
    """年度主要任务 lists tasks with 预算数 | 执行数: no funds line is made of them (no rate, weight or score);
    the form prints no funds block; 得分 before 分值 is read by the header; 自评等级 is no indicator."""
    out = extracted("evaluation_department.pdf")
    (table,) = out["evaluation_tables"]
    assert table["table_kind"] == "department_overall" and out["evaluation_funds"] == []
    assert table["first_page"] == 1 and table["last_page"] == 2
    assert not any("自评等级" in i["level1_text"] or "总分" in i["level1_text"] for i in out["evaluation_indicators"])


def test_a_header_that_does_not_settle_the_scores_leaves_them_unread():
    """The weight column headed 分数 (分值 or 得分?): neither 分值 nor 得分 is read, nor the 总分 row's figures;
    the form says which columns it did not read. Levels, targets and actuals are read as printed. With no
    score read, EVA-001/002/003/004 have nothing to check: the form is not checkable, never a mismatch."""
    out = extracted("evaluation_unsettled_header.pdf")
    (form,) = layouts.unsettled_forms()
    (table,) = out["evaluation_tables"]
    assert table["unread_columns"] == "分数；得分"
    assert (table["total_weight_text"], table["total_score_text"]) == ("", "")
    rows = out["evaluation_indicators"]
    assert [(i["weight_text"], i["score_text"]) for i in rows] == [("", "")] * len(form["indicators"])
    # kept as printed beside the row, not read
    assert [i["unread_text"] for i in rows] == [f"分数：{i['weight']}；得分：{i['score']}" for i in form["indicators"]]
    assert [r[:7] for r in read_rows(rows)] == [r[:7] for r in printed_rows(form)]
    assert [f["weight_text"] for f in out["evaluation_funds"]][0] == "10"   # the funds block has its own header


def form_with_header(header, body):
    rows = [["项目名称", "某项目", "某项目", "某项目", "某项目", "某项目", "某项目"], header, *body,
            ["总分", "总分", "总分", "总分", "100", "96", ""]]
    table = Table(page=1, index=0, rows=rows, lines_above=["项目支出绩效自评表"], strategy="lines")
    document = pdf_document(table)
    return self_evaluations.extract(document)


@pytest.mark.parametrize("header,unread", [
    # two columns claim 得分 (the unit's own and the reviewed one): which is the form's is not settled,
    # and 分值 without 得分 is not read either
    (["三级指标", "年度指标值", "实际完成值", "分值", "自评得分", "评价得分"], "自评得分；评价得分；分值"),
    # 得分 without any 分值 column: Σ分值 would read as the funds' alone
    (["三级指标", "年度指标值", "实际完成值", "标准", "得分", "偏差原因分析及改进措施"], "标准；得分"),
])
def test_ambiguous_score_columns_are_not_read(header, unread):
    out = form_with_header(["绩效指标"] + header, [["绩效指标", "培训人次", "≥100人次", "120人次", "50", "48", "无"]])
    (table,) = out["evaluation_tables"]
    assert table["unread_columns"] == unread
    ((row),) = out["evaluation_indicators"]
    assert (row["level3_text"], row["target_text"], row["actual_text"]) == ("培训人次", "≥100人次", "120人次")
    assert (row["weight_text"], row["score_text"], table["total_score_text"]) == ("", "", "")


def test_total_row_with_one_figure_under_a_label_naming_the_score():
    """宁德: "总分值、评价总分 (S)" prints one figure under the 分值 column: its label says it is the score."""
    header = ["绩效指标", "三级指标", "年度指标值", "实际完成值", "指标分值", "自评得分", "偏差原因分析及改进措施"]
    rows = [["项目名称", "某项目"] * 3 + ["某项目"], header,
            ["绩效指标", "培训人次", "≥100人次", "120人次", "100", "92.33", ""],
            ["总分值、评价总分 (S)"] * 4 + ["92.33", "", ""]]
    table = Table(page=1, index=0, rows=rows, lines_above=["部门整体绩效自评表"], strategy="lines")
    out = self_evaluations.extract(pdf_document(table))
    (form,) = out["evaluation_tables"]
    assert (form["total_weight_text"], form["total_score_text"]) == ("", "92.33")
    assert [(i["weight_text"], i["score_text"]) for i in out["evaluation_indicators"]] == [("100", "92.33")]


@pytest.mark.parametrize("strategy", ["lines", "xlsx"])
def test_a_row_with_a_blank_score_keeps_its_columns_in_a_drawn_grid(strategy):
    """年度指标值 10, 实际完成值 13, 分值 10, 得分 not filled in: in a ruled grid (or a workbook) the cells are in their
    columns, so 13 is never taken for the 分值 nor 10 for the 得分."""
    header = ["绩效指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    rows = [["项目名称"] + ["某项目"] * 6, header,
            ["绩效指标", "培训人次", "10", "13", "10", "", ""],
            ["绩效指标", "合格率", "≥95%", "96%", "10", "10", ""]]
    table = Table(page=1, index=0, rows=rows, lines_above=["项目支出绩效自评表"], strategy=strategy)
    out = self_evaluations.extract(pdf_document(table))
    assert [(i["target_text"], i["actual_text"], i["weight_text"], i["score_text"])
            for i in out["evaluation_indicators"]] == [("10", "13", "10", ""), ("≥95%", "96%", "10", "10")]


def test_label_synonyms_of_other_templates():
    """项目全称, 项目实施单位 on a row of its own, 资金执行情况（万元） over 预算数 | 执行数 | 执行率 | 分值 | 得分, and a
    总得分 row: read by their labels like the national template's."""
    rows = [["项目全称", "社区养老服务补助", "社区养老服务补助", "社区养老服务补助", "社区养老服务补助", "社区养老服务补助"],
            ["主管部门", "某市民政局", "某市民政局", "某市民政局", "某市民政局", "某市民政局"],
            ["项目实施单位", "某区养老服务中心", "某区养老服务中心", "某区养老服务中心", "某区养老服务中心", "某区养老服务中心"],
            ["资金执行情况（万元）", "预算数", "执行数", "执行率", "分值", "得分"],
            ["资金执行情况（万元）", "120.00", "114.00", "95%", "10", "9.5"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "服务人次", "≥5000人次", "5200人次", "90", "88"],
            ["总得分", "总得分", "总得分", "总得分", "总得分", "100", "97.5"]]
    table = Table(page=3, index=0, rows=[r + [""] * (7 - len(r)) for r in rows], lines_above=["项目支出绩效自评表"],
                  strategy="lines")
    out = self_evaluations.extract(pdf_document(table))
    (form,) = out["evaluation_tables"]
    assert (form["project_name"], form["department_name"], form["implementer"]) == \
        ("社区养老服务补助", "某市民政局", "某区养老服务中心")
    assert (form["unit_text"], form["total_weight_text"], form["total_score_text"]) == ("万元", "100", "97.5")
    assert [(f["full_year_text"], f["executed_text"], f["rate_text"], f["weight_text"], f["score_text"])
            for f in out["evaluation_funds"]] == [("120.00", "114.00", "95%", "10", "9.5")]
    assert [(i["level3_text"], i["weight_text"], i["score_text"], i["page"]) for i in out["evaluation_indicators"]] == \
        [("服务人次", "90", "88", 3)]


def test_two_score_columns_under_different_upper_labels_are_two_columns():
    """自评 | 复核 over 得分 | 得分: the unit's own 得分 is read, the reviewed one is not (listed as unread)."""
    rows = [["项目名称"] + ["某项目"] * 7,
            ["绩效指标", "绩效指标", "绩效指标", "年度指标值", "实际完成值", "分值", "自评", "复核"],
            ["一级指标", "二级指标", "三级指标", "", "", "", "得分", "得分"],
            ["产出指标", "数量指标", "培训人次", "≥100人次", "120人次", "50", "48", "45"],
            ["总分", "总分", "总分", "总分", "总分", "100", "96", "90"]]
    table = Table(page=1, index=0, rows=rows, lines_above=["项目支出绩效自评表"], strategy="lines")
    out = self_evaluations.extract(pdf_document(table))
    (form,) = out["evaluation_tables"]
    assert form["unread_columns"] == "复核得分"
    assert [(i["target_text"], i["actual_text"], i["weight_text"], i["score_text"])
            for i in out["evaluation_indicators"]] == [("≥100人次", "120人次", "50", "48")]
    assert (form["total_weight_text"], form["total_score_text"]) == ("100", "96")


@pytest.mark.parametrize("weight,score,read", [("100", "97", ("100", "97")), ("90", "87", ("", ""))])
def test_a_block_total_is_the_forms_total_only_with_the_templates_100_points(weight, score, read):
    """四川's 合计 | 100 closes the indicator block and is the form's 总分 (funds' 10 points included). A 合计 of 90
    may sum the indicators alone: which it is, the row does not say, so its figures are not read (never
    Σ分值 100 against a stated 90)."""
    rows = [["项目名称"] + ["某项目"] * 7,
            ["绩效指标（90分）", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "权重", "得分"],
            ["绩效指标（90分）", "产出指标", "数量指标", "培训人次", "≥100人次", "120人次", "90", "87"],
            ["合计"] * 6 + [weight, score]]
    table = Table(page=1, index=0, rows=rows, lines_above=["部门预算项目支出绩效自评表"], strategy="lines")
    out = self_evaluations.extract(pdf_document(table))
    (form,) = out["evaluation_tables"]
    assert (form["total_weight_text"], form["total_score_text"]) == read
    assert [(i["level3_text"], i["weight_text"]) for i in out["evaluation_indicators"]] == [("培训人次", "90")]


def test_forms_stacked_on_one_sheet_are_one_form_each():
    """Three forms one after another on one sheet (one table for the reader), each under its own title row: three
    forms, each with its own project, funds, indicators and 总分, every row with its sheet row."""
    out = extracted("evaluation_stacked.xlsx")
    expected = layouts.stacked_forms()
    tables = out["evaluation_tables"]
    assert [(t["table_kind"], t["title"], t["year_text"]) for t in tables] == [("project", "项目支出绩效自评表", "2024")] * 3
    assert [squash(t["project_name"]) for t in tables] == [squash(f["project"]) for f in expected]
    for table, form in zip(tables, expected):
        assert (table["total_weight_text"], table["total_score_text"]) == (form["total_weight"], form["total_score"])
        assert read_rows(indicators_of(out, table)) == printed_rows(form)
        funds = [f for f in out["evaluation_funds"] if f["table_id"] == table["table_id"]]
        assert [[squash(f["item_text"]), f["initial_text"], f["full_year_text"], f["executed_text"], f["weight_text"],
                 f["rate_text"], f["score_text"]] for f in funds] == [[squash(v[0])] + v[1:] for v in form["funds"]]
    rows = [(i["page"], i["page_row"]) for i in out["evaluation_indicators"]]
    assert rows == sorted(set(rows)) and {page for page, _ in rows} == {1}


def test_a_note_naming_the_form_inside_it_does_not_start_a_form():
    rows = [["项目名称", "某项目", "某项目"], ["三级指标", "年度指标值", "实际完成值"], ["培训人次", "≥100人次", "120人次"],
            ["项目支出绩效自评表填报说明：按实际填写", "项目支出绩效自评表填报说明：按实际填写", "项目支出绩效自评表填报说明：按实际填写"]]
    table = Table(page=1, index=0, rows=rows, lines_above=["项目支出绩效自评表"], strategy="lines")
    out = self_evaluations.extract(pdf_document(table))
    assert len(out["evaluation_tables"]) == 1


def test_department_and_implementer_printed_above_the_grid():
    rows = [["项目名称", "某项目", "某项目"], ["三级指标", "年度指标值", "实际完成值"], ["培训人次", "≥100人次", "120人次"]]
    table = Table(page=1, index=0, rows=rows, strategy="lines",
                  lines_above=["项目支出绩效自评表", "（2024年度）", "主管部门：某市民政局    实施单位：某区养老服务中心"])
    out = self_evaluations.extract(pdf_document(table))
    (form,) = out["evaluation_tables"]
    assert (form["department_name"], form["implementer"]) == ("某市民政局", "某区养老服务中心")


def test_labels_printed_with_their_value_in_one_cell():
    rows = [["项目名称：社区养老服务补助", "", ""], ["主管部门：某市民政局", "", "实施单位：某区养老服务中心"],
            ["三级指标", "年度指标值", "实际完成值"], ["培训人次", "≥100人次", "120人次"]]
    table = Table(page=1, index=0, rows=rows, lines_above=["项目支出绩效自评表"], strategy="lines")
    out = self_evaluations.extract(pdf_document(table))
    (form,) = out["evaluation_tables"]
    assert (form["project_name"], form["department_name"], form["implementer"]) == \
        ("社区养老服务补助", "某市民政局", "某区养老服务中心")


def test_header_labels_qualified_by_a_bracket():
    header = ["绩效指标", "三级指标", "年度指标值（包含数字及文字描述）", "实际完成值（B）", "分值（分）", "得分（分）",
              "偏差原因分析及改进措施"]
    rows = [["项目名称"] + ["某项目"] * 6, header, ["绩效指标", "培训人次", "≥100人次", "120人次", "90", "88", ""]]
    table = Table(page=1, index=0, rows=rows, lines_above=["项目支出绩效自评表"], strategy="lines")
    out = self_evaluations.extract(pdf_document(table))
    assert out["evaluation_tables"][0]["unread_columns"] == ""
    assert [(i["target_text"], i["actual_text"], i["weight_text"], i["score_text"])
            for i in out["evaluation_indicators"]] == [("≥100人次", "120人次", "90", "88")]


def test_funds_rows_printing_two_sides_are_not_read_under_the_headers_columns():
    """中央部门整体支出绩效自评表: under 年度资金总额, 按收入性质分 and 按支出性质分 are printed side by side (label, amount |
    label, amount): those amounts are not under 年初预算数 … 得分, so the rows keep their first label and no figure."""
    header = ["年度预算申请（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    rows = [["部门（单位）名称"] + ["某市科学技术局"] * 7, header,
            ["年度预算申请（万元）", "年度资金总额", "1,000.00", "1,200.00", "1,140.00", "10", "95%", "9.5"],
            ["年度预算申请（万元）", "按收入性质分：", "按收入性质分：", "按收入性质分：", "按支出性质分：", "按支出性质分：",
             "按支出性质分：", "按支出性质分："],
            ["年度预算申请（万元）", "其中：一般公共预算", "1,200.00", "", "其中：基本支出", "800.00", "", ""]]
    table = Table(page=1, index=0, rows=rows, lines_above=["部门整体支出绩效自评表"], strategy="lines")
    out = self_evaluations.extract(pdf_document(table))
    assert [(f["item_text"], f["initial_text"], f["full_year_text"], f["executed_text"], f["weight_text"],
             f["rate_text"], f["score_text"]) for f in out["evaluation_funds"]] == [
        ("年度资金总额", "1,000.00", "1,200.00", "1,140.00", "10", "95%", "9.5"),
        ("按收入性质分：", "", "", "", "", "", ""), ("其中：一般公共预算", "", "", "", "", "", "")]


def test_fujian_department_form_funds_block_reads_only_what_its_header_names():
    """福建's 部门整体绩效自评表 (宁德 2024): 财政资金安排和使用情况 over 预算安排 / 拨付情况 / 结余情况 with 分值 | 得分.
    年初部门预算安排金额① is the initial budget, 分值 and 得分 the funds' points (Σ with the indicators: 100 and the total);
    年中调整 / 小计 / 年度拨付 / 支出实现率 / 结余 name no 全年预算数, 执行数 or 执行率: kept beside the line as printed, not
    read, so no execution identity rests on a column whose meaning the form does not give."""
    section = "财政资金安排和使用情况"
    rows = [["专项名称"] * 3 + ["某部门整体"] * 8 + ["", ""],
            [section, "", "", "预算安排", "预算安排", "预算安排", "拨付情况", "拨付情况", "结余情况", "结余情况", "分值", "得分"],
            [section, "", "", "年初部门预算安排金额（含历年结余结转）①", "年中调整金额②", "小计 ③ = ①+②", "年度拨付金额 ④",
             "支出实现率(%) ⑤=④/③", "本年度结余金额⑥=③-④", "资金结余率(%) ⑦=⑥/③", "分值", "得分"],
            [section, "合计", "合计", "100.00", "20.00", "120.00", "96.00", "80.00", "24.00", "20.0000", "10", "8"],
            [section, "其他资金小计", "其他资金小计", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "", ""],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "指标分值", "自评得分",
             "偏差原因分析及改进措施", "", "", ""],
            ["绩效指标", "产出指标", "数量指标", "培训人次", "≥100人次", "120", "90", "90", "", "", "", ""],
            ["总分值、评价总分 (S)"] * 6 + ["98", "", "", "", "", ""]]
    table = Table(page=1, index=0, rows=rows, lines_above=["部门整体绩效自评表", "（2024年度）"], strategy="lines")
    out = self_evaluations.extract(pdf_document(table))
    (form,) = out["evaluation_tables"]
    assert form["table_kind"] == "department_overall" and form["total_score_text"] == "98"
    assert [(f["item_text"], f["initial_text"], f["full_year_text"], f["executed_text"], f["rate_text"], f["weight_text"],
             f["score_text"]) for f in out["evaluation_funds"]] == [("合计", "100.00", "", "", "", "10", "8"),
                                                                   ("其他资金小计", "0.00", "", "", "", "", "")]
    assert out["evaluation_funds"][0]["unread_text"] == "年中调整金额②：20.00；小计③=①+②：120.00；年度拨付金额④：96.00；" \
        "支出实现率(%)⑤=④/③：80.00；本年度结余金额⑥=③-④：24.00；资金结余率(%)⑦=⑥/③：20.0000"
    ((indicator),) = out["evaluation_indicators"]
    assert (indicator["level3_text"], indicator["weight_text"], indicator["score_text"]) == ("培训人次", "90", "90")
