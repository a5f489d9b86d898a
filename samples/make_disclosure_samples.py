"""Generate the whole-disclosure sample from samples/facts/seed002_budget.json and
samples/facts/disclosure_seed002.json.

    python samples/make_disclosure_samples.py

writes, next to this script:

    seed002_disclosure.pdf   A4 landscape: the nine budget tables (ruled grid, as in
                             seed002_budget_grid.pdf), then the 情况说明 narrative with the
                             部门机构设置情况 table, the 部门政府采购预算 table (narrow columns, so
                             nearly every cell wraps over two to five lines, continued over pages
                             with the metadata line and header repeated) and the
                             部门固定资产占用情况表.

The JSON files are the only input; the output is byte-identical on every run.
"""

import json
import sys
from pathlib import Path

from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_samples as budget  # noqa: E402  (the nine tables are drawn exactly as in the budget samples)

DISCLOSURE_FACTS = HERE / "facts" / "disclosure_seed002.json"
FONT, PAGE_W, PAGE_H, TOP, BOTTOM = budget.FONT, budget.PAGE_W, budget.PAGE_H, budget.TOP, budget.BOTTOM
TEXT_SIZE = 10.5
TEXT_LEADING = 17
TEXT_LEFT = 72
TEXT_WIDTH = PAGE_W - 2 * TEXT_LEFT


def load():
    with open(DISCLOSURE_FACTS, encoding="utf-8") as handle:
        return json.load(handle)


class Pages:
    """A canvas with a running y position and page numbers."""

    def __init__(self, path, title):
        self.c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
        self.c.setTitle(title)
        self.c.setAuthor("budget-warehouse samples")
        self.c.setLineWidth(0.6)
        self.page_no = 0
        self.y = TOP
        self.open = False

    def start(self):
        if self.open:
            self.finish()
        self.page_no += 1
        self.open = True
        self.y = TOP

    def finish(self):
        self.c.setFont(FONT, budget.META_SIZE)
        self.c.drawCentredString(PAGE_W / 2, BOTTOM - 24, f"第 {self.page_no} 页")
        self.c.showPage()
        self.open = False

    def room(self, height):
        if not self.open or self.y - height < BOTTOM:
            self.start()


def draw_budget_tables(pages, facts):
    """The nine tables of the budget samples, fully ruled (see make_samples.write_pdf)."""
    c = pages.c
    for table in facts["tables"]:
        layout = budget.Layout(table)
        for p, rows in enumerate(layout.pages()):
            pages.start()
            y = budget.draw_page_top(c, facts, layout, table["title"] if p == 0 else None)
            y = budget.draw_header(c, layout, y, ruled=True)
            for index in rows:
                y = budget.draw_body_row(c, layout, index, y, ruled=True)
            if table["note"] and p == len(layout.pages()) - 1:
                c.setFont(FONT, budget.META_SIZE)
                c.drawString(layout.left, y - 14, table["note"])
        pages.finish()


def draw_paragraph(pages, text, size=TEXT_SIZE, centred=False, indent=True):
    lines = budget.wrap(("　　" if indent and not centred else "") + text, TEXT_WIDTH, size)
    for line in lines:
        pages.room(TEXT_LEADING)
        pages.c.setFont(FONT, size)
        if centred:
            pages.c.drawCentredString(PAGE_W / 2, pages.y - size, line)
        else:
            pages.c.drawString(TEXT_LEFT, pages.y - size, line)
        pages.y -= TEXT_LEADING if size <= TEXT_SIZE else size * 2


class Grid:
    """A ruled table with given column widths; header cells may span rows and columns."""

    def __init__(self, table):
        self.table = table
        self.widths = table["widths"]
        self.left = (PAGE_W - sum(self.widths)) / 2
        self.xs = [self.left + sum(self.widths[:i]) for i in range(len(self.widths) + 1)]
        spans = {(r, c): (rs, cs) for r, c, rs, cs in table["merges"]}
        self.header_cells = [(r, c, *spans.get((r, c), (1, 1)), text)
                             for r, row in enumerate(table["header"]) for c, text in enumerate(row) if text is not None]
        heights = [budget.MIN_ROW_H] * len(table["header"])
        for r, c, rs, cs, text in sorted(self.header_cells, key=lambda cell: cell[2]):
            need = budget.needed_height(text, self.xs[c + cs] - self.xs[c])
            if need > sum(heights[r:r + rs]):
                heights[r + rs - 1] += need - sum(heights[r:r + rs])
        self.header_heights = heights
        self.row_heights = [max(budget.needed_height(t, w) for t, w in zip(row, self.widths)) for row in table["rows"]]

    def draw_top(self, pages, facts, first):
        c = pages.c
        if first:
            c.setFont(FONT, 14)
            c.drawCentredString(PAGE_W / 2, pages.y - 14, self.table["title"])
            pages.y -= 26
        if self.table.get("meta"):
            left, right = self.table["meta"]
            c.setFont(FONT, budget.META_SIZE)
            c.drawString(self.left, pages.y - 12, left)
            c.drawRightString(self.xs[-1], pages.y - 12, right)
            pages.y -= 20
        tops = [pages.y - sum(self.header_heights[:i]) for i in range(len(self.header_heights) + 1)]
        for r, col, rs, cs, text in self.header_cells:
            x0, x1 = self.xs[col], self.xs[col + cs]
            c.rect(x0, tops[r + rs], x1 - x0, tops[r] - tops[r + rs])
            budget.draw_text(c, text, x0, x1, tops[r], tops[r + rs], "center")
        pages.y = tops[-1]

    def draw(self, pages, facts):
        c = pages.c
        first = True
        self.draw_top(pages, facts, first)
        for row, height in zip(self.table["rows"], self.row_heights):
            if pages.y - height < BOTTOM:
                pages.start()
                self.draw_top(pages, facts, first=False)
            for col, text in enumerate(row):
                x0, x1 = self.xs[col], self.xs[col + 1]
                c.rect(x0, pages.y - height, x1 - x0, height)
                budget.draw_text(c, text, x0, x1, pages.y, pages.y - height,
                                 "right" if budget.is_amount("amount", text) and _figure(text) else "left")
            pages.y -= height
        if self.table.get("note"):
            pages.room(20)
            c.setFont(FONT, budget.META_SIZE)
            c.drawString(self.left, pages.y - 14, self.table["note"])
            pages.y -= 20
        pages.y -= 10


def _figure(text):
    return text.replace(".", "", 1).isdigit()


def write_disclosure_pdf(budget_facts, facts, path):
    pages = Pages(path, f"{facts['department_code']} {facts['department_name']} {facts['fiscal_year']}年部门预算公开（样例）")
    draw_budget_tables(pages, budget_facts)
    pages.start()
    for part in facts["narrative"]:
        if "table" in part:
            grid = Grid(facts["tables"][part["table"]])
            # Each table starts on a fresh page under the paragraph that announces it when it
            # would not fit; the narrative goes on under it.
            if pages.y - 60 - sum(grid.header_heights) - grid.row_heights[0] < BOTTOM:
                pages.start()
            grid.draw(pages, facts)
        elif part.get("page_break"):
            pages.start()
        elif "heading" in part:
            if part.get("title"):
                draw_paragraph(pages, part["heading"], size=16, centred=True)
            else:
                draw_paragraph(pages, part["heading"], indent=False)
        else:
            draw_paragraph(pages, part["paragraph"])
    pages.finish()
    pages.c.save()


def main():
    write_disclosure_pdf(budget.load_facts(), load(), HERE / "seed002_disclosure.pdf")


if __name__ == "__main__":
    main()
