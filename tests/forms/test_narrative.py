"""情况说明 figures: subject, direction and reason read from the sentence; real narratives."""
import pytest

from conftest import CORPUS, SAMPLES
from extract.forms import narrative
from extract.readers import read_document


def figures(sentence):
    return [(f["subject"], f["amount_text"], f["unit_text"], f["direction"]) for f in narrative.figures_of(sentence)]


def test_income_sentence_of_seed_002():
    assert figures("2023 年预算收入 13933.68 万元，其中：一般公共预算收入 13932.64 万元，基金预算拨款收入 0 万元，"
                   "财政专户核拨收入 0 万元，其他来源收入 0万元，上年财政拨款结转 1.04 万元。") == [
        ("income_total", "13933.68", "万元", ""), ("general_budget", "13932.64", "万元", ""),
        ("government_fund", "0", "万元", ""), ("special_account", "0", "万元", ""),
        ("other_income", "0", "万元", ""), ("carryover", "1.04", "万元", "")]


def test_changes_take_the_subject_named_before_them():
    assert figures("2023 年预算收支安排 13933.68 万元，较 2022 年预算减少 215.26 万元，其中：基本支出增加 826.86 万元，"
                   "主要原因是人员经费增加；项目支出减少 1042.12 万元。") == [
        ("income_expenditure_total", "13933.68", "万元", ""), ("income_expenditure_total", "215.26", "万元", "decrease"),
        ("basic", "826.86", "万元", "increase"), ("project", "1042.12", "万元", "decrease")]


def test_three_public_parts():
    assert figures("“三公”经费预算安排 29.64 万元，其中因公出国（境）费 0万元；公务用车购置及运行维护费 28.80 万元"
                   "（其中：公务用车购置费 0 万元，公务用车运行维护费 28.8 万元)；公务接待费 0.84 万元。") == [
        ("three_public", "29.64", "万元", ""), ("outbound_travel", "0", "万元", ""), ("vehicles", "28.80", "万元", ""),
        ("vehicle_purchase", "0", "万元", ""), ("vehicle_operation", "28.8", "万元", ""), ("reception", "0.84", "万元", "")]


@pytest.mark.parametrize("text,found", [
    ("XX局2026年预算收入××万元。", ["XX", "××"]), ("目标内容1：完成××项。", ["目标内容1", "××"]),
    ("根据沪府办发【2016】12号文件。", []), ("目录……………………3", []), ("【单位名称】2026年部门预算", ["【单位名称】"]),
])
def test_placeholders(text, found):
    assert sorted(m.group(0) for m in narrative.PLACEHOLDER.finditer(text)) == sorted(found)


def test_declared_empty():
    assert narrative.declared_empty("本部门2026年无政府性基金预算收支，故政府性基金预算支出表为空表。") == ["government_fund_expenditure"]
    assert narrative.declared_empty("因公出国（境）费、公务用车购置费预算与上年持平，无增减变化。") == []


def test_seed_002_narrative_in_the_sample():
    result = narrative.extract(read_document(str(SAMPLES / "seed002_disclosure.pdf")))
    found = {(f["subject"], f["amount_text"]) for f in result["narrative_figures"] if f["basis"] == "current"}
    assert {("income_total", "13933.68"), ("basic", "5827.79"), ("personnel", "5383.91"), ("public", "443.88"),
            ("project", "8105.89"), ("office_operation", "443.88"), ("three_public", "29.64"),
            ("procurement_total", "276.93"), ("fixed_assets", "2236.31")} <= found
    changes = [s for s in result["narrative_sentences"] if s["has_reason"]]
    assert [s["has_reason"] for s in changes] == ["yes", "yes"]   # the second one's reason is the next sentence
    assert any(s["convention"] == "office_operation_is_public" for s in result["narrative_sentences"])


