"""Generate a 项目支出绩效目标表 printed as a list of projects (北京's 预算12表), with merged cells as a report
engine draws them across page breaks.

    python samples/make_project_list_sample.py

writes samples/layouts/targets_project_list.pdf from seed 002's target facts (samples/facts/targets_seed002.json):

    项目名称 | 项目总额 | 其中：财政资金 | 其他资金 | 绩效目标 | 一级指标 | 二级指标 | 三级指标 | 绩效指标性质 | 本年绩效指标值 | 绩效度量单位

One row per indicator. 项目总额, 财政资金, 其他资金 and 绩效目标 are merged over a project's rows; 项目名称 (a
code-prefixed name) is merged over one or several projects that share it. The table runs over pages without
repeating its header, and the engine draws a merged cell as real published PDFs of this family do:

* a merge that runs over a page break is left open there: no rule under it at the foot of the page, none
  over it at the head of the next;
* its text is drawn on every page the merge spans, centred on the whole merge and clipped to the table's area
  on that page: visible where the centre falls, off the page or outside the clip elsewhere; a text across
  the break shows its first lines at the foot of one page and the rest at the head of the next.

Amounts are in 万元 with six decimals. Deterministic: re-running gives a byte-identical file.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sample_font  # noqa: E402
from make_samples import wrap  # noqa: E402
from make_target_samples import load  # noqa: E402

OUT = Path(__file__).resolve().parent / "layouts"
FONT, SIZE, LEADING, PAD, MIN_ROW_H = sample_font.FONT, 8, 10, 3, 14
WIDTHS = [62, 58, 58, 50, 120, 50, 62, 126, 44, 50, 40]
HEADER = ["项目名称", "项目总额", "其中：", "其中：", "绩效目标", "一级指标", "二级指标", "三级指标", "绩效指标性质",
          "本年绩效指标值", "绩效度量单位"]
SUBHEADER = [HEADER[0], HEADER[1], "财政资金", "其他资金"] + HEADER[4:]
MERGED = 5                      # columns 0..4 are merged over a project's (or a name's) rows
TOP, BOTTOM = 40, 40            # page margins (points)
LONG = -1           # a project of LONG_ROWS indicators, longer than a page: on the pages that do not show its
LONG_ROWS = 75      # amounts, their clipped (invisible) copies are the page's only decimal figures
# The seed's projects listed, grouped under the names they are listed with: a name over several projects
# (a 一级 project whose units each print their own amount and goal), or over one.
GROUPS = [("11000021Y000000390843", "信息系统运维类项目", [3, 9, 12]),
          ("11000022T000000391739", "培训类项目", [50]),
          ("11000022T000000391743", "专用设备及材料购置项目", [21, 22]),
          ("11000022T000000428424", "生产建设项目水土保持监管", [41]),
          ("11000022T000000440437", "国家助学金", [26, 27, 28]),
          ("11000024Y000002891005", "水利工程日常维修养护费", [LONG])]


def value_cells(value: str) -> tuple[str, str, str]:
    """The seed's printed target ("≥2000件", "100%", "较好") as 性质 | 指标值 | 度量单位."""
    match = re.match(r"^(≥|≤|=|＝|>|<)?\s*(\d+(?:\.\d+)?)\s*(.*)$", value)
    if not match:
        return "定性", value, ""
    return match.group(1) or "＝", match.group(2), match.group(3)


def listed_projects() -> list[dict]:
    """Each listed project as the sample prints it: code, name, amounts, goal, indicator rows."""
    facts = load("002")["projects"]
    out = []
    for g, (code, name, members) in enumerate(GROUPS):
        for n, index in enumerate(members):
            project = facts[index] if index != LONG else long_project(facts)
            amount = f"{(index % 60 + 7) * 3.141593 + g:,.6f}"
            other = f"{(index + 1) * 0.5:.6f}" if n == 1 else ""
            fiscal = f"{float(amount.replace(',', '')) - float(other or 0):,.6f}"
            rows = [[i[0], i[1], i[2], *value_cells(i[4])] for i in project["indicators"]]
            out.append({"code": code, "name": name, "amount": amount, "fiscal": fiscal, "other": other,
                        "goal": project["goal"], "indicators": rows})
    return out


def long_project(facts: list[dict]) -> dict:
    """The goal of the seed's last project and the first LONG_ROWS indicators of the seed whose targets
    print no decimals."""
    rows = [i for p in facts for i in p["indicators"] if not re.search(r"\d\.\d", i[4])]
    return {"goal": facts[-1]["goal"], "indicators": rows[:LONG_ROWS]}


def _height(cells: list[str]) -> float:
    lines = max(len(wrap(text, WIDTHS[MERGED + j] - 2 * PAD)) for j, text in enumerate(cells))
    return max(MIN_ROW_H, lines * LEADING + 2 * PAD)


