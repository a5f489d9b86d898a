"""Generate the bundled sample documents from samples/facts/seed002_budget.json.

    python samples/make_samples.py

writes, next to this script:

    seed002_budget_grid.pdf    A4 landscape, fully ruled grid, wrapped cells
    seed002_budget_hrules.pdf  same content and pagination, horizontal rules only
    seed002_budget.xlsx        one sheet per table, real merged header cells
    seed002_budget.txt         tab-separated plain-text export, tables split by \\f

The JSON is the only input; the output is byte-identical on every run.
"""

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

import sample_font

HERE = Path(__file__).resolve().parent
FACTS = HERE / "facts" / "seed002_budget.json"

FIXED_TIME = datetime(2023, 1, 1, 0, 0, 0)

# ---------------------------------------------------------------- PDF layout
FONT = sample_font.FONT   # embedded Chinese on STSong-Light's metrics (sample_font.py)

PAGE_W, PAGE_H = landscape(A4)
MARGIN = 36
TOP = PAGE_H - 36
BOTTOM = 48
SIZE = 8            # table text
LEADING = 10
PAD = 3
MIN_ROW_H = 16
TITLE_SIZE = 16
META_SIZE = 9
MAX_BODY_ROWS = 18  # small page row budget so long tables run over pages

WIDTHS = {"seq": 28, "code": 48, "name": 100, "amount": 58}
MAX_AMOUNT_W = 90

SHEET_NAMES = {
    "部门预算收支总表": "收支总表",
    "部门预算收入总表": "收入总表",
    "部门预算支出总表": "支出总表",
    "部门预算财政拨款收支总表": "财政拨款收支总表",
    "部门预算一般公共预算财政拨款支出表": "一般公共预算支出表",
    "部门预算一般公共预算财政拨款基本支出表": "一般公共预算基本支出表",
    "部门预算政府基金预算财政拨款支出表": "政府基金预算支出表",
    "部门预算国有资本经营预算财政拨款支出表": "国有资本经营预算支出表",
    "部门预算财政拨款“三公”经费支出表": "三公经费支出表",
}


# ------------------------------------------------------------ shared helpers
def load_facts():
    with open(FACTS, encoding="utf-8") as f:
        return json.load(f)


def meta_parts(facts):
    """Left, middle and right part of the metadata line."""
    return (f"{facts['department_code']} {facts['department_name']}",
            f"预算年度：{facts['fiscal_year']}",
            f"单位：{facts['unit']}")


def meta_line(facts):
    return "   ".join(meta_parts(facts))


def column_kinds(table):
    """'seq', 'code', 'name' or 'amount' for every column, read off the header."""
    kinds = []
    for col in range(len(table["header"][0])):
        labels = [row[col] for row in table["header"] if row[col]]
        label = labels[-1] if labels else ""
        if label == "序号":
            kinds.append("seq")
        elif "编码" in label:
            kinds.append("code")
        elif label.replace(" ", "") in ("项目", "科目名称"):
            kinds.append("name")
        else:
            kinds.append("amount")
    return kinds


def header_cells(table):
    """(row, col, rowspan, colspan, text) for every header cell that is drawn."""
    spans = {(r, c): (rs, cs) for r, c, rs, cs in table["merges"]}
    cells = []
    for r, row in enumerate(table["header"]):
        for c, text in enumerate(row):
            if text is not None:
                rs, cs = spans.get((r, c), (1, 1))
                cells.append((r, c, rs, cs, text))
    return cells


def text_rows(table):
    """Header rows, the 栏次 row and the body rows as lists of strings."""
    rows = [["" if cell is None else cell for cell in row] for row in table["header"]]
    if "column_numbers" in table:
        rows.append(list(table["column_numbers"]))
    return rows + [list(row) for row in table["rows"]]


# ---------------------------------------------------------------- PDF output
def wrap(text, width, size=SIZE):
    """Break text into lines no wider than width (CJK: break anywhere); a newline in the text is a
    line break of its own (a header printed one character per line)."""
    if "\n" in text:
        return [line for part in text.split("\n") for line in wrap(part, width, size)]
    lines, line = [], ""
    for ch in text:
        if line and pdfmetrics.stringWidth(line + ch, FONT, size) > width:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line] if line else lines or [""]


def needed_height(text, width):
    return max(MIN_ROW_H, len(wrap(text, width - 2 * PAD)) * LEADING + 2 * PAD)


