"""Generate the performance-target sample documents from samples/facts/targets_seed*.json.

    python samples/make_target_samples.py

writes, next to this script:

    targets_seed002.pdf   52 "N、<project>绩效目标表" tables, A4 portrait, ruled grid. 一级 cells are
                          merged over their rows; tables run on over page breaks without repeating
                          the header, so a merged 一级 label is lost on the continuation page.
    targets_seed004.pdf   10 project tables: a ruled block (项目编码, 预算规模及资金用途, 资金支出计划,
                          绩效目标) and, below it, a separate indicator grid (一级 merged).
    targets_seed000.docx  7 projects in the three layouts of seed 000 (coded levels, 项目库年度绩效表,
                          项目支出绩效目标表 with 项目资金 rows), merged cells as real Word merges.
    targets_seed003.docx  10 project tables like seed 003 (one Word table per project).

The JSON files are the only input; the output is byte-identical on every run.
"""
from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.shared import Pt
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sample_font  # noqa: E402
from make_samples import wrap  # noqa: E402  (the same font and size: text breaks as in the budget samples)

HERE = Path(__file__).resolve().parent
FACTS = HERE / "facts"

FONT = sample_font.FONT   # embedded Chinese on STSong-Light's metrics (sample_font.py)
SIZE, LEADING, PAD, MIN_ROW_H = 8, 10, 3, 16
TOP_MARGIN, BOTTOM_MARGIN = 40, 40
FIXED_ZIP_TIME = (2023, 1, 1, 0, 0, 0)


