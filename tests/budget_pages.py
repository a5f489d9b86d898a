"""Hand-read budget / 决算 table pages (tests/data/budget_pages_truth.json) compared with fct_budget_lines.

Shared by tests/test_budget_pages_truth.py (asserts every printed figure) and by the audit's measurement
(`python tests/budget_pages.py DB` prints, per field, how many of the hand-read cells the warehouse holds)."""
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

TRUTH = json.loads((Path(__file__).parent / "data" / "budget_pages_truth.json").read_text(encoding="utf-8"))
MULTIPLIER = {"元": 1, "千元": 1000, "万元": 10000, "亿元": 100000000}


def squash(text) -> str:
    return re.sub(r"\s+", "", text or "")


def held_lines(query, file_name: str, page: int) -> list[tuple]:
    return query("""SELECT side, code, item_name, measure, basis, amount_yuan FROM fct_budget_lines
                    WHERE file_name = ? AND page = ?""", [file_name, page])


def compare_page(query, file_name: str, entry: dict) -> dict[str, list]:
    """Per field, the cells checked and those that differ from the print:
    lines — a row printing a figure is held with its label (and code) on its page;
    figures — each printed figure is held on that line with its column's measure and basis, exactly;
    blanks — a cell printed blank holds no figure."""
    held = held_lines(query, file_name, entry["page"])
    out = {"lines": [[], []], "figures": [[], []], "blanks": [[], []]}
    for block in entry["blocks"]:
        columns = [c.split("@") + [entry["basis"]] if "@" not in c else c.split("@") for c in block["columns"]]
        for row in block["rows"]:
            code, item, values = row[0], row[1], row[2:]
            assert len(values) == len(columns), (file_name, entry["page"], row)
            line = [h for h in held if squash(h[2]) == squash(item) and (not code or h[1] == code)
                    and (block["side"] is None or h[0] == block["side"])]
            where = f"{file_name} p{entry['page']} {block['side'] or ''} {code} {item}".strip()
            if any(values):
                out["lines"][0].append(where)
                if not line:
                    out["lines"][1].append(where)
            for (measure, basis, *_), value in zip(columns, values):
                cell = f"{where} [{measure}@{basis}] {value or 'blank'}"
                found = [h[5] for h in line if h[3] == measure and h[4] == basis and h[5] is not None]
                if value:
                    out["figures"][0].append(cell)
                    yuan = Decimal(value.replace(",", "")) * MULTIPLIER[entry["unit"]]
                    if found != [yuan]:
                        out["figures"][1].append(f"{cell}: held {found}")
                else:
                    out["blanks"][0].append(cell)
                    if found:
                        out["blanks"][1].append(f"{cell}: held {found}")
    return out


def measure(db: str) -> dict[str, tuple[int, int]]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from extract.duckdb_settings import connect

    con = connect(db, read_only=True)
    totals = {}
    for file_name, entries in TRUTH["documents"].items():
        for entry in entries:
            for field, (checked, wrong) in compare_page(lambda q, p: con.execute(q, p).fetchall(), file_name, entry).items():
                t = totals.setdefault(field, [0, []])
                t[0] += len(checked)
                t[1] += wrong
    for field, (checked, wrong) in totals.items():
        print(f"{field}: {checked - len(wrong)}/{checked} = {100 * (checked - len(wrong)) / checked:.1f} %")
        for w in wrong:
            print("   ", w)
    return totals


if __name__ == "__main__":
    measure(sys.argv[1])
