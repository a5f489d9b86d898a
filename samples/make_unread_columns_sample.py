"""Generate target grids printing columns the form reads no role from (issue 11, nothing silently dropped).

    python samples/make_unread_columns_sample.py

writes samples/layouts/targets_unread_columns.pdf, two tables of seed 002's first two projects (names and indicators
from samples/facts/targets_seed002.json), one per page:

    1. a 部门整体绩效目标表 (重庆 表十): 绩效指标 merged down its column over the rows | 指标名称 | 指标性质 | 指标值 |
       计量单位 | 指标权重(%) | 是否核心 (是 / 否 per row, one row blank);
    2. a 项目支出绩效目标表 (西安): a project block, then 年度绩效指标 merged down | 一级指标 | 二级指标 | 三级指标 |
       指标值 | 备注, a note on some rows.

是否核心 and 备注 name no role the form reads: each row keeps their cells as printed (target_indicators.unread_text,
"label：text" joined by "；", empty where the row prints nothing there) and the table lists the labels
(target_tables.unread_columns); the merged 绩效指标 / 年度绩效指标 label is no text of a row. Deterministic,
byte-identical on re-runs.
"""
from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_target_samples import Cell, PdfWriter, load  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "layouts" / "targets_unread_columns.pdf"
DEPARTMENT = "某市某局"
CORE = ["是", "否", "", "是", "否", "是"]   # 是否核心 per row of the first table (the third printed blank)
NOTES = ["按初设方案测算", "", "", "", "含公摊面积的40%", ""]   # 备注 per row of the second table


def projects() -> list[dict]:
    """The two projects drawn: name and indicators ([一级, 二级, 三级, 描述, 指标值, 依据])."""
    return [{"name": p["name"], "indicators": p["indicators"]} for p in load("002")["projects"][:2]]


def first_table(indicators: list[list[str]]) -> list[list[Cell]]:
    header = [Cell(n, t) for n, t in enumerate(["绩效指标", "指标名称", "指标性质", "指标值", "计量单位", "指标权重(%)",
                                                "是否核心"])]
    rows = [header]
    for k, (indicator, core) in enumerate(zip(indicators, CORE)):
        row = [Cell(0, "绩效指标", rowspan=len(indicators))] if k == 0 else []
        rows.append(row + [Cell(1, indicator[2]), Cell(2, "≥"), Cell(3, indicator[4].lstrip("≥≤")), Cell(4, ""),
                           Cell(5, "10"), Cell(6, core)])
    return rows


def second_table(project: dict) -> list[list[Cell]]:
    header = [Cell(n, t) for n, t in enumerate(["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "备注"])]
    rows = [[Cell(0, "项目名称"), Cell(1, project["name"], colspan=5)], header]
    indicators = project["indicators"]
    for k, (indicator, note) in enumerate(zip(indicators, NOTES)):
        row = [Cell(0, "年度绩效指标", rowspan=len(indicators))] if k == 0 else []
        rows.append(row + [Cell(1, indicator[0]), Cell(2, indicator[1]), Cell(3, indicator[2]), Cell(4, indicator[4]),
                           Cell(5, note)])
    return rows


def write(path: Path):
    first, second = projects()
    pdf = PdfWriter(path, A4)
    pdf.line("部门整体绩效目标表", 14, centre=True, gap=6)
    pdf.line(f"单位名称:{DEPARTMENT}", 10, gap=6)
    pdf.grid([50, 130, 50, 70, 50, 60, 50], first_table(first["indicators"]))
    pdf.new_page()
    pdf.line("项目支出绩效目标表", 14, centre=True, gap=8)
    pdf.grid([60, 70, 70, 120, 80, 110], second_table(second))
    pdf.save()


def main():
    OUT.parent.mkdir(exist_ok=True)
    write(OUT)
    print(f"wrote {OUT.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
