"""Generate a 收入总表 printed in two halves side by side on consecutive pages (a wide sheet printed across
two pages, as 北京's 预算02表 收入总表 is).

    python samples/make_halves_sample.py

writes into samples/layouts/, from seed 002's 收入总表 in samples/facts/seed002_budget.json (ruled grid, drawn by
make_samples.write_pdf; deterministic, byte-identical). The table keeps the lines of four 科目 (206 with two of
its 款, 210, 221: every total still adds up) and prints them in two halves:

    halves_group_continued.pdf  left page: title, 序号 | 科目编码 | 科目名称 | 合计 | 本年收入 (小计);
                                next page, no title: 本年收入 (财政拨款收入 … 其他收入) | 上年结转 — the 本年收入
                                group continues over the cut, the rows are only in the same order.
    halves_labels_repeated.pdf  both pages print the title and 序号 | 科目编码 | 科目名称; the right page then
                                prints the remaining columns.
    halves_rows_differ.pdf      as halves_group_continued.pdf, but the right page leaves out one row: the
                                halves cannot be matched row for row and must not be joined.
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
TITLE = "部门预算收入总表"
KEPT_CODES = ("20601", "20607", "210", "221")   # whole subtrees: every parent is the sum of its children
SPLIT = 5                                       # the left half prints columns [0, SPLIT), the right the rest
LABELS = 3                                      # 序号, 科目编码, 科目名称


def halves_table() -> dict:
    """Seed 002's 收入总表 restricted to KEPT_CODES' lines, with 206 and 合计 added up again."""
    table = copy.deepcopy(next(t for t in load_facts()["tables"] if t["title"] == TITLE))
    kept = [row for row in table["rows"] if row[1].startswith(KEPT_CODES)]
    amounts = range(3, len(table["header"][0]))

    def total(rows, j):
        value = sum((Decimal(r[j]) for r in rows if r[j]), Decimal(0))
        return f"{value:.2f}" if any(r[j] for r in rows) else ""

    tops = [r for r in kept if len(r[1]) == 3]
    class_206 = [r for r in kept if len(r[1]) == 5 and r[1].startswith("206")]
    line_206 = ["", "206", "科学技术支出"] + [total(class_206, j) for j in amounts]
    rows = [["", "", "合计"] + [total(tops + [line_206], j) for j in amounts], line_206] + kept
    table["rows"] = [[str(n)] + row[1:] for n, row in enumerate(rows, start=1)]
    return table


def columns(table: dict, keep: list[int], title: str) -> dict:
    """The table printed with only the columns `keep` (merged header cells cut at the edge)."""
    out = {"title": title, "note": None, "header": [], "merges": []}
    position = {j: n for n, j in enumerate(keep)}
    covered = {}
    for r, c, rs, cs in table["merges"]:
        for j in range(c, c + cs):
            covered[(r, j)] = (r, c, rs, cs)
    for r, row in enumerate(table["header"]):
        printed = []
        for j in keep:
            origin = covered.get((r, j))
            if origin is None:
                printed.append(row[j])
                continue
            r0, c0, rs, cs = origin
            inside = [k for k in range(c0, c0 + cs) if k in position]
            if r0 != r or j != inside[0]:
                printed.append(None)
                continue
            printed.append(table["header"][r0][c0])
            if rs > 1 or len(inside) > 1:
                out["merges"].append([r, position[j], rs, len(inside)])
        out["header"].append(printed)
    out["column_numbers"] = [table["column_numbers"][j] for j in keep]
    out["rows"] = [[row[j] for j in keep] for row in table["rows"]]
    return out


def halves(labels_repeated: bool, drop_row: int | None = None) -> list[dict]:
    table = halves_table()
    width = len(table["header"][0])
    left = columns(table, list(range(SPLIT)), TITLE)
    right_columns = (list(range(LABELS)) if labels_repeated else []) + list(range(SPLIT, width))
    right = columns(table, right_columns, TITLE if labels_repeated else "")
    if drop_row is not None:
        del right["rows"][drop_row]
    return [left, right]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    facts = load_facts()
    for name, tables in (("halves_group_continued.pdf", halves(False)),
                         ("halves_labels_repeated.pdf", halves(True)),
                         ("halves_rows_differ.pdf", halves(False, drop_row=5))):
        write_pdf(dict(facts, tables=tables), OUT / name, ruled=True)
        print(f"wrote {(OUT / name).relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