@pytest.mark.corpus
def test_shanghai_audit_office_narrative():
    """上海市审计局 2026 单位预算, pp. 6 and 20, read by hand."""
    result = narrative.extract(read_document(str(CORPUS / "上海市审计局_2026单位预算.pdf")))
    found = [(f["page"], f["subject"], f["amount_text"], f["direction"]) for f in result["narrative_figures"]]
    for expected in [(6, "income_total", "19,577", ""), (6, "fiscal_grant", "290", "decrease"),
                     (6, "expenditure_total", "19,577", ""), (6, "classified_line", "13,434", ""),
                     (20, "three_public", "237.92", ""), (20, "outbound_travel", "201.80", ""),
                     (20, "vehicles", "28.00", ""), (20, "reception", "8.12", ""),
                     (20, "office_operation", "2,180.26", ""), (20, "procurement_total", "983.05", ""),
                     (20, "procurement_part", "50.55", "")]:
        assert expected in found
    # 财政拨款收入支出减少的主要原因… follows three sentences after the first change is stated
    reasons = [(s["page"], s["has_reason"]) for s in result["narrative_sentences"] if s["has_reason"]]
    assert reasons[0] == (6, "yes")


def lines_named(sentence):
    return [(f["subject"], f["named_item"], f["named_from"], f["amount_text"]) for f in narrative.figures_of(sentence)
            if not f["direction"]]


def test_a_line_named_bare_before_its_figure_is_that_line():
    """决算 line-by-line text: the name right before the figure wins over the marked names before it."""
    assert lines_named("3.行政事业单位医疗（款）行政单位医疗（项）：支出决算为12.50万元，与年初预算持平。"
                       "4.住房保障支出（类）住房改革支出（款）购房补贴 支出决算为331万元，比年初预算增加1万元。") == [
        ("classified_line", "行政单位医疗", "phrase", "12.50"), ("classified_line", "购房补贴", "phrase", "331")]
    # words that name no line (本年度, 财政拨款 …) are not taken for one
    assert lines_named("本年度支出决算为445.69万元。") == [("expenditure_total", "", "", "445.69")]


def test_a_figure_printed_apart_from_its_digits_is_read_as_no_subject():
    """'445.6 9万元' (figures letter-spaced or wrapped apart): the '9万元' may be a fragment."""
    assert figures("本年度支出决算为445.6 9万元。") == [("unclassified", "9", "万元", "")]
    assert figures("本年度支出决算为 445.69 万元。") == [("expenditure_total", "445.69", "万元", "")]


@pytest.mark.parametrize("line,kind", [
    ("1. 2026年部门财务收支预算总表 ……………………………… 12", "income_expenditure_summary"),
    ("一、收入支出决算总表", "income_expenditure_summary"),
    ("二、收入决算表", "income_summary"),
    ("3. 2026年预算单位支出预算总表", "expenditure_summary"),
    ("三、本年支出总体情况表", "expenditure_summary"),
    ("4．2026年部门财政拨款收支预算总表", "fiscal_grant_summary"),
    ("四、财政拨款收支总体情况表", "fiscal_grant_summary"),
    ("五、一般公共预算财政拨款支出决算表", "general_budget_expenditure"),
    ("5．2026年部门一般公共预算支出功能分类预算表", "general_budget_expenditure"),
    ("8．2026年部门一般公共预算基本支出部门预算经济分类预算表", "general_budget_basic_expenditure"),
    ("九、国有资本经营预算财政拨款收入支出决算表", "state_capital_expenditure"),
    ("八、政府性基金预算财政拨款收入支出决算表", "government_fund_expenditure"),
    ("9. 2026年单位“三公”经费和机关运行经费预算表", "three_public"),
    ("表7 一般公共预算“三公”经费支出表", "three_public"),
    ("七、关于一般公共预算“三公”经费支出表的说明 23", None),     # a section of the 说明, not the table
    ("第三部分 2026年部门预算情况说明", None),
])
def test_contents_entries_name_the_table_under_its_alternative_titles(line, kind):
    assert narrative.table_title_of(line)[1] == kind


