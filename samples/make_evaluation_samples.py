"""Generate the self-evaluation sample documents from samples/facts/evaluations_seed001.json.

    python samples/make_evaluation_samples.py

writes, next to this script:

    seed001_evaluations.pdf   A4 portrait, ruled grid, one form per page group. Narrow level and
                              score columns wrap their headers mid-word ("一级指/标", "执行/率");
                              long forms run over pages without repeating a header, and a merged
                              一级/二级 cell cut by the page break prints its text once only.
    seed001_evaluations.xlsx  one sheet per form (表1 … 表13), real merged cells; funds, weights
                              and scores stored as numbers with the printed decimals.

The JSON is the only input; the output is byte-identical on every run. The figures are the
printed ones, including the arithmetic mistakes of 表11 (Σ分值 90 and Σ得分 88.1 against a
printed 总分 of 100 / 98.1).
"""

import io
import json
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sample_font  # noqa: E402
from make_samples import wrap  # noqa: E402  (the same font and size: text breaks as in the budget samples)

HERE = Path(__file__).resolve().parent
FACTS = HERE / "facts" / "evaluations_seed001.json"
FIXED_TIME = datetime(2023, 1, 1, 0, 0, 0)

FONT = sample_font.FONT   # embedded Chinese on STSong-Light's metrics (sample_font.py)
PAGE_W, PAGE_H = A4
MARGIN = 36
TOP = PAGE_H - 40
BOTTOM = 50
SIZE = 8
LEADING = 10
PAD = 3
MIN_ROW_H = 16
MAX_ROWS_PER_PAGE = 24   # a small page budget so the longer forms run over two pages

TABLE_W = PAGE_W - 2 * MARGIN
# Column widths: the 一级/二级 columns (30pt) wrap "一级指标" as "一级指/标"; 执行率 wraps in 28pt.
REGIONAL_WIDTHS = [34, 30, 30, 100, 56, 56, 28, 28]
REGIONAL_WIDTHS.append(TABLE_W - sum(REGIONAL_WIDTHS))
CENTRAL_WIDTHS = [40, 30, 30, 110, 70, 70]
CENTRAL_WIDTHS.append(TABLE_W - sum(CENTRAL_WIDTHS))


def load_facts():
    with open(FACTS, encoding="utf-8") as f:
        return json.load(f)


# ------------------------------------------------------------------ grid of one form
class Grid:
    """Cells of one form: text at the origin of each (merged) cell, figure flags, merges."""

    def __init__(self, n_cols):
        self.n = n_cols
        self.rows: list[list[str | None]] = []
        self.figures: set[tuple[int, int]] = set()   # cells holding a figure (numbers in XLSX)
        self.merges: list[tuple[int, int, int, int]] = []   # (row, col, rowspan, colspan)

    def add(self, spans, figures=()):
        """spans: [(text, colspan)]; figures: column indexes whose text is a figure."""
        row, col = [None] * self.n, 0
        r = len(self.rows)
        for text, span in spans:
            row[col] = text
            if span > 1:
                self.merges.append((r, col, 1, span))
            col += span
        assert col == self.n, spans
        self.rows.append(row)
        self.figures.update((r, c) for c in figures)
        return r

    def merge_down(self, col, first, last):
        """Merge column col over rows first..last (the text stays at the first row)."""
        if last > first:
            self.merges.append((first, col, last - first + 1, 1))
            for r in range(first + 1, last + 1):
                self.rows[r][col] = None

    def merge_runs(self, col, first, last):
        """Merge each run of equal texts in column col between rows first..last."""
        start = first
        for r in range(first + 1, last + 2):
            if r > last or self.rows[r][col] != self.rows[start][col] or not self.rows[start][col]:
                self.merge_down(col, start, r - 1)
                start = r


