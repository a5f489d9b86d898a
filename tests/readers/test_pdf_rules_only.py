"""A table drawn with horizontal rules only reads like the same table on a ruled grid.

The two sample PDFs print the same nine tables from samples/facts/seed002_budget.json, one as a
full grid and one with horizontal rules only. Both must give the same tables, the same rows and
the same figures against the same line items, and those figures must be the facts'.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from extract.forms import budget_tables
from extract.readers import read_document

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
FACTS = json.loads((SAMPLES / "facts" / "seed002_budget.json").read_text(encoding="utf-8"))
GRID = SAMPLES / "seed002_budget_grid.pdf"
RULES_ONLY = SAMPLES / "seed002_budget_hrules.pdf"


def squash(text) -> str:
    return re.sub(r"\s+", "", text or "")


@pytest.fixture(scope="module")
def extracted():
    assert RULES_ONLY is not None, "the rules-only sample PDF is missing"
    return {name: budget_tables.extract(read_document(str(path))) for name, path in
            (("grid", GRID), ("rules_only", RULES_ONLY))}


def amount_cells(out) -> dict[str, Counter]:
    """table kind -> multiset of (line item, printed figure) over the non-empty amount cells."""
    kinds = {t["table_id"]: t["table_kind"] for t in out["budget_tables"]}
    cells: dict[str, Counter] = {}
    for cell in out["budget_cells"]:
        if cell["value_text"]:
            cells.setdefault(kinds[cell["table_id"]], Counter())[(squash(cell["item_text"]), cell["value_text"])] += 1
    return cells


def fact_cells() -> dict[str, Counter]:
    """The same multisets from the facts: every non-empty cell of an amount column of every body
    row, against the item printed in the nearest 项目 / 科目名称 column on its left."""
    cells: dict[str, Counter] = {}
    for table in FACTS["tables"]:
        kind = budget_tables.classify(squash(table["title"]))
        labels = [squash("".join(row[j] or "" for row in table["header"])) for j in range(len(table["header"][0]))]
        names = [j for j, label in enumerate(labels) if "名称" in label or label.endswith("项目")]
        amounts = [j for j, label in enumerate(labels) if j not in names and label != "序号" and "编码" not in label]
        counter = cells.setdefault(kind, Counter())
        for row in table["rows"]:
            for j in amounts:
                if row[j]:
                    assert re.fullmatch(r"-?[\d,]*\.?\d+", row[j]), (table["title"], row)
                    item = row[max(n for n in names if n < j)]
                    counter[(squash(item), row[j])] += 1
    return {kind: counter for kind, counter in cells.items() if counter}


def test_same_tables_as_the_grid(extracted):
    def tables(out):
        return [(t["table_kind"], t["body_rows"], t["first_page"], t["last_page"], t["column_labels_json"])
                for t in out["budget_tables"]]

    assert tables(extracted["rules_only"]) == tables(extracted["grid"])
    assert [t["body_rows"] for t in extracted["rules_only"]["budget_tables"]] == [34, 39, 39, 37, 39, 35, 0, 0, 8]


def test_same_figures_as_the_grid(extracted):
    assert amount_cells(extracted["rules_only"]) == amount_cells(extracted["grid"])


@pytest.mark.parametrize("pdf", ["grid", "rules_only"])
def test_figures_are_the_facts(extracted, pdf):
    expected = fact_cells()
    assert len(expected) == 7  # the two empty tables print no figure
    assert amount_cells(extracted[pdf]) == expected


def test_a_column_holding_one_figure_survives(extracted):
    # 收入总表's 上年结转 prints only 1.04 (rows 1, 2, 19 and 20): text-aligned columns lost it.
    out = extracted["rules_only"]
    income = {t["table_id"] for t in out["budget_tables"] if t["table_kind"] == "income_summary"}
    cells = [c for c in out["budget_cells"]
             if c["table_id"] in income and c["measure"] == "carryover" and c["value_text"]]
    assert [(c["item_text"], c["value_text"]) for c in cells] == [
        ("合计", "1.04"), ("科学技术支出", "1.04"), ("科学技术普及", "1.04"), ("科普活动", "1.04")]
