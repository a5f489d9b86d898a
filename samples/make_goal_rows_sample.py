"""Generate target tables whose goal is printed under its label, not beside it (issue 11).

    python samples/make_goal_rows_sample.py

writes samples/layouts/targets_goal_rows.pdf, four tables of seed 002's first four projects (names, goals and
indicators from samples/facts/targets_seed002.json), one per page:

    1. a 部门整体绩效目标表 (重庆 表十): 当年整体绩效目标 printed across the table, the goal across the next row;
    2. a 财政项目支出绩效目标填报表 (上海普陀): 项目绩效目标 over two cells, 项目总目标 | 年度总体目标 in one row and the
       two goals under them in the next (the year's goal is the project's goal_text, the other its period_goal_text);
    3. a 项目绩效目标表 (福州) whose goal is labelled 年度目标, beside its value;
    4. a 专项资金总体绩效目标表 (西安): 总体目标 merged down over two rows, beside 实施期总目标 | 年度目标 and the two
       goals under them (before, the labels were glued into the goal: "实施期总目标 年度目标目标1：…").

Deterministic, byte-identical on re-runs.
"""
from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_target_samples import Cell, PdfWriter, indicator_rows, load  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "layouts" / "targets_goal_rows.pdf"
WIDTHS = [80, 90, 170, 130]
HEADER = [Cell(n, t) for n, t in enumerate(["一级指标", "二级指标", "三级指标", "指标值"])]
DEPARTMENT = "某市某局"


def projects() -> list[dict]:
    """The three projects drawn: name, goal (the year's), period goal (table 2 only) and indicators."""
    chosen = load("002")["projects"][:4]
    out = [{"name": p["name"], "goal": p["goal"], "indicators": p["indicators"], "period_goal": ""} for p in chosen]
    out[1]["period_goal"] = "项目实施期内：" + chosen[2]["goal"]
    out[3]["period_goal"] = "三年内：" + chosen[0]["goal"]
    return out


def write(path: Path):
    first, second, third, fourth = projects()
    pdf = PdfWriter(path, A4)
    pdf.line("部门整体绩效目标表", 14, centre=True, gap=6)
    pdf.line(f"单位名称:{DEPARTMENT}", 10, gap=6)
    pdf.grid(WIDTHS, [[Cell(0, "当年整体绩效目标", colspan=4)], [Cell(0, first["goal"], colspan=4)], HEADER]
             + indicator_rows(first["indicators"], [0, 1, 2, 4]))
    pdf.new_page()
    pdf.line("财政项目支出绩效目标填报表", 14, centre=True, gap=8)
    pdf.grid(WIDTHS, [[Cell(0, "项目名称"), Cell(1, second["name"], colspan=3)],
                      [Cell(0, "项目绩效目标", rowspan=2), Cell(1, "项目总目标", colspan=2), Cell(3, "年度总体目标")],
                      [Cell(1, second["period_goal"], colspan=2), Cell(3, second["goal"])], HEADER]
             + indicator_rows(second["indicators"], [0, 1, 2, 4]))
    pdf.new_page()
    pdf.line("项目绩效目标表", 14, centre=True, gap=8)
    pdf.grid(WIDTHS, [[Cell(0, "项目名称"), Cell(1, third["name"], colspan=3)],
                      [Cell(0, "年度目标"), Cell(1, third["goal"], colspan=3)], HEADER]
             + indicator_rows(third["indicators"], [0, 1, 2, 4]))
    pdf.new_page()
    pdf.line("专项资金总体绩效目标表", 14, centre=True, gap=8)
    pdf.grid(WIDTHS, [[Cell(0, "项目名称"), Cell(1, fourth["name"], colspan=3)],
                      [Cell(0, "总体目标", rowspan=2), Cell(1, "实施期总目标", colspan=2), Cell(3, "年度目标")],
                      [Cell(1, fourth["period_goal"], colspan=2), Cell(3, fourth["goal"])], HEADER]
             + indicator_rows(fourth["indicators"], [0, 1, 2, 4]))
    pdf.save()


def main():
    OUT.parent.mkdir(exist_ok=True)
    write(OUT)
    print(f"wrote {OUT.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
