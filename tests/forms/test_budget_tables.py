import pytest

from conftest import FACTS, SAMPLES, pdf_document
from extract.forms.budget_tables import classify, column_measure
from extract.forms import budget_tables
from extract.readers import read_document


@pytest.mark.parametrize("title,kind", [
    ("2026年部门财务收支预算总表", "income_expenditure_summary"),
    ("收入支出决算总表", "income_expenditure_summary"),
    ("部门综合预算收支总表", "income_expenditure_summary"),
    ("预算02表收入总表", "income_summary"),
    ("本年支出总体情况表", "expenditure_summary"),
    ("支出决算表", "expenditure_summary"),
    ("财政拨款收入支出决算总表", "fiscal_grant_summary"),
    ("一般公共预算财政拨款基本支出决算表", "general_budget_basic_expenditure"),
    ("2026年部门一般公共预算支出功能分类预算表", "general_budget_expenditure"),
    ("政府性基金预算财政拨款收入支出决算表", "government_fund_expenditure"),
    ("部门预算政府基金预算财政拨款支出表", "government_fund_expenditure"),
    ("部门综合预算政府性基金收支表", "government_fund_expenditure"),
    ("一般公共预算机关运行经费支出预算表", "office_operation_expenditure"),
    ("财政拨款预算收支总表", "fiscal_grant_summary"),
    ("财政拨款支出表（功能科目）", "fiscal_grant_expenditure"),
    ("财政拨款基本支出预算表（经济科目）", "fiscal_grant_basic_expenditure"),
    ("部门预算基本支出预算表", "basic_expenditure"),
    ("基本支出总表", "basic_expenditure"),
    ("项目支出预算情况表", "project_expenditure"),
    ("2026年市级部门项目支出预算表", "project_expenditure"),
    ("一般公共预算财政拨款支出预算表", "general_budget_expenditure"),
    ("项目支出绩效目标表", None),
    ("项目支出情况表", None),   # an evaluation report's execution table, not a budget table
    ("公开 02 表", None),
    ("国有资本经营预算财政拨款支出表", "state_capital_expenditure"),
    ("财政拨款“三公”经费支出决算表", "three_public"),
    ("2026年单位“三公”经费和机关运行经费预算表", "three_public"),
    ("部门整体支出绩效目标表", None),
    ("部门预算项目支出及其他支出预算表", None),
])
def test_titles(title, kind):
    assert classify(title) == kind


@pytest.mark.parametrize("path,measure", [
    (["合计"], "total"), (["本年收入", "小计"], "current_year_income"), (["基本支出", "人员经费"], "personnel"),
    (["一般公共预算基本支出", "合计"], "total"), (["上年结转"], "carryover"), (["公务用车购置及运行费", "小计"], "vehicles"),
    (["公务用车购置及运行费", "购置费"], "vehicle_purchase"), (["因公出国(境)费"], "outbound_travel"),
    # a group of sources' own column is its subtotal, never the line's total
    (["其他资金"], "unmapped"), (["单位资金", "合计"], "unmapped"), (["单位资金", "事业收入"], "business_income"),
])
def test_column_measures(path, measure):
    assert column_measure(path) == measure


@pytest.mark.parametrize("sample", ["seed002_budget_grid.pdf", "seed002_budget.xlsx", "seed002_budget.txt"])
def test_tables_continued_over_pages_are_merged_without_losing_or_duplicating_rows(sample):
    out = budget_tables.extract(read_document(str(SAMPLES / sample)))
    assert [t["body_rows"] for t in out["budget_tables"]] == [len(t["rows"]) for t in FACTS["tables"]]
    if sample.endswith(".pdf"):
        pages = {t["table_kind"]: (t["first_page"], t["last_page"]) for t in out["budget_tables"]}
        assert pages["income_summary"] == (3, 5)


