"""Generate seed 002's nine budget tables with the 收支总表's 上年结转 printed as a column of the income side
instead of a row.

    python samples/make_carryover_column_sample.py

writes into samples/layouts/, from samples/facts/seed002_budget.json (drawn by make_samples.write_pdf,
ruled grid; deterministic, byte-identical):

    carryover_column.pdf            income side 项目 | 合计 | 本年收入 | 上年结转: each source line prints its
                                    total, its 本年收入 and what was carried over; the 本年收入合计 and 上年结转结余
                                    rows are gone, 收入总计 prints all three figures.
    carryover_column_no_total.pdf   income side 项目 | 本年收入 | 上年结转结余, no 合计 column: the income side
                                    prints no grand total at all (收入总计 = 本年收入 + 上年结转 is not printed).

Seed 002 carries 1.04 over (its 收入总表: 206 科学技术支出); the sample prints it on the 一般公共预算 line.
The other eight tables are seed 002's, unchanged.
"""
from __future__ import annotations

import copy
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_samples import load_facts, write_pdf  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "layouts"
SUMMARY = "部门预算收支总表"
CARRIED_ON = "一、一般公共预算拨款收入"   # the source line the sample prints the carried-over money on
ROW_LABELS = {"本年收入合计", "上年结转结余"}   # printed as columns here, so no longer rows


def carryover_column_summary(table: dict, with_total: bool) -> dict:
    carried = next(row[2] for row in table["rows"] if row[1] == "上年结转结余")
    income_columns = (["合计"] if with_total else []) + ["本年收入", "上年结转" if with_total else "上年结转结余"]
    width = 1 + len(income_columns)
    out = copy.deepcopy(table)
    out["header"] = [["序号", "收入"] + [None] * len(income_columns) + ["支出", None],
                     [None, "项 目"] + income_columns + ["项 目", "预算数"]]
    out["merges"] = [[0, 0, 2, 1], [0, 1, 1, width], [0, 1 + width, 1, 2]]
    out["column_numbers"] = ["栏次"] + [str(n) for n in range(1, width + 3)]
    rows = []
    for seq, label, value, expenditure_label, expenditure_value in table["rows"]:
        if label in ROW_LABELS:
            income = [""] * width
        elif not value:
            income = [label] + [""] * (width - 1)
        else:
            carry = carried if label in (CARRIED_ON, "收入总计") else ""
            current = value if label != "收入总计" else f"{Decimal(value) - Decimal(carried):.2f}"
            total = f"{Decimal(current) + Decimal(carry or 0):.2f}"
            income = [label] + ([total] if with_total else []) + [current, carry]
        rows.append([seq] + income + [expenditure_label, expenditure_value])
    out["rows"] = rows
    return out


def carryover_column_facts(facts: dict, with_total: bool) -> dict:
    out = copy.deepcopy(facts)
    out["tables"] = [carryover_column_summary(t, with_total) if t["title"] == SUMMARY else t for t in facts["tables"]]
    return out


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, with_total in (("carryover_column.pdf", True), ("carryover_column_no_total.pdf", False)):
        write_pdf(carryover_column_facts(load_facts(), with_total), OUT / name, ruled=True)
        print(f"wrote {(OUT / name).relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