class Layout:
    """Column positions and row heights of one table, shared by both PDFs."""

    def __init__(self, table):
        self.table = table
        self.kinds = column_kinds(table)
        widths = [WIDTHS[k] for k in self.kinds]
        n_amount = self.kinds.count("amount")
        spare = PAGE_W - 2 * MARGIN - sum(widths)
        if n_amount and spare > 0:
            grow = min(spare / n_amount, MAX_AMOUNT_W - WIDTHS["amount"])
            widths = [w + grow if k == "amount" else w for w, k in zip(widths, self.kinds)]
        self.widths = widths
        self.left = (PAGE_W - sum(widths)) / 2
        self.right = self.left + sum(widths)
        self.xs = [self.left + sum(widths[:i]) for i in range(len(widths) + 1)]
        self.header_heights = self._header_heights()
        self.numbers_height = MIN_ROW_H if "column_numbers" in table else 0
        self.body_heights = [max(needed_height(t, w) for t, w in zip(row, widths))
                             for row in table["rows"]]

    def span_width(self, col, colspan):
        return self.xs[col + colspan] - self.xs[col]

    def _header_heights(self):
        n = len(self.table["header"])
        heights = [MIN_ROW_H] * n
        cells = sorted(header_cells(self.table), key=lambda cell: cell[2])
        for r, c, rs, cs, text in cells:     # single-row cells first
            need = needed_height(text, self.span_width(c, cs))
            have = sum(heights[r:r + rs])
            if need > have:
                heights[r + rs - 1] += need - have
        return heights

    def block_height(self):
        return sum(self.header_heights) + self.numbers_height

    def pages(self):
        """Split the body rows into pages: at most MAX_BODY_ROWS and what fits."""
        first_room = TOP - 30 - 22 - self.block_height() - BOTTOM
        room, pages, current, used = first_room, [], [], 0
        for i, h in enumerate(self.body_heights):
            if current and (len(current) == MAX_BODY_ROWS or used + h > room):
                pages.append(current)
                room, current, used = TOP - 22 - self.block_height() - BOTTOM, [], 0
            current.append(i)
            used += h
        pages.append(current)
        return pages


def draw_text(c, text, x0, x1, y_top, y_bottom, align):
    """Draw wrapped text centred vertically in the box (x0, y_bottom)-(x1, y_top)."""
    lines = wrap(text, x1 - x0 - 2 * PAD)
    block = len(lines) * LEADING
    y = (y_top + y_bottom) / 2 + block / 2 - LEADING + (LEADING - SIZE) / 2 + 1.5
    c.setFont(FONT, SIZE)
    for line in lines:
        if align == "right":
            c.drawRightString(x1 - PAD, y, line)
        elif align == "center":
            c.drawCentredString((x0 + x1) / 2, y, line)
        else:
            c.drawString(x0 + PAD, y, line)
        y -= LEADING


def body_align(kind):
    return {"seq": "center", "amount": "right"}.get(kind, "left")


def draw_page_top(c, facts, layout, title):
    """Title (first page of a table only) and metadata line; returns next y."""
    y = TOP
    if title:
        c.setFont(FONT, TITLE_SIZE)
        c.drawCentredString(PAGE_W / 2, y - TITLE_SIZE, title)
        y -= 30
    left, middle, right = meta_parts(facts)
    c.setFont(FONT, META_SIZE)
    c.drawString(layout.left, y - 12, left)
    c.drawCentredString((layout.left + layout.right) / 2, y - 12, middle)
    c.drawRightString(layout.right, y - 12, right)
    return y - 22


def draw_header(c, layout, y, ruled):
    """Header rows and the 栏次 row starting at y (top); returns the bottom y."""
    tops = [y - sum(layout.header_heights[:i]) for i in range(len(layout.header_heights) + 1)]
    for r, col, rs, cs, text in header_cells(layout.table):
        x0, x1 = layout.xs[col], layout.xs[col + cs]
        y_top, y_bottom = tops[r], tops[r + rs]
        if ruled:
            c.rect(x0, y_bottom, x1 - x0, y_top - y_bottom)
        draw_text(c, text, x0, x1, y_top, y_bottom, "center")
    y = tops[-1]
    if "column_numbers" in layout.table:
        for col, text in enumerate(layout.table["column_numbers"]):
            x0, x1 = layout.xs[col], layout.xs[col + 1]
            if ruled:
                c.rect(x0, y - layout.numbers_height, x1 - x0, layout.numbers_height)
            draw_text(c, text, x0, x1, y, y - layout.numbers_height, "center")
        y -= layout.numbers_height
    return y


def draw_body_row(c, layout, index, y, ruled):
    row, h = layout.table["rows"][index], layout.body_heights[index]
    for col, text in enumerate(row):
        x0, x1 = layout.xs[col], layout.xs[col + 1]
        if ruled:
            c.rect(x0, y - h, x1 - x0, h)
        draw_text(c, text, x0, x1, y, y - h, body_align(layout.kinds[col]))
    return y - h


