"""Generate project lists that print each project's amount and goal, without indicators, as 深圳's and 湖州's
部门预算 do.

    python samples/make_goal_list_sample.py

writes samples/layouts/targets_goal_list.pdf from seed 002's target facts (samples/facts/targets_seed002.json):

    page 1–2  after the sentence "2026 年，本单位重点项目绩效目标情况如下：", a ruled list
              二级预算单位名称 | 一级项目名称 | 预算数（万元） | 绩效目标 that runs on to the next page without
              repeating its header (深圳's 重点项目预算绩效情况说明);
    page 3    "2026年市级部门项目支出绩效表": 单位名称 | 项目名称 | 金额 | 项目总体绩效目标, a row of asterisks
              the template leaves, the total printed without a label, then the projects (湖州).

Deterministic: re-running gives a byte-identical file.
"""
from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_target_samples import Cell, PdfWriter, load  # noqa: E402

OUT = Path(__file__).resolve().parent / "layouts"
UNITS = ["石家庄市科学技术局（本级）", "石家庄市科学技术情报研究院", "石家庄市生产力促进中心"]
FIRST_LIST = 32    # projects of the first list (it runs over a page break)
SECOND_LIST = 6


def listed(first: int, count: int) -> list[dict]:
    """Unit, name, amount (万元, two decimals) and goal of `count` seed projects from `first` on."""
    projects = load("002")["projects"][first:first + count]
    return [{"unit": UNITS[n * len(UNITS) // count], "name": p["name"], "amount": f"{(first + n + 3) * 17.31:,.2f}",
             "goal": p["goal"]} for n, p in enumerate(projects)]


def first_list() -> list[dict]:
    return listed(0, FIRST_LIST)


def second_list() -> list[dict]:
    return listed(FIRST_LIST, SECOND_LIST)


def write(path: Path):
    pdf = PdfWriter(path, A4)
    widths = [110, 110, 70, 230]
    pdf.line("第七部分 重点项目预算绩效情况说明", 12, gap=8)
    pdf.line("2026 年，本单位重点项目绩效目标情况如下：", 10, gap=6)
    rows = [[Cell(n, t) for n, t in enumerate(["二级预算单位名称", "一级项目名称", "预算数（万元）", "绩效目标"])]]
    rows += [[Cell(0, p["unit"]), Cell(1, p["name"]), Cell(2, p["amount"]), Cell(3, p["goal"])] for p in first_list()]
    pdf.grid(widths, rows)
    pdf.new_page()
    pdf.line("2026年市级部门项目支出绩效表", 12, centre=True, gap=6)
    pdf.line("单位：万元", 9, gap=4)
    total = sum(Decimal(p["amount"].replace(",", "")) for p in second_list())
    rows = [[Cell(n, t) for n, t in enumerate(["单位名称", "项目名称", "金额", "项目总体绩效目标"])],
            [Cell(n, "**") for n in range(4)],
            [Cell(2, f"{total:,.2f}")]]
    rows += [[Cell(0, p["unit"]), Cell(1, p["name"]), Cell(2, p["amount"]), Cell(3, p["goal"])] for p in second_list()]
    pdf.grid(widths, rows)
    pdf.save()


def main():
    OUT.mkdir(exist_ok=True)
    write(OUT / "targets_goal_list.pdf")


if __name__ == "__main__":
    main()
