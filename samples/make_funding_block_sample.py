"""Generate a 部门整体支出绩效目标表 whose funding block splits each source into 基本支出 and 项目支出.

    python samples/make_funding_block_sample.py

writes samples/layouts/department_funding_block.pdf: as 北京's 预算13表 prints it, a 部门名称 row, the block
总体资金情况（万元） over two header rows (预算支出总额 | 财政拨款 × 合计 / 基本支出 / 项目支出 | 其他资金 × 合计 /
基本支出 / 项目支出) and a row of figures, the 整体绩效目标, then an indicator grid. The figures are seed 002's
(samples/facts/seed002_budget.json: 13933.68 万元 in all, 13932.64 财政拨款 of which 5827.79 基本支出, 1.04
上年结转 as 其他资金); the indicators are seed 002's first project's. Deterministic, byte-identical.
"""
from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_target_samples import Cell, PdfWriter, load  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "layouts" / "department_funding_block.pdf"


def funding() -> dict:
    """The block's seven figures (万元, as printed) from seed 002's budget tables."""
    facts = json.loads((HERE / "facts" / "seed002_budget.json").read_text(encoding="utf-8"))
    income = next(t for t in facts["tables"] if t["title"] == "部门预算收入总表")["rows"][0]
    expenditure = next(t for t in facts["tables"] if t["title"] == "部门预算支出总表")["rows"][0]
    total, fiscal, other = Decimal(income[3]), Decimal(income[5]), Decimal(income[12])
    basic = Decimal(expenditure[4])
    return {"department": facts["department_name"], "total": str(total),
            "fiscal": str(fiscal), "fiscal_basic": str(basic), "fiscal_project": str(fiscal - basic),
            "other": str(other), "other_basic": "0.00", "other_project": str(other)}


def write(path: Path):
    block = funding()
    project = load("002")["projects"][0]
    pdf = PdfWriter(path, landscape(A4))
    pdf.line("部门整体支出绩效目标表", 14, centre=True, gap=6)
    pdf.line("（2023年度）", 10, centre=True, gap=8)
    widths = [50, 60, 80, 70, 70, 70, 70, 70, 70]
    pdf.grid(widths, [
        [Cell(0, "部门名称", colspan=2), Cell(2, block["department"], colspan=7)],
        [Cell(0, "总体资金情况（万元）", colspan=2, rowspan=3), Cell(2, "预算支出总额", rowspan=2),
         Cell(3, "财政拨款", colspan=3), Cell(6, "其他资金", colspan=3)],
        [Cell(3, "合计"), Cell(4, "基本支出"), Cell(5, "项目支出"), Cell(6, "合计"), Cell(7, "基本支出"), Cell(8, "项目支出")],
        [Cell(2, block["total"]), Cell(3, block["fiscal"]), Cell(4, block["fiscal_basic"]), Cell(5, block["fiscal_project"]),
         Cell(6, block["other"]), Cell(7, block["other_basic"]), Cell(8, block["other_project"])],
        [Cell(0, "整体绩效目标", colspan=2), Cell(2, project["goal"], colspan=7)],
    ])
    header = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
    pdf.grid([70, 90, 110, 140, 90, 110], [[Cell(n, t) for n, t in enumerate(header)]] +
             [[Cell(n, t) for n, t in enumerate(row)] for row in project["indicators"]])
    pdf.save()


def main():
    OUT.parent.mkdir(exist_ok=True)
    write(OUT)
    print(f"wrote {OUT.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