def test_a_total_figure_pulled_into_a_label_column_is_moved_back():
    """北京 支出总表: the 合计 label merged over three label columns pulls the first figure into the last one."""
    from extract.forms.budget_tables import _realign_total_row

    roles = ["name", "name", "name", "amount", "amount", "amount"]
    printed = ["合 计", "", "1,024,807.171785", "", "186,874.722488", "837,932.449297"]
    assert _realign_total_row(printed, roles) == ["合 计", "", "", "1,024,807.171785", "186,874.722488", "837,932.449297"]
    # codes in a code column and ordinary lines are left alone
    line = ["2050302-中等职业教育", "50501", "30101", "748.827600", "748.827600", ""]
    assert _realign_total_row(line, roles) == line


def test_split_code_columns_keep_two_digit_kuan_and_xiang():
    """普陀 万里's 基本支出表 prints 30102 as "301 | 2" (a spreadsheet number lost its leading zero):
    款 and 项 are two-digit fields, so the line stays a child of 301."""
    from extract.forms.budget_tables import _code_and_item

    roles = ["code", "code", "name", "amount"]
    assert _code_and_item(["301", "2", "津贴补贴", "16,623,810"], [0, 1, 2], roles) == ("30102", "津贴补贴")
    assert _code_and_item(["301", "08", "机关事业单位基本养老保险缴费", "1"], [0, 1, 2], roles)[0] == "30108"
    roles = ["code", "code", "code", "name", "amount"]
    assert _code_and_item(["208", "5", "1", "行政单位离退休", "1"], [0, 1, 2, 3], roles)[0] == "2080501"
    assert _code_and_item(["301", "", "", "工资福利支出", "1"], [0, 1, 2, 3], roles)[0] == "301"


@pytest.mark.parametrize("path,measure", [
    # a column is mapped only when every label of its printed header path is understood
    (["基本支出", "人员类"], "unmapped"),                      # not a 合计 because nothing else matched
    (["人员类"], "unmapped"),
    (["政府采购项目", "小计"], "unmapped"),                    # a 小计 of an unknown group is not the row total
    (["其中：公务用车购", "置费"], "unmapped"),                 # a header wrapped mid-word is not 公务用车购置及运行费
    (["公务用车购置及运行费", "其中：公务用车购置费"], "vehicle_purchase"),
    (["年初结转和结余"], "carryover"),                        # not a 合计
    (["年末结转和结余"], "carryover_to_next"),
    (["结转下年"], "carryover_to_next"),
    (["上年结转结余", "一般公共预算"], "carryover_part"),       # carried-over money, not a 本年收入 source
    (["上年结转结余", "单位资金"], "carryover_part"),
    (["上年结转结余", "小计"], "carryover"),
    (["本年收入", "一般公共预算"], "general_budget"),
    (["事业收入", "其中:教育收费"], "unmapped"),                # a part of 事业收入 is not a second 事业收入
    (["本年一般公共预算基本支出", "合计", "1"], "total"),        # a 栏次 number folded into the header
    (["2026年预算数", "年初预算数", "基本支出"], "basic"),
    (["一般公共预算支出", "其中：基本支出"], "basic"),
    (["本年支出合计"], "total"),
    (["金额"], "total"),
    (["“三公”经费", "小计"], "three_public_subtotal"),
    (["其他资金收入", "事业收入"], "business_income"),
    (["支出", "支出用途", "金额"], "total"),                   # 江苏: expenditure by use (基本支出, 项目支出 …)
])
def test_column_measures_only_from_an_understood_header(path, measure):
    assert column_measure(path) == measure


def test_a_remarks_column_is_not_an_amount_column():
    """西安's 基本支出明细表 prints an empty 备注 column after its amounts: it was read as a second 合计."""
    from extract.forms.base import AssembledTable, BodyRow, header_paths
    from extract.forms.budget_tables import column_roles

    table = AssembledTable(kind="general_budget_basic_expenditure", title="一般公共预算基本支出明细表", pages=[1],
                           header=[["功能科目编码", "功能科目名称", "合计", "人员经费支出", "公用经费支出", "备注"]],
                           column_numbers=None, body=[
                               BodyRow(["20805", "行政事业单位养老支出", "4421098.77", "4421098.77", "0", ""], 1, 0, 1),
                               BodyRow(["2080506", "机关事业单位职业年金缴费支出", "1473699.61", "1473699.61", "0", ""], 1, 0, 2)])
    assert column_roles(table, header_paths(table)) == ["code", "name", "amount", "amount", "amount", "note"]