def regional_grid(t):
    g = Grid(9)
    g.add([("项目名称", 1), (t["project"], 8)])
    g.add([("主管部门", 1), (t["department"], 3), ("实施单位", 1), (t["implementer"], 4)])
    first = g.add([("项目资金（万元）", 1), ("", 2), ("年初预算数", 1), ("全年预算数", 1), ("全年执行数", 1),
                   ("分值", 1), ("执行率", 1), ("得分", 1)])
    for item, *values in t["funds"]:
        g.add([("项目资金（万元）", 1), (item, 2)] + [(v, 1) for v in values],
              figures=[c for c, v in zip(range(3, 9), values) if v not in ("", "—") and not v.endswith("%")])
    g.merge_down(0, first, len(g.rows) - 1)
    first = g.add([("年度总体目标", 1), ("预期目标", 4), ("实际完成情况", 4)])
    g.add([("年度总体目标", 1), (t["goal_expected"], 4), (t["goal_actual"], 4)])
    g.merge_down(0, first, len(g.rows) - 1)
    first = g.add([("绩效指标", 1), ("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("年度指标值", 1),
                   ("实际完成值", 1), ("分值", 1), ("得分", 1), ("偏差原因分析及改进措施", 1)])
    for i in t["indicators"]:
        g.add([("绩效指标", 1), (i["level1"], 1), (i["level2"], 1), (i["level3"], 1), (i["target"], 1),
               (i["actual"], 1), (i["weight"], 1), (i["score"], 1), (i["reason"], 1)], figures=[6, 7])
    last = len(g.rows) - 1
    g.merge_down(0, first, last)
    g.merge_runs(1, first + 1, last)
    level1_runs = _runs([i["level1"] for i in t["indicators"]])
    for a, b in level1_runs:   # 二级 merges stay inside their 一级 block
        g.merge_runs(2, first + 1 + a, first + 1 + b)
    g.add([("总分", 6), (t["total_weight"], 1), (t["total_score"], 1), ("", 1)], figures=[6, 7])
    return g


def central_grid(t):
    g = Grid(7)
    g.add([("转移支付（项目）名称", 1), (t["project"], 6)])
    g.add([("中央主管部门", 1), (t["central_department"], 6)])
    g.add([("地方主管部门", 1), (t["department"], 3), ("资金使用单位", 1), (t["implementer"], 2)])
    first = g.add([("资金投入情况（万元）", 1), ("", 3), ("全年预算数（A）", 1), ("全年执行数（B）", 1),
                   ("预算执行率（B/A×100%）", 1)])
    for item, *values in t["funds"]:
        g.add([("资金投入情况（万元）", 1), (item, 3)] + [(v, 1) for v in values],
              figures=[c for c, v in zip(range(4, 7), values) if v])
    g.merge_down(0, first, len(g.rows) - 1)
    first = g.add([("资金管理情况", 1), ("", 3), ("情况说明", 2), ("存在问题和改进措施", 1)])
    for item in t["management"]:
        g.add([("资金管理情况", 1), (item, 3), ("", 2), ("", 1)])
    g.merge_down(0, first, len(g.rows) - 1)
    g.add([("支出责任履行情况", 1), ("", 6)])
    first = g.add([("总体目标完成情况", 1), ("总体目标", 3), ("全年实际完成情况", 3)])
    g.add([("总体目标完成情况", 1), (t["goal_expected"], 3), (t["goal_actual"], 3)])
    g.merge_down(0, first, len(g.rows) - 1)
    first = g.add([("绩效指标", 1), ("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("指标值", 1),
                   ("全年实际完成值", 1), ("未完成原因和改进措施", 1)])
    for i in t["indicators"]:
        g.add([("绩效指标", 1), (i["level1"], 1), (i["level2"], 1), (i["level3"], 1), (i["target"], 1),
               (i["actual"], 1), (i["reason"], 1)])
    last = len(g.rows) - 1
    g.merge_down(0, first, last)
    g.merge_runs(1, first + 1, last)
    for a, b in _runs([i["level1"] for i in t["indicators"]]):
        g.merge_runs(2, first + 1 + a, first + 1 + b)
    g.add([("说明", 1), ("", 6)])
    return g


def _runs(values):
    runs, start = [], 0
    for k in range(1, len(values) + 1):
        if k == len(values) or values[k] != values[start]:
            runs.append((start, k - 1))
            start = k
    return runs


def grid_of(t):
    return regional_grid(t) if t["form"] == "regional" else central_grid(t)


def widths_of(t):
    return REGIONAL_WIDTHS if t["form"] == "regional" else CENTRAL_WIDTHS


# ------------------------------------------------------------------------- PDF output
def row_heights(g, xs):
    spans = {(r, c): (rs, cs) for r, c, rs, cs in g.merges}
    heights = [MIN_ROW_H] * len(g.rows)
    cells = [(r, c, *spans.get((r, c), (1, 1))) for r, row in enumerate(g.rows) for c, t in enumerate(row) if t is not None]
    for r, c, rs, cs in sorted(cells, key=lambda cell: cell[2]):   # single-row cells first
        need = len(wrap(g.rows[r][c], xs[c + cs] - xs[c] - 2 * PAD)) * LEADING + 2 * PAD
        have = sum(heights[r:r + rs])
        if need > have:
            heights[r + rs - 1] += need - have
    return heights


def draw_text(c, text, x0, x1, y_top, y_bottom):
    lines = wrap(text, x1 - x0 - 2 * PAD)
    y = (y_top + y_bottom) / 2 + len(lines) * LEADING / 2 - LEADING + (LEADING - SIZE) / 2 + 1.5
    c.setFont(FONT, SIZE)
    for line in lines:
        c.drawCentredString((x0 + x1) / 2, y, line)
        y -= LEADING


def paginate(heights, first_room, room):
    pages, current, used, limit = [], [], 0, first_room
    for r, h in enumerate(heights):
        if current and (used + h > limit or len(current) == MAX_ROWS_PER_PAGE):
            pages.append(current)
            current, used, limit = [], 0, room
        current.append(r)
        used += h
    return pages + [current]


def write_pdf(facts, path, layout=None, title="石嘴山市科技局 2024年度项目支出绩效自评表（样例）"):
    """Draw every form of facts["tables"]; layout(t) → (Grid, column widths), by default seed 001's own
    (other generators draw other producers' layouts of the same forms)."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setAuthor("budget-warehouse samples")
    c.setLineWidth(0.6)
    page_no = 0
    for t in facts["tables"]:
        g, widths = layout(t) if layout else (grid_of(t), widths_of(t))
        left = (PAGE_W - sum(widths)) / 2
        xs = [left + sum(widths[:i]) for i in range(len(widths) + 1)]
        heights = row_heights(g, xs)
        head = 62 if t["year_line"] else 48
        pages = paginate(heights, TOP - head - BOTTOM - 20, TOP - BOTTOM - 20)
        spans = {(r, col): (rs, cs) for r, col, rs, cs in g.merges}
        covered_by = {}
        for r, col, rs, cs in g.merges:
            for i in range(r, r + rs):
                for j in range(col, col + cs):
                    covered_by[(i, j)] = (r, col)
        for p, rows in enumerate(pages):
            page_no += 1
            y = TOP
            if p == 0:
                c.setFont(FONT, 10)
                c.drawString(left, y - 10, t["label"])
                c.setFont(FONT, 14)
                c.drawCentredString(PAGE_W / 2, y - 30, t["title"])
                if t["year_line"]:
                    c.setFont(FONT, 10)
                    c.drawCentredString(PAGE_W / 2, y - 46, t["year_line"])
                y -= head
            tops = {}
            for r in rows:
                tops[r] = y
                y -= heights[r]
            bottom_of = {r: tops[r] - heights[r] for r in rows}
            drawn = set()
            for r in rows:
                for col in range(g.n):
                    origin = covered_by.get((r, col), (r, col))
                    if origin in drawn:
                        continue
                    drawn.add(origin)
                    orow, ocol = origin
                    rs, cs = spans.get(origin, (1, 1))
                    # the part of a merged cell that lies on this page
                    part = [i for i in range(orow, orow + rs) if i in tops]
                    y_top, y_bottom = tops[part[0]], bottom_of[part[-1]]
                    x0, x1 = xs[ocol], xs[ocol + cs]
                    c.rect(x0, y_bottom, x1 - x0, y_top - y_bottom)
                    if orow in tops and g.rows[orow][ocol]:
                        draw_text(c, g.rows[orow][ocol], x0, x1, y_top, y_bottom)
            if p == len(pages) - 1:
                c.setFont(FONT, 8)
                for note in t["notes"]:
                    y -= 14
                    c.drawString(left, y, note)
            c.setFont(FONT, 9)
            c.drawCentredString(PAGE_W / 2, BOTTOM - 24, f"第 {page_no} 页")
            c.showPage()
    c.save()


# ------------------------------------------------------------------------ XLSX output
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def number(text):
    decimals = len(text.split(".")[1]) if "." in text else 0
    return (float(text) if decimals else int(text)), ("0." + "0" * decimals if decimals else "0")


def write_xlsx(facts, path, layout=None):
    """One sheet per form; layout(t) → (Grid, column widths) as for write_pdf."""
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "budget-warehouse samples"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    for k, t in enumerate(facts["tables"], start=1):
        g, widths = layout(t) if layout else (grid_of(t), widths_of(t))
        ws = wb.create_sheet(f"表{k}")
        for col, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = round(w / 5.5, 1)
        heading = ([t["label"]] if t["label"] else []) + [t["title"]] + ([t["year_line"]] if t["year_line"] else [])
        for r, text in enumerate(heading, start=1):
            ws.cell(r, 1, text).font = Font(size=14 if text == t["title"] else 10, bold=text == t["title"])
            ws.cell(r, 1).alignment = Alignment(horizontal="center")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=g.n)
        first = len(heading) + 1
        for r, row in enumerate(g.rows):
            for col, text in enumerate(row):
                cell = ws.cell(first + r, col + 1)
                if text is not None and (r, col) in g.figures and text:
                    cell.value, cell.number_format = number(text)
                    cell.alignment = Alignment(horizontal="right", vertical="center")
                else:
                    cell.value = text or None
                    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                cell.border = BOX
        for r, col, rs, cs in g.merges:
            ws.merge_cells(start_row=first + r, start_column=col + 1, end_row=first + r + rs - 1, end_column=col + cs)
        for n, note in enumerate(t["notes"]):
            ws.cell(first + len(g.rows) + n, 1, note)
    save_workbook(wb, path)


def save_workbook(wb, path):
    """Write the workbook with fixed timestamps inside the zip: byte-identical on every run."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))


def main():
    facts = load_facts()
    write_pdf(facts, HERE / "seed001_evaluations.pdf")
    write_xlsx(facts, HERE / "seed001_evaluations.xlsx")
    for name in ("seed001_evaluations.pdf", "seed001_evaluations.xlsx"):
        print(f"{name}: {(HERE / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