def load(seed: str) -> dict:
    return json.loads((FACTS / f"targets_seed{seed}.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- PDF grid drawing
class Cell:
    def __init__(self, col: int, text: str, colspan: int = 1, rowspan: int = 1):
        self.col, self.text, self.colspan, self.rowspan = col, text, colspan, rowspan


class PdfWriter:
    """Draws ruled grids row by row, starting a new page when a row does not fit. A cell merged
    over rows that cross a page break is drawn as one box per page, with its text on the first."""

    def __init__(self, path: Path, pagesize):
        self.canvas = canvas.Canvas(str(path), pagesize=pagesize, invariant=1)
        self.canvas.setTitle(path.stem)
        self.width, self.height = pagesize
        self.y = self.height - TOP_MARGIN

    def new_page(self):
        self.canvas.showPage()
        self.y = self.height - TOP_MARGIN

    def line(self, text: str, size: float = 10, centre: bool = False, gap: float = 4):
        if self.y - size - gap < BOTTOM_MARGIN:
            self.new_page()
        self.canvas.setFont(FONT, size)
        if centre:
            self.canvas.drawCentredString(self.width / 2, self.y - size, text)
        else:
            self.canvas.drawString(40, self.y - size, text)
        self.y -= size + gap

    def room(self, needed: float) -> bool:
        return self.y - needed >= BOTTOM_MARGIN

    def grid(self, widths: list[float], rows: list[list[Cell]]):
        left = (self.width - sum(widths)) / 2
        xs = [left + sum(widths[:i]) for i in range(len(widths) + 1)]
        heights = []
        for row in rows:
            h = MIN_ROW_H
            for cell in row:
                if cell.rowspan == 1:
                    h = max(h, self.cell_height(cell, xs))
            heights.append(h)
        open_spans: dict[int, dict] = {}  # column -> rowspan cell still covering rows
        c = self.canvas
        for r, row in enumerate(rows):
            if not self.room(heights[r]):
                self._close_spans(open_spans, xs, page_break=True)
                self.new_page()
            top = self.y
            bottom = top - heights[r]
            for cell in row:
                x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
                if cell.rowspan > 1:
                    open_spans[cell.col] = {"cell": cell, "top": top, "left": cell.rowspan, "x0": x0, "x1": x1,
                                            "text": cell.text}
                    continue
                c.rect(x0, bottom, x1 - x0, top - bottom)
                self.cell_text(cell, xs, top)
            for span in open_spans.values():
                span["bottom"] = bottom
            for col in list(open_spans):
                span = open_spans[col]
                span["left"] -= 1
                if span["left"] == 0:
                    self._draw_span(span, xs)
                    del open_spans[col]
            self.y = bottom
        self.y -= 10

    def cell_height(self, cell: Cell, xs: list[float]) -> float:
        """The height a one-row cell needs for its wrapped text (a subclass may lay a cell out otherwise)."""
        return len(wrap(cell.text, xs[cell.col + cell.colspan] - xs[cell.col] - 2 * PAD)) * LEADING + 2 * PAD

    def cell_text(self, cell: Cell, xs: list[float], top: float):
        self._text(cell.text, xs[cell.col], xs[cell.col + cell.colspan], top)

    def _close_spans(self, spans: dict, xs, page_break: bool):
        for span in spans.values():
            if "bottom" in span:
                self._draw_span(span, xs)
            span["top"], span["text"] = None, ""  # the rest of the span starts on the next page, label lost
            span.pop("bottom", None)

    def _draw_span(self, span: dict, xs):
        top = span["top"] if span["top"] is not None else self.height - TOP_MARGIN
        self.canvas.rect(span["x0"], span["bottom"], span["x1"] - span["x0"], top - span["bottom"])
        if span["text"]:
            self._text(span["text"], span["x0"], span["x1"], top)

    def _text(self, text: str, x0: float, x1: float, top: float):
        self.canvas.setFont(FONT, SIZE)
        for i, line in enumerate(wrap(text, x1 - x0 - 2 * PAD)):
            self.canvas.drawString(x0 + PAD, top - PAD - SIZE - i * LEADING, line)

    def save(self):
        self.canvas.save()


def indicator_rows(indicators: list[list[str]], columns: list[int], first_col: int = 0) -> list[list[Cell]]:
    """Indicator rows with 一级 merged over its run of rows; `columns` picks which of
    [一级, 二级, 三级, 描述, 指标值, 依据] are printed."""
    rows, i = [], 0
    while i < len(indicators):
        j = i
        while j < len(indicators) and indicators[j][0] == indicators[i][0]:
            j += 1
        for k in range(i, j):
            row = []
            for n, source in enumerate(columns):
                if source == 0:
                    if k == i:
                        row.append(Cell(first_col + n, indicators[k][0], rowspan=j - i))
                    continue
                row.append(Cell(first_col + n, indicators[k][source]))
            rows.append(row)
        i = j
    return rows


def write_seed002_pdf(path: Path):
    facts = load("002")
    pdf = PdfWriter(path, A4)
    pdf.line(f"{facts['department_code']}{facts['department']}{facts['fiscal_year']}年部门预算", 14, centre=True, gap=8)
    pdf.line(facts["part_title"], 12, gap=8)
    widths = [50, 66, 92, 150, 72, 88]
    for project in facts["projects"]:
        if not pdf.room(14 + 3 * MIN_ROW_H):
            pdf.new_page()
        pdf.line(project["title"], 11, gap=6)
        rows = [[Cell(0, "绩效目标"), Cell(1, project["goal"], colspan=5)],
                [Cell(n, t) for n, t in enumerate(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"])]]
        rows += indicator_rows(project["indicators"], [0, 1, 2, 3, 4, 5])
        pdf.grid(widths, rows)
    pdf.save()


def write_seed004_pdf(path: Path):
    facts = load("004")
    pdf = PdfWriter(path, landscape(A4))
    widths7 = [90, 70, 110, 90, 110, 70, 150]
    widths6 = [80, 100, 130, 200, 110, 120]
    for number, project in enumerate(facts["projects"]):
        if number:
            pdf.new_page()
        pdf.line(project["title"], 13, centre=True, gap=8)
        pdf.line(project["department_line"], 9, gap=2)
        pdf.line(project["unit_line"], 9, gap=4)
        plan = project["spend_plan"]
        block = [
            [Cell(0, project.get("code_label", "项目编码")), Cell(1, project["code"], colspan=3), Cell(4, "项目名称"),
             Cell(5, project["name"], colspan=2)],
            [Cell(0, "预算规模及资金用途", rowspan=2), Cell(1, "预算数"), Cell(2, project["amount"]), Cell(3, "其中：财政资金"),
             Cell(4, project["fiscal"]), Cell(5, "其他资金"), Cell(6, project["other"])],
            [Cell(1, project["purpose"], colspan=6)],
            [Cell(0, "资金支出计划（%）", rowspan=2), Cell(1, "3月底", colspan=2), Cell(3, "6月底"), Cell(4, "10月底", colspan=2),
             Cell(6, "12月底")],
            [Cell(1, plan[0], colspan=2), Cell(3, plan[1]), Cell(4, plan[2], colspan=2), Cell(6, plan[3])],
            [Cell(0, "绩效目标"), Cell(1, project["goal"], colspan=6)],
        ]
        pdf.grid(widths7, block)
        rows = [[Cell(n, t) for n, t in enumerate(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"])]]
        rows += indicator_rows(project["indicators"], [0, 1, 2, 3, 4, 5])
        pdf.grid(widths6, rows)
    pdf.save()


# ---------------------------------------------------------------- DOCX
def new_document(landscape_pages: bool = False) -> docx.Document:
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.size = Pt(9)
    if landscape_pages:
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    props = document.core_properties
    from datetime import datetime
    props.created = props.modified = datetime(2023, 1, 1)
    props.author = props.last_modified_by = "budget-warehouse samples"
    props.revision = 1
    return document


def fill(table, r: int, c: int, text: str, colspan: int = 1, rowspan: int = 1):
    cell = table.cell(r, c)
    if colspan > 1 or rowspan > 1:
        cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
    cell.text = text
    return cell


def docx_indicators(table, start_row: int, indicators: list[list[str]], columns: list[int], first_col: int = 0):
    i = 0
    while i < len(indicators):
        j = i
        while j < len(indicators) and indicators[j][0] == indicators[i][0]:
            j += 1
        for k in range(i, j):
            for n, source in enumerate(columns):
                if source == 0:
                    continue
                fill(table, start_row + k, first_col + n, indicators[k][source])
        fill(table, start_row + i, first_col + columns.index(0), indicators[i][0], rowspan=j - i)
        i = j


def write_seed000_docx(path: Path):
    facts = load("000")
    document = new_document()
    document.add_paragraph(facts["heading"])
    for project in facts["projects"]:
        document.add_paragraph(project["title"])
        document.add_paragraph(project["year_line"])
        inds = project["indicators"]
        if project["layout"] in ("coded", "library"):
            n_block = 1 + len(project["fields"]) + 1
            table = document.add_table(rows=n_block + 1 + len(inds), cols=4)
            table.style = "Table Grid"
            fill(table, 0, 0, "项目名称")
            fill(table, 0, 1, project["name"], colspan=3)
            for r, (a, b, c, d) in enumerate(project["fields"], start=1):
                fill(table, r, 0, a), fill(table, r, 1, b), fill(table, r, 2, c), fill(table, r, 3, d)
            fill(table, n_block - 1, 0, project["goal_label"])
            fill(table, n_block - 1, 1, project["goal"], colspan=3)
            labels = ["一级指标", "二级指标", "三级指标", "绩效值"] if project["layout"] == "coded" else \
                ["一级绩效指标", "二级绩效指标", "绩效内容", "绩效值"]
            for c, label in enumerate(labels):
                fill(table, n_block, c, label)
            docx_indicators(table, n_block + 1, inds, [0, 1, 2, 4])
        else:  # 项目支出绩效目标表: 项目资金 rows, then 绩效指标 merged down the first column
            table = document.add_table(rows=6 + len(inds), cols=5)
            table.style = "Table Grid"
            fill(table, 0, 0, "项目名称")
            fill(table, 0, 1, project["name"], colspan=4)
            a, b, c, d = project["fields"][0]
            fill(table, 1, 0, a), fill(table, 1, 1, b), fill(table, 1, 2, c), fill(table, 1, 3, d, colspan=2)
            fill(table, 2, 0, f"项目资金 ({project['amount_unit']})", rowspan=3)
            fill(table, 2, 1, "年度资金总额:"), fill(table, 2, 2, project["amount"], colspan=3)
            fill(table, 3, 1, "其中:财政拨款"), fill(table, 3, 2, project["fiscal"], colspan=3)
            fill(table, 4, 1, "其他资金"), fill(table, 4, 2, project["other"], colspan=3)
            fill(table, 5, 0, project["goal_label"])
            fill(table, 5, 1, project["goal"], colspan=4)
            header = 6
            table.add_row()
            for c, label in enumerate(["一级指标", "二级指标", "三级指标", "指标值"], start=1):
                fill(table, header, c, label)
            docx_indicators(table, header + 1, inds, [0, 1, 2, 4], first_col=1)
            fill(table, header, 0, "绩效指标", rowspan=len(inds) + 1)
    save_docx(document, path)


def write_seed003_docx(path: Path):
    facts = load("003")
    document = new_document(landscape_pages=True)
    document.add_paragraph("第二部分 预算项目绩效目标")
    for project in facts["projects"]:
        document.add_paragraph(project["title"])
        document.add_paragraph(project["department_line"])
        document.add_paragraph(project["unit_line"])
        inds = project["indicators"]
        table = document.add_table(rows=7 + len(inds), cols=7)
        table.style = "Table Grid"
        fill(table, 0, 0, "项目编码"), fill(table, 0, 1, project["code"], colspan=2)
        fill(table, 0, 3, "项目名称"), fill(table, 0, 4, project["name"], colspan=3)
        fill(table, 1, 0, "预算规模及资金用途", rowspan=2)
        for c, text in enumerate(["预算数", project["amount"], "其中：财政资金", project["fiscal"], "其他资金", project["other"]], start=1):
            fill(table, 1, c, text)
        fill(table, 2, 1, project["purpose"], colspan=6)
        fill(table, 3, 0, "资金支出计划（%）", rowspan=2)
        for c, (label, value) in enumerate(zip(["3月底", "6月底", "10月底", "12月底"], project["spend_plan"])):
            span = 2 if c in (0, 2) else 1
            col = [1, 3, 4, 6][c]
            fill(table, 3, col, label, colspan=span)
            fill(table, 4, col, value, colspan=span)
        fill(table, 5, 0, "绩效目标"), fill(table, 5, 1, project["goal"], colspan=6)
        fill(table, 6, 0, "一级指标"), fill(table, 6, 1, "二级指标"), fill(table, 6, 2, "三级指标")
        fill(table, 6, 3, "绩效指标描述", colspan=2)  # 7 grid columns: the description takes two
        fill(table, 6, 5, "指标值"), fill(table, 6, 6, "指标值确定依据")
        docx_indicators_7(table, 7, inds)
    save_docx(document, path)


def docx_indicators_7(table, start_row: int, indicators: list[list[str]]):
    i = 0
    while i < len(indicators):
        j = i
        while j < len(indicators) and indicators[j][0] == indicators[i][0]:
            j += 1
        for k in range(i, j):
            row = start_row + k
            fill(table, row, 1, indicators[k][1]), fill(table, row, 2, indicators[k][2])
            fill(table, row, 3, indicators[k][3], colspan=2)
            fill(table, row, 5, indicators[k][4]), fill(table, row, 6, indicators[k][5])
        fill(table, start_row + i, 0, indicators[i][0], rowspan=j - i)
        i = j


def save_docx(document, path: Path):
    """Save with fixed zip timestamps so the file is byte-identical on every run."""
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(source.namelist()):
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    path.write_bytes(out.getvalue())


def main():
    write_seed002_pdf(HERE / "targets_seed002.pdf")
    write_seed004_pdf(HERE / "targets_seed004.pdf")
    write_seed000_docx(HERE / "targets_seed000.docx")
    write_seed003_docx(HERE / "targets_seed003.docx")


if __name__ == "__main__":
    main()
