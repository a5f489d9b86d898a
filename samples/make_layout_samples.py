"""Generate one small PDF per layout class seen in real disclosures (issue 11), from the facts.

    python samples/make_layout_samples.py

writes into samples/layouts/ (not read by the default demo run, which takes samples/*.* only):

    targets_open_body.pdf   seed 002's 52 target tables, ruled, but the body rows draw no vertical
                            rules between 绩效指标描述, 指标值 and 指标值确定依据 (the header does): the
                            reader must split those cells by the header's columns, never glue them.

    targets_repeated_block.pdf
                            5 projects of seed 002, each spanning two or three pages; the title, the
                            project block (项目名称 with a code prefix "11000022T…-《…》", 项目资金总额
                            (万元) with six decimals, 年度绩效目标) and the indicator header are printed
                            again on every page: one project each, every indicator once.

Every file is drawn from code and the JSON facts only; re-running gives byte-identical files.
"""
from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4, A5, landscape

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_target_samples import (LEADING, MIN_ROW_H, PAD, Cell, PdfWriter, indicator_rows, load,  # noqa: E402
                                 wrap)

HERE = Path(__file__).resolve().parent
OUT = HERE / "layouts"


class OpenCell(Cell):
    """One ruled box over several columns whose texts are printed each in its own column (a body row
    that leaves out the inner vertical rules its header draws)."""

    def __init__(self, col: int, texts: list[str]):
        super().__init__(col, "", colspan=len(texts))
        self.texts = texts


class OpenBodyWriter(PdfWriter):
    """PdfWriter's grid, but an OpenCell's box has no inner rules and each of its texts sits in its column."""

    def cell_height(self, cell: Cell, xs: list[float]) -> float:
        if not isinstance(cell, OpenCell):
            return super().cell_height(cell, xs)
        return max(len(wrap(text, xs[cell.col + n + 1] - xs[cell.col + n] - 2 * PAD)) * LEADING + 2 * PAD
                   for n, text in enumerate(cell.texts))

    def cell_text(self, cell: Cell, xs: list[float], top: float):
        if not isinstance(cell, OpenCell):
            return super().cell_text(cell, xs, top)
        for n, text in enumerate(cell.texts):
            self._text(text, xs[cell.col + n], xs[cell.col + n + 1], top)


def write_targets_open_body(path: Path):
    facts = load("002")
    pdf = OpenBodyWriter(path, A4)
    pdf.line(f"{facts['department_code']}{facts['department']}{facts['fiscal_year']}年部门预算", 14, centre=True, gap=8)
    pdf.line(facts["part_title"], 12, gap=8)
    widths = [50, 66, 92, 150, 72, 88]
    for project in facts["projects"]:
        if not pdf.room(14 + 3 * MIN_ROW_H):
            pdf.new_page()
        pdf.line(project["title"], 11, gap=6)
        rows = [[Cell(0, "绩效目标"), Cell(1, project["goal"], colspan=5)],
                [Cell(n, t) for n, t in enumerate(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"])]]
        for row in indicator_rows(project["indicators"], [0, 1, 2, 3, 4, 5]):
            kept = [cell for cell in row if cell.col < 3]
            texts = {cell.col: cell.text for cell in row}
            rows.append(kept + [OpenCell(3, [texts[3], texts[4], texts[5]])])
        pdf.grid(widths, rows)
    pdf.save()


REPEATED_PROJECTS = [50, 41, 12, 21, 22]  # the seed's projects with most indicators
ROWS_PER_PAGE = 4


def repeated_block_projects() -> list[dict]:
    """The projects of targets_repeated_block.pdf: name with its code, amount in 万元, goal, indicators."""
    facts = load("002")
    out = []
    for n, index in enumerate(REPEATED_PROJECTS):
        project = facts["projects"][index]
        code = f"11000022T0000004602{16 + n:02d}"
        amount = f"{(index + 1) * 1.234567:.6f}"
        out.append({"code": code, "name": project["name"], "printed_name": f"{code}-《{project['name']}》",
                    "amount": amount, "goal": project["goal"], "indicators": project["indicators"]})
    return out


def write_targets_repeated_block(path: Path):
    pdf = PdfWriter(path, landscape(A5))
    widths = [60, 80, 100, 120, 80, 90]
    header = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
    first = True
    for project in repeated_block_projects():
        chunks = [project["indicators"][i:i + ROWS_PER_PAGE] for i in range(0, len(project["indicators"]), ROWS_PER_PAGE)]
        for chunk in chunks:
            if not first:
                pdf.new_page()
            first = False
            pdf.line("项目支出绩效目标表", 12, centre=True, gap=8)
            rows = [[Cell(0, "项目名称"), Cell(1, project["printed_name"], colspan=5)],
                    [Cell(0, "项目资金总额（万元）"), Cell(1, project["amount"], colspan=5)],
                    [Cell(0, "年度绩效目标"), Cell(1, project["goal"], colspan=5)],
                    [Cell(n, t) for n, t in enumerate(header)]]
            rows += [[Cell(n, t) for n, t in enumerate(indicator)] for indicator in chunk]
            pdf.grid(widths, rows)
    pdf.save()


def main():
    OUT.mkdir(exist_ok=True)
    write_targets_open_body(OUT / "targets_open_body.pdf")
    write_targets_repeated_block(OUT / "targets_repeated_block.pdf")


if __name__ == "__main__":
    main()