def hline(c, layout, y):
    c.line(layout.left, y, layout.right, y)


def write_pdf(facts, path, ruled, embed=True):
    """ruled=True: full grid; ruled=False: horizontal rules only. embed=False: Chinese in STSong-Light, which the
    PDF does not embed (same metrics, same places: sample_font.py)."""
    Canvas = canvas.Canvas if embed else sample_font.UnembeddedCanvas
    c = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setTitle(f"{meta_parts(facts)[0]} {facts['fiscal_year']}年部门预算（样例）")
    c.setAuthor("budget-warehouse samples")
    c.setLineWidth(0.6)
    page_no = 0
    for table in facts["tables"]:
        layout = Layout(table)
        for p, rows in enumerate(layout.pages()):
            page_no += 1
            y = draw_page_top(c, facts, layout, table["title"] if p == 0 else None)
            if not ruled:
                hline(c, layout, y)
            y = draw_header(c, layout, y, ruled)
            if not ruled:
                hline(c, layout, y)
            for index in rows:
                y = draw_body_row(c, layout, index, y, ruled)
                if not ruled:
                    hline(c, layout, y)
            if table["note"] and p == len(layout.pages()) - 1:
                c.setFont(FONT, META_SIZE)
                c.drawString(layout.left, y - 14, table["note"])
            c.setFont(FONT, META_SIZE)
            c.drawCentredString(PAGE_W / 2, BOTTOM - 24, f"第 {page_no} 页")
            c.showPage()
    c.save()


# --------------------------------------------------------------- XLSX output
XLSX_WIDTHS = {"seq": 6, "code": 10, "name": 24, "amount": 13}
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def is_amount(kind, text):
    return kind == "amount" and text != ""


def write_xlsx(facts, path):
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "budget-warehouse samples"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    for table in facts["tables"]:
        ws = wb.create_sheet(SHEET_NAMES.get(table["title"], table["title"][:31]))
        kinds = column_kinds(table)
        n = len(kinds)
        for col, kind in enumerate(kinds, start=1):
            ws.column_dimensions[get_column_letter(col)].width = XLSX_WIDTHS[kind]

        ws.cell(1, 1, table["title"]).font = Font(size=14, bold=True)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
        left, middle, right = meta_parts(facts)
        ws.cell(2, 1, left)
        ws.cell(2, (n + 1) // 2, middle).alignment = Alignment(horizontal="center")
        ws.cell(2, n, right).alignment = Alignment(horizontal="right")

        first = 3  # first header row
        grid = text_rows(table)
        n_head = len(table["header"]) + (1 if "column_numbers" in table else 0)
        for r, row in enumerate(grid):
            for col, text in enumerate(row):
                cell = ws.cell(first + r, col + 1)
                if r >= n_head and is_amount(kinds[col], text):
                    cell.value = float(text)
                    cell.number_format = "0.00"
                    cell.alignment = Alignment(horizontal="right", vertical="center")
                else:
                    cell.value = text if text != "" else None
                    centred = r < n_head or kinds[col] == "seq"
                    cell.alignment = Alignment(horizontal="center" if centred else "left",
                                               vertical="center", wrap_text=True)
                cell.border = BOX
        for r, c, rs, cs in table["merges"]:
            ws.merge_cells(start_row=first + r, start_column=c + 1,
                           end_row=first + r + rs - 1, end_column=c + cs)
        if table["note"]:
            ws.cell(first + len(grid), 1, table["note"])

    # ExcelWriter directly: wb.save() would stamp properties.modified with now().
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    write_fixed_zip(buffer.getvalue(), path)


def write_fixed_zip(data, path):
    """Re-pack a zip with fixed member timestamps so the bytes never change."""
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))


# ---------------------------------------------------------------- TXT output
def write_txt(facts, path):
    blocks = []
    for table in facts["tables"]:
        lines = [table["title"], meta_line(facts)]
        lines += ["\t".join(row) for row in text_rows(table)]
        if table["note"]:
            lines.append(table["note"])
        blocks.append("\n".join(lines) + "\n")
    path.write_text("\f".join(blocks), encoding="utf-8", newline="\n")


def main():
    facts = load_facts()
    write_pdf(facts, HERE / "seed002_budget_grid.pdf", ruled=True)
    write_pdf(facts, HERE / "seed002_budget_hrules.pdf", ruled=False, embed=False)   # the unembedded-font sample
    write_xlsx(facts, HERE / "seed002_budget.xlsx")
    write_txt(facts, HERE / "seed002_budget.txt")
    for name in ("seed002_budget_grid.pdf", "seed002_budget_hrules.pdf",
                 "seed002_budget.xlsx", "seed002_budget.txt"):
        print(f"{name}: {(HERE / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
