"""Text printed off its ruled rows: codes and figures drawn half a row below their cells.

Some producers (重庆市气象局's 2026 budget) centre the name in its cell but draw the code and the
figures across the rule below. Cut by the rules, every figure would pair with the next row's name
and the last row would fall below the table. The reader re-cuts such tables along the text.
"""
import pytest

from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from extract.readers import read_document

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real"

ROWS = [("", "合 计", "5,445.39"), ("301", "工资福利支出", "5,293.75"), ("30101", "基本工资", "110.24"),
        ("30102", "津贴补贴", "4,890.66"), ("302", "商品和服务支出", "137.34"), ("30201", "办公费", "33.14"),
        ("303", "对个人和家庭的补助", "14.30")]


def misregistered_pdf(path):
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=landscape(A4))
    width, height = landscape(A4)
    columns, row_h, top = [70, 180, 450, 560], 20, height - 120
    c.setFont("STSong-Light", 14)
    c.drawString(300, height - 80, "一般公共预算基本支出情况表")
    c.setFont("STSong-Light", 9)
    lines = [("科目编码", "科目名称", "总计")] + ROWS
    for i, (code, name, amount) in enumerate(lines):
        y_top = top - i * row_h
        centre = y_top - row_h / 2 - 3
        c.drawString(columns[1] + 4, centre, name)                      # the name sits in its cell
        shifted = centre - (row_h / 2 if i else 0)                      # code and figure cross the rule below
        c.drawString(columns[0] + 4, shifted, code)
        c.drawRightString(columns[3] - 4, shifted, amount)
    bottom = top - len(lines) * row_h
    for i in range(len(lines) + 1):
        c.line(columns[0], top - i * row_h, columns[-1], top - i * row_h)
    for x in columns:
        c.line(x, top, x, bottom)
    c.showPage()
    c.save()


def test_figures_drawn_across_the_rules_stay_with_their_names(tmp_path):
    path = tmp_path / "misregistered.pdf"
    misregistered_pdf(path)
    (table,) = [t for t in read_document(str(path)).tables if t.rows]
    body = [tuple(cell.replace(" ", "") for cell in row) for row in table.rows[1:]]
    assert body == [tuple(cell.replace(" ", "") for cell in row) for row in ROWS]


@pytest.mark.corpus
def test_a_frame_around_title_and_table_is_not_a_cell():
    """江苏 2017 (real corpus): a rectangle around title, metadata and table is read by pdfplumber as a
    cell holding the whole page; the reader blanks it, so title and metadata become the lines above."""
    path = CORPUS / "江苏省委办公厅_2017预算公开表格.pdf"
    (table,) = [t for t in read_document(str(path)).tables if t.page == 8 and t.rows]
    assert table.rows[:3] == [["功能科目代码", "功能科目名称", "金额"], ["", "合计", "20,702.25"],
                              ["201", "一般公共服务支出", "16,845.17"]]
    assert table.lines_above[-2:] == ["一般公共预算支出预算表", "部门：中国共产党江苏省委员会办公厅 单位：万元"]
