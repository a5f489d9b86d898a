"""Generate a raw text export of seed 002's nine budget tables, as pdftotext (without -layout) prints them.

    python samples/make_raw_text_sample.py

writes samples/layouts/seed002_budget_raw.txt from samples/facts/seed002_budget.json: cells separated
by single spaces, empty cells dropped, labels longer than a cell wrapped over lines (with blank lines
between, as pdftotext separates text blocks), the department/unit line, the column headers and the
栏次 row printed again on every page after a page number. Deterministic: re-running gives the same bytes.
"""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "layouts" / "seed002_budget_raw.txt"
ROWS_PER_PAGE = 14
WRAP = 6          # characters of a label printed on one line of its cell


def _wrapped(text: str, width: int = WRAP) -> list[str]:
    text = text.replace(" ", "")
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def _header_lines(header: list[list[str | None]]) -> list[str]:
    """Top-row labels first, then the labels of the second row that differ from the top (reading order);
    labels longer than a cell wrap."""
    top, bottom = header
    lines: list[str] = []
    seen_top = list(dict.fromkeys(t for t in top if t))
    lines.append(" ".join(seen_top))
    for label in bottom:
        if label and label not in seen_top:
            lines += [part for piece in _wrapped(label, 8) for part in (piece, "")]
    return lines


def _is_figure(token: str) -> bool:
    return token.replace(".", "", 1).replace("-", "", 1).isdigit() and "." in token


def _row_lines(row: list[str], roles: list[str]) -> list[str]:
    """One body row: 序号 and code on the first line; a short label on the same line, a long one wrapped
    below; the figures after it; in a table with two label columns each label is followed by its figures."""
    lines = [row[0]]
    for cell, role in zip(row[1:], roles[1:]):
        if not cell:
            continue
        if role == "code":
            lines[-1] += " " + cell
        elif role == "name":
            parts = _wrapped(cell)
            if len(parts) == 1:
                lines[-1] += " " + parts[0]
            else:
                lines += parts
        elif len(lines) == 1 or all(_is_figure(t) for t in lines[-1].split()):
            lines[-1] += " " + cell      # on the row's only line, or after the figures before it
        else:
            lines.append(cell)           # after a wrapped label
    return lines


def _roles(table: dict) -> list[str]:
    roles = []
    for j, label in enumerate(table["header"][1]):
        path = "".join(r[j] or "" for r in table["header"]).replace(" ", "")
        if j == 0:
            roles.append("seq")
        elif "编码" in path:
            roles.append("code")
        elif "名称" in path or path.endswith("项目"):
            roles.append("name")
        else:
            roles.append("amount")
    return roles


def render(facts: dict) -> str:
    meta = f"{facts['department_code']} {facts['department_name']} 预算年度：{facts['fiscal_year']} 单位：{facts['unit']}"
    out: list[str] = []
    page = 0
    for table in facts["tables"]:
        roles = _roles(table)
        header = _header_lines(table["header"])
        numbers = " ".join(table["column_numbers"])
        rows = table["rows"]
        chunks = [rows[i:i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)] or [[]]
        for n, chunk in enumerate(chunks):
            page += 1
            if n == 0:
                out += [" " + table["title"]]
            out += [meta, ""] + header + [numbers, ""]
            for row in chunk:
                out += _row_lines(row, roles) + [""]
            if table["note"]:
                out.append(table["note"])
            out += ["", str(page), ""]
    return "\n".join(out) + "\n"


def main() -> None:
    facts = json.loads((HERE / "facts" / "seed002_budget.json").read_text(encoding="utf-8"))
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(render(facts), encoding="utf-8")
    print(f"wrote {OUT.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
