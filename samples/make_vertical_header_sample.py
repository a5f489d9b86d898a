"""Generate seed 002's nine budget tables with their column headers printed one character per line.

    python samples/make_vertical_header_sample.py

writes samples/layouts/vertical_header_grid.pdf (fully ruled) and samples/layouts/vertical_header_hrules.pdf
(horizontal rules only) from samples/facts/seed002_budget.json: every header cell that spans one column
(序号, 科目编码, 合计, 基本支出, 上级补助收入 …) prints its label stacked, one character per text line, as
narrow columns of some templates do; labels over several columns (本年收入, 功能分类科目) stay horizontal.
Drawn by make_samples.write_pdf; deterministic, byte-identical. The facts must equal those of
seed002_budget_grid.pdf.
"""
from __future__ import annotations

import copy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_samples import load_facts, write_pdf  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "layouts"


def stacked(label: str) -> str:
    """The label one character per line (the spaces of a spaced label such as 项 目 are not printed)."""
    return "\n".join(label.replace(" ", ""))


def vertical_header_facts(facts: dict) -> dict:
    out = copy.deepcopy(facts)
    for table in out["tables"]:
        wide = {(r, c) for r, c, _, colspan in table["merges"] if colspan > 1}
        for r, row in enumerate(table["header"]):
            for c, label in enumerate(row):
                if label and (r, c) not in wide:
                    row[c] = stacked(label)
    return out


def main() -> None:
    OUT.mkdir(exist_ok=True)
    facts = vertical_header_facts(load_facts())
    for name, ruled in (("vertical_header_grid.pdf", True), ("vertical_header_hrules.pdf", False)):
        write_pdf(facts, OUT / name, ruled=ruled)
        print(f"wrote {(OUT / name).relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