def test_a_unit_column_before_the_project_names_names_the_unit():
    """浙江's 项目支出预算表 prints 单位名称 | 项目名称 with "**" under both in its 栏次 row: the line is the project,
    the first column its unit (a line named by its unit would make every project of a unit one name)."""
    from extract.forms.base import AssembledTable, BodyRow
    from extract.forms.budget_tables import column_roles

    table = AssembledTable(kind="project_expenditure", title="2026年市级部门项目支出预算表", pages=[1],
                           header=[["单位名称", "项目名称", "总计", "一般公共预算"], ["**", "**", "1", "2"]],
                           column_numbers=None, body=[
                               BodyRow(["湖州市财政局", "全市会计人员考培", "187.00", "187.00"], 1, 0, 3),
                               BodyRow(["湖州市财政局", "财政管理与改革", "110.00", "110.00"], 1, 0, 4)])
    paths = [["单位名称", "**"], ["项目名称", "**"], ["总计", "1"], ["一般公共预算", "2"]]
    assert column_roles(table, paths) == ["unit", "name", "amount", "amount"]


@pytest.mark.parametrize("path, kind, basis", [
    # 上海's 决算 “三公” table: 预算数 | 决算数 under each part; 广东's: 预算数 and 决算数 over the parts
    (["合计", "预算数"], "决算", "budget"),
    (["合计", "决算数"], "决算", "actual"),
    (["预算数", "公务用车购置及运行费", "公务用车购置费"], "决算", "budget"),
    (["决算数", "公务接待费"], "决算", "actual"),
    (["年初预算数", "合计"], "决算", "initial_budget"),
    (["本年支出合计"], "决算", "actual"),                       # no basis printed: the document's own
    (["一般公共预算财政拨款"], "决算", "actual"),                # 预算 inside a measure label is no basis
    (["预算数", "合计"], "预算", "budget"),
    (["合计"], "预算", "budget"),
])
def test_column_basis_from_the_printed_header(path, kind, basis):
    assert budget_tables.column_basis(path, kind) == basis


def test_a_final_accounts_three_public_table_keeps_its_budget_columns_apart():
    """A 决算 “三公” table printing 预算数 beside 决算数 (上海 2024, 佛山 2019): the 预算数 figures are the budget,
    not a second 决算 figure of the same line (they were summed with it into the line's measures)."""
    from extract.model import Table

    header = [["财政拨款“三公”经费"] * 6,
              ["合计", "合计", "因公出国（境）费", "因公出国（境）费", "公务接待费", "公务接待费"],
              ["预算数", "决算数", "预算数", "决算数", "预算数", "决算数"]]
    table = Table(page=17, index=0, rows=[*header, ["2.85", "0.39", "0.00", "0.00", "2.85", "0.39"]], strategy="lines",
                  lines_above=["财政拨款“三公”经费支出决算表", "单位：万元"])
    document = pdf_document(table, file_name="某局2024年度部门决算.pdf")
    cells = [c for c in budget_tables.extract(document)["budget_cells"] if c["value_text"]]
    assert {(c["measure"], c["basis"], c["value_text"]) for c in cells} == {
        ("total", "budget", "2.85"), ("total", "actual", "0.39"), ("outbound_travel", "budget", "0.00"),
        ("outbound_travel", "actual", "0.00"), ("reception", "budget", "2.85"), ("reception", "actual", "0.39")}


