"""Tables continued over pages: repeated headers dropped, every body row kept exactly once."""
from conftest import pdf_document
from extract.forms.base import assemble
from extract.forms.budget_tables import classify
from extract.model import Table

HEADER = [["序号", "收入", "收入", "支出", "支出"], ["序号", "项 目", "预算数", "项 目", "预算数"]]


document = pdf_document


def test_continuation_whose_first_row_has_no_figure_is_kept():
    first = Table(page=1, index=0, lines_above=["部门预算收支总表", "306 石家庄市科学技术局 预算年度：2023 单位：万元"],
                  rows=HEADER + [["1", "一、一般公共预算拨款收入", "13932.64", "一、一般公共服务支出", ""],
                                 ["2", "", "", "二、外交支出", ""]])
    # no 栏次 row; the continuation repeats the header and starts with a row without any figure
    second = Table(page=2, index=0, lines_above=["306 石家庄市科学技术局 预算年度：2023 单位：万元"],
                   rows=HEADER + [["19", "", "", "十九、自然资源海洋气象等支出", ""],
                                  ["20", "", "", "二十、住房保障支出", "362.92"]])
    (table,) = assemble(document(first, second), classify)
    assert [r.cells[0] for r in table.body] == ["1", "2", "19", "20"]
    assert [(r.page, r.page_row) for r in table.body] == [(1, 2), (1, 3), (2, 2), (2, 3)]
    assert table.pages == [1, 2]


def test_continuation_without_header_and_lone_total_row():
    first = Table(page=1, index=0, lines_above=["部门支出总表", "单位：元"],
                  rows=[["科目编码", "科目编码", "科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                        ["类", "款", "项", "科目名称", "合计", "基本支出", "项目支出"],
                        ["201", "", "", "一般公共服务支出", "300", "100", "200"]])
    second = Table(page=2, index=0, rows=[["201", "08", "", "审计事务", "300", "100", "200"]])
    third = Table(page=3, index=0, rows=[["合计", "300", "100", "200"]])
    (table,) = assemble(document(first, second, third), classify)
    assert [r.cells for r in table.body] == [
        ["201", "", "", "一般公共服务支出", "300", "100", "200"],
        ["201", "08", "", "审计事务", "300", "100", "200"],
        ["合计", "", "", "", "300", "100", "200"]]


BASIC_HEADER = [["科目编码", "科目名称", "基本支出", "基本支出", "基本支出"],
                ["科目编码", "科目名称", "小计", "人员经费", "公用经费"]]


def titled(page, rows):
    """A page that prints the title, metadata and header again (烟台, 佛山 templates)."""
    return Table(page=page, index=0, lines_above=["一般公共预算基本支出情况表", "部门（单位）：烟台市审计局 单位：万元"],
                 rows=BASIC_HEADER + rows)


def test_title_and_header_printed_again_on_the_next_page_continue_the_table():
    first = titled(1, [["", "合计", "300", "200", "100"], ["301", "工资福利支出", "200", "200", ""]])
    second = titled(2, [["302", "商品和服务支出", "100", "", "100"]])
    (table,) = assemble(document(first, second), classify)
    assert [r.cells[0] for r in table.body] == ["", "301", "302"]
    assert table.pages == [1, 2]


def test_a_total_line_repeated_on_every_page_is_kept_once():
    first = titled(1, [["", "合计", "300", "200", "100"], ["301", "工资福利支出", "200", "200", ""]])
    second = titled(2, [["", "合计", "300", "200", "100"], ["302", "商品和服务支出", "100", "", "100"]])
    (table,) = assemble(document(first, second), classify)
    assert [r.cells[1] for r in table.body] == ["合计", "工资福利支出", "商品和服务支出"]
    assert [(r.page, r.page_row) for r in table.body] == [(1, 2), (1, 3), (2, 3)]


def test_a_body_row_like_an_earlier_one_opening_the_next_page_is_kept():
    # one block per 预算单位 (深圳 表8): the second unit's 30109 prints the same figures as the first
    # unit's; printed first on the next page, under the repeated title and header, it is a body row
    def unit_rows(unit, total):
        return [["", unit, total, total, ""], ["30109", "职业年金缴费", "44.00", "44.00", "0.00"]]
    first = titled(1, [["", "合计", "138.00", "138.00", "0.00"]] + unit_rows("甲单位", "44.00")
                   + [["", "乙单位", "94.00", "94.00", ""], ["30108", "机关事业单位基本养老保险缴费", "50.00", "50.00", "0.00"]])
    second = titled(2, [["30109", "职业年金缴费", "44.00", "44.00", "0.00"], ["30110", "职工基本医疗保险缴费", "0.00", "0.00", "0.00"]])
    (table,) = assemble(document(first, second), classify)
    assert [(r.cells[0], r.cells[1], r.page) for r in table.body][-3:] == [
        ("30108", "机关事业单位基本养老保险缴费", 1), ("30109", "职业年金缴费", 2), ("30110", "职工基本医疗保险缴费", 2)]
    assert [(r.page, r.page_row) for r in table.body if r.page == 2] == [(2, 2), (2, 3)]


def test_the_same_title_opening_with_a_new_total_is_the_next_table():
    first = titled(1, [["", "合计", "300", "200", "100"], ["301", "工资福利支出", "300", "200", "100"]])
    second = titled(2, [["", "合计", "50", "50", ""], ["301", "工资福利支出", "50", "50", ""]])
    tables = assemble(document(first, second), classify)
    assert [len(t.body) for t in tables] == [2, 2]


def test_title_printed_inside_the_frame_as_merged_rows():
    """苏州 02表 and 江苏 2017: 表号, title and metadata are the table's first rows, merged across."""
    width = 5
    rows = [["公开 02 表"] * width, ["收入总表部门：苏州市审计局"] * width,
            ["部门：苏州市审计局"] * 3 + ["单位：万元"] * 2,
            ["部门代码", "部门名称", "合计", "本年收入", "上年结转"],
            ["合计", "合计", "4,651.67", "4,651.67", ""]]
    (table,) = assemble(document(Table(page=1, index=0, rows=rows)), classify)
    assert table.kind == "income_summary" and table.title == "收入总表"
    assert "部门：苏州市审计局" in table.text_around
    assert [r.cells[2] for r in table.body] == ["4,651.67"]