class ListWriter:
    def __init__(self, path: Path):
        self.size = landscape(A4)
        self.canvas = canvas.Canvas(str(path), pagesize=self.size, invariant=1)
        self.canvas.setTitle(path.stem)
        self.left = (self.size[0] - sum(WIDTHS)) / 2
        self.xs = [self.left + sum(WIDTHS[:i]) for i in range(len(WIDTHS) + 1)]

    def write(self, projects: list[dict]):
        rows, merges = [], []       # merges: (first column, last column, first row, last row, text)
        for project in projects:
            first = len(rows)
            rows += [_height(r) for r in project["indicators"]]
            for col, text in ((1, project["amount"]), (2, project["fiscal"]), (3, project["other"]), (4, project["goal"])):
                merges.append((col, first, len(rows) - 1, text))
        at = 0
        for code, name, members in GROUPS:
            span = sum(len(projects[at + n]["indicators"]) for n in range(len(members)))
            first = sum(len(p["indicators"]) for p in projects[:at])
            merges.append((0, first, first + span - 1, f"{code}-{name}"))
            at += len(members)
        # Virtual positions: rows stacked without page gaps; pages cut them where a row does not fit.
        tops = [sum(rows[:i]) for i in range(len(rows) + 1)]
        pages, start, room = [], 0, self.size[1] - TOP - BOTTOM - 60   # the first page prints title and header
        for i in range(len(rows) + 1):
            if i == len(rows) or tops[i + 1] - tops[start] > room:
                if i == len(rows):
                    pages.append((start, len(rows)))
                    break
                pages.append((start, i))
                start, room = i, self.size[1] - TOP - BOTTOM
        for number, (first, end) in enumerate(pages):
            table_top = self.size[1] - TOP - (60 if number == 0 else 0)
            if number == 0:
                self._header(table_top)
            self._page(projects, rows, tops, merges, first, end, table_top)
            self.canvas.showPage()
        self.canvas.save()

    def _header(self, table_top: float):
        c = self.canvas
        c.setFont(FONT, 12)
        c.drawCentredString(self.size[0] / 2, self.size[1] - TOP - 12, "预算12表 项目支出绩效目标表")
        c.setFont(FONT, SIZE)
        c.drawRightString(self.xs[-1], self.size[1] - TOP - 26, "金额单位：万元")
        y0, y1, y2 = table_top + 30, table_top + 15, table_top
        for j in range(len(WIDTHS)):
            x0, x1 = self.xs[j], self.xs[j + 1]
            if j in (2, 3):
                c.rect(x0, y1, x1 - x0, y0 - y1)
                c.rect(x0, y2, x1 - x0, y1 - y2)
                c.drawString(x0 + PAD, y1 + 4, "其中：" if j == 2 else "")
                c.drawString(x0 + PAD, y2 + 4, SUBHEADER[j])
            else:
                c.rect(x0, y2, x1 - x0, y0 - y2)
                for k, line in enumerate(wrap(HEADER[j], x1 - x0 - 2 * PAD)):
                    c.drawString(x0 + PAD, y0 - PAD - SIZE - k * LEADING, line)

    def _page(self, projects, rows, tops, merges, first, end, table_top):
        c = self.canvas
        origin = tops[first]                       # virtual position of this page's first row
        y = lambda v: table_top - (v - origin)     # noqa: E731  virtual position -> page y
        bottom = y(tops[end])
        c.setLineWidth(0.5)
        for x in self.xs:                          # every column's rules run the table's height
            c.line(x, table_top, x, bottom)
        indicators = [row for p in projects for row in p["indicators"]]
        for i in range(first, end):                # indicator cells: one ruled row each
            c.line(self.xs[MERGED], y(tops[i]), self.xs[-1], y(tops[i]))
            c.line(self.xs[MERGED], y(tops[i + 1]), self.xs[-1], y(tops[i + 1]))
            for j, text in enumerate(indicators[i]):
                self._lines(wrap(text, WIDTHS[MERGED + j] - 2 * PAD), MERGED + j, y(tops[i]) - PAD - SIZE)
        for col, r0, r1, text in merges:
            if r1 < first or r0 >= end:
                continue
            x0, x1 = self.xs[col], self.xs[col + 1]
            if r0 >= first:                        # the merge starts on this page: ruled over it
                c.line(x0, y(tops[r0]), x1, y(tops[r0]))
            if r1 < end:                           # … and ends on it: ruled under it
                c.line(x0, y(tops[r1 + 1]), x1, y(tops[r1 + 1]))
            lines = wrap(text, x1 - x0 - 2 * PAD)
            centre = (tops[r0] + tops[r1 + 1]) / 2
            first_baseline = y(centre - len(lines) * LEADING / 2) - SIZE
            c.saveState()                          # drawn on every page it spans, clipped to the table
            clip = c.beginPath()
            clip.rect(self.xs[0], bottom, self.xs[-1] - self.xs[0], table_top - bottom)
            c.clipPath(clip, stroke=0, fill=0)
            self._lines(lines, col, first_baseline)
            c.restoreState()

    def _lines(self, lines: list[str], col: int, baseline: float):
        self.canvas.setFont(FONT, SIZE)
        for k, line in enumerate(lines):
            self.canvas.drawString(self.xs[col] + PAD, baseline - k * LEADING, line)


def main():
    OUT.mkdir(exist_ok=True)
    ListWriter(OUT / "targets_project_list.pdf").write(listed_projects())


if __name__ == "__main__":
    main()