def test_a_summary_printing_its_expenditure_by_function_and_by_use_reads_both_blocks():
    """江苏's 收支预算总表 (2017, 2018): the expenditure side printed twice, 功能分类 (名称 | 金额) and 支出用途
    (名称 | 金额); the 支出用途 lines (基本支出, 项目支出, 单位预留机动经费, and the totals printed under that block)
    are the lines' totals, not unmapped columns; a total label merged over a block's 名称 | 金额 puts no text under 金额."""
    from extract.model import Table

    rows = [["收入", "收入", "支出", "支出", "支出", "支出"],
            ["项目名称", "金额", "功能分类", "功能分类", "支出用途", "支出用途"],
            ["项目名称", "金额", "功能科目名称", "金额", "项目名称", "金额"],
            ["一、财政拨款", "15897.44", "一、一般公共服务支出", "12706.28", "一、基本支出", "7877.76"],
            ["1. 一般公共预算", "15897.44", "二、外交支出", "", "二、项目支出", "6333.96"],
            ["二、财政专户管理资金", "", "八、社会保障和就业支出", "1068.78", "三、单位预留机动经费", "1685.72"],
            ["", "", "十八、住房保障支出", "2122.38", "", ""],
            ["收入合计", "15897.44", "支出合计", "支出合计", "支出合计", "15897.44"]]
    table = Table(page=8, index=0, rows=rows, strategy="lines", lines_above=["公开01表", "收支预算总表", "单位:万元"])
    document = pdf_document(table)
    every_cell = budget_tables.extract(document)["budget_cells"]
    # 支出合计 merged over the 功能分类 block's 名称 | 金额: no figure (not text to report as unreadable, BUD-090) under 金额
    assert [c["value_text"] for c in every_cell if c["side"] == "expenditure" and c["item_text"] == "支出合计"] == [""]
    cells = [c for c in every_cell if c["value_text"] and c["measure"] != "total" or c["side"] == "expenditure_2" and c["value_text"]]
    assert {(c["side"], c["item_text"], c["measure"], c["value_text"]) for c in cells} == {
        ("expenditure_2", "一、基本支出", "total", "7877.76"), ("expenditure_2", "二、项目支出", "total", "6333.96"),
        ("expenditure_2", "三、单位预留机动经费", "total", "1685.72"), ("expenditure_2", "支出合计", "total", "15897.44")}


def test_a_sentence_quoting_a_table_is_no_title():
    """A line of the 情况说明 naming a table in 《》 (江苏: "…与《财政拨款收支预算总表》的财政拨款数一致，" above a
    chart the reader takes for a table) is prose: no table of that kind is made of it."""
    from extract.forms.base import title_candidates
    from extract.model import Table

    table = Table(page=23, index=0, rows=[["基本支出", "49.55%"]], strategy="lines",
                  lines_above=["四、财政拨款收支预算总体情况说明", "款支出安排数与《财政拨款收支预算总表》的财政拨款数一致，",
                               "财政拨款收支预算总表"])
    assert title_candidates(table) == ["四、财政拨款收支预算总体情况说明", "财政拨款收支预算总表"]
    quoting_a_project = Table(page=1, index=0, rows=[["一级指标", "二级指标"]], strategy="lines",
                              lines_above=["《乡村振兴专项》项目支出绩效自评表"])
    assert title_candidates(quoting_a_project) == ["《乡村振兴专项》项目支出绩效自评表"]


def test_a_line_named_in_a_second_name_column_under_a_merged_group_keeps_its_name():
    """江苏's 收入预算总表 (2017, 2018): 项目名称 printed in two columns, the group merged down the first (一般公共预算资金,
    财政专户管理资金) beside its 小计 and its sources; a source line's group cell is blank: it is named by its own cell
    (its figure was held without a name), the 小计 line by its group."""
    from extract.model import Table

    rows = [["项目名称", "", "金额"], ["收入总计", "", "20,849.45"], ["一般公共预算资金", "小计", "20,702.25"],
            ["", "公共财政拨款(补助)资金", "20,702.25"], ["", "专项收入", ""], ["财政专户管理资金", "小计", "147.20"],
            ["", "其他非税收入", "147.20"]]
    table = Table(page=2, index=0, rows=rows, strategy="lines", lines_above=["收入预算总表", "单位：万元"])
    document = pdf_document(table)
    cells = budget_tables.extract(document)["budget_cells"]
    assert [(c["item_text"], c["value_text"]) for c in cells] == [
        ("收入总计", "20,849.45"), ("一般公共预算资金", "20,702.25"), ("公共财政拨款(补助)资金", "20,702.25"), ("专项收入", ""),
        ("财政专户管理资金", "147.20"), ("其他非税收入", "147.20")]