def test_contents_of_a_real_final_accounts_document():
    """普陀区委社会工作部 2024 决算: its 目录 (p. 2) lists nine tables, each printed on its own page after it."""
    rows = narrative.titles(read_document(str(CORPUS / "中共普陀区委社会工作部2024年度部门决算.pdf")))
    listed = {r["table_kind"] for r in rows if r["in_contents"]}
    assert len(listed) == 9 and {r["page"] for r in rows if r["in_contents"]} == {2}
    assert {r["table_kind"] for r in rows if not r["in_contents"]} == listed


def test_a_class_name_inside_a_longer_name_or_a_unit_name_is_no_line():
    """2069999-其他科学技术支出 is not the 科学技术支出 class (it is the line of code 2069999, never the
    total); a unit's 预算 is not a 科目 line."""
    assert [(f["subject"], f["named_item"], f["named_code"]) for f in narrative.figures_of(
        "（五）2069999-其他科学技术支出45870.00万元。")] == [("classified_line", "", "2069999")]
    assert lines_named("深圳市市场监督管理局深汕监管局预算3,703.39万元。") == [("unclassified", "", "", "3,703.39")]
    assert lines_named("六、科学技术支出 69651.54 万元。") == [("classified_line", "科学技术支出", "phrase", "69651.54")]


def test_a_total_is_named_as_such():
    """Only a phrase made of the words of a whole budget is a total: a named expense (其他商品和服务支出),
    a unit's special funds (…中心的…经费等支出), a phrase cut at a line break (本支出预算, 费预算支出)
    or a class named after 包括 (包括科学技术支出) is no total; an aggregate named bare (…财政拨款收支总预算)
    is no 科目 line."""
    def subjects(text):
        return [(f["subject"], f["amount_text"]) for f in narrative.figures_of(text)]
    assert subjects("其中办公费 618.69 万元，其他商品和服务支出 19.73 万元。") == [
        ("unclassified", "618.69"), ("unclassified", "19.73")]
    assert subjects("市绿色财政研究服务中心的财政专项业务经费等支出 120.00 万元。") == [("unclassified", "120.00")]
    assert subjects("本支出预算 3,305.86 万元，其中：（一）人员经费 3,115.12 万元。") == [
        ("unclassified", "3,305.86"), ("personnel", "3,115.12")]
    assert subjects("费预算支出 0.7 万元，与上年预算数相同。") == [("unclassified", "0.7")]
    assert lines_named("按支出功能分类，包括科学技术支出 28.00 万元。") == [
        ("classified_line", "科学技术支出", "phrase", "28.00")]
    assert subjects("2026 年国家信访局财政拨款收支总预算 18,728.91万元。") == [("fiscal_grant", "18,728.91")]
    # the totals, named as such (with the department's name, a year, an enumerator)
    assert subjects("2024年度支出决算为 307.82万元。") == [("expenditure_total", "307.82")]
    assert subjects("深圳市人力资源和社会保障局2026年部门预算支出 3,703.39 万元。") == [("expenditure_total", "3,703.39")]
    assert subjects("2023 年预算收入 13933.68 万元，支出预算合计 13933.68 万元。") == [
        ("income_total", "13933.68"), ("expenditure_total", "13933.68")]


def test_a_procurement_figure_of_one_funding_source_is_a_part():
    """重庆科技 p4: the 一般公共预算 part of procurement is not the procurement table's all-funds 合计."""
    assert [(f["subject"], f["amount_text"]) for f in narrative.figures_of(
        "政府采购预算总额6,143.52 万元：政府采购货物预算 5,242.52 万元；其中一般公共预算拨款政府采购 2,521.44 万元。")] == [
        ("procurement_total", "6,143.52"), ("procurement_part", "5,242.52"), ("procurement_part", "2,521.44")]


def test_a_performance_target_is_no_level():
    """北京水务局 p. 89: a target table's text "人员支出成本≤ 90.9012万元" is not the 人员经费."""
    assert figures("成本指标经济成本指标人员支出成本≤ 90.9012万元；人员经费 4896.98万元。") == [
        ("unclassified", "90.9012", "万元", ""), ("personnel", "4896.98", "万元", "")]
