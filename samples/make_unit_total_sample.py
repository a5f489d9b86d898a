"""Generate seed 002's 收入总表 and 支出总表 in the 深圳 template: no 合计 row, the total line labelled with the
unit's name.

    python samples/make_unit_total_sample.py

writes samples/layouts/unit_total_row.pdf from samples/facts/seed002_budget.json: the 序号 column becomes a
预算单位 column, the 合计 row prints the unit's name there (code and name cells empty), the other rows
leave it empty, and the total column is headed 收入总计 / 支出总计 instead of 合计 (as 深圳's 2026 部门预算
print them). Drawn by make_samples.write_pdf (ruled grid, no 栏次 row); deterministic, byte-identical.
"""
from __future__ import annotations

import copy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_samples import load_facts, write_pdf  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "layouts" / "unit_total_row.pdf"
TOTAL_HEADERS = {"部门预算收入总表": "收入总计", "部门预算支出总表": "支出总计"}


def unit_total_facts(facts: dict) -> dict:
    out = copy.deepcopy(facts)
    out["tables"] = []
    for table in facts["tables"]:
        if table["title"] not in TOTAL_HEADERS:
            continue
        table = copy.deepcopy(table)
        table["header"][0][0] = "预算单位"
        total_column = table["header"][0].index("合计")
        table["header"][0][total_column] = TOTAL_HEADERS[table["title"]]
        table.pop("column_numbers", None)
        rows = []
        for row in table["rows"]:
            if row[2] == "合计":
                rows.append([facts["department_name"], "", ""] + row[3:])
            else:
                rows.append([""] + row[1:])
        table["rows"] = rows
        out["tables"].append(table)
    return out


def main() -> None:
    OUT.parent.mkdir(exist_ok=True)
    write_pdf(unit_total_facts(load_facts()), OUT, ruled=True)
    print(f"wrote {OUT.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
