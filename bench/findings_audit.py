"""Every error-level finding of a warehouse, one line each, grouped by document: what to read on
the printed page to decide whether the document really is inconsistent.

    python bench/findings_audit.py WAREHOUSE.duckdb [--csv OUT.csv --corpus real]

Each line: rule, page, table title, item, expected, actual, difference (and `confidence` where
check_failures has that column). With --csv, the same rows are written as CSV in the shape of
tests/data/findings_audit.csv (verdict and evidence left empty, to be filled in after reading the page).
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from extract.duckdb_settings import connect

AUDIT_COLUMNS = ["corpus", "document", "rule", "page", "item", "expected", "actual", "verdict", "evidence", "note"]


def error_findings(db_path: str | Path) -> list[dict]:
    """The error-level mismatches of check_failures, ordered by document, page and rule."""
    con = connect(str(db_path), read_only=True)
    try:
        columns = {name for (name,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'check_failures'").fetchall()}
        confidence = "confidence" if "confidence" in columns else "NULL"
        rows = con.execute(f"""
            SELECT file_name, rule_id, page, coalesce(table_title, '') AS table_title, item,
                   expected, actual, difference, {confidence} AS confidence
            FROM check_failures
            WHERE severity = 'error' AND finding = 'mismatch'
            ORDER BY file_name, page, rule_id, item""").fetchall()
    finally:
        con.close()
    keys = ["document", "rule", "page", "table_title", "item", "expected", "actual", "difference", "confidence"]
    return [dict(zip(keys, row)) for row in rows]


def _figure(value) -> str:
    return "" if value is None else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse")
    parser.add_argument("--csv", help="write the findings as audit rows (verdict/evidence empty) to this file")
    parser.add_argument("--corpus", default="", help="corpus name for the CSV rows (real, wide)")
    args = parser.parse_args(argv)
    if not Path(args.warehouse).is_file():
        print(f"no warehouse at {args.warehouse}", file=sys.stderr)
        return 2
    findings = error_findings(args.warehouse)
    document = None
    for f in findings:
        if f["document"] != document:
            document = f["document"]
            count = sum(g["document"] == document for g in findings)
            print(f"\n## {document}  ({count} error finding{'s' if count > 1 else ''})")
        confidence = f" [{f['confidence']}]" if f["confidence"] else ""
        print(f"  {f['rule']} p.{f['page']} 《{f['table_title']}》 {f['item']}: expected {_figure(f['expected'])}, "
              f"actual {_figure(f['actual'])}, difference {_figure(f['difference'])}{confidence}")
    print(f"\n{len(findings)} error findings in {len({f['document'] for f in findings})} documents")
    if args.csv:
        with open(args.csv, "w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=AUDIT_COLUMNS)
            writer.writeheader()
            for f in findings:
                writer.writerow({"corpus": args.corpus, "document": f["document"], "rule": f["rule"], "page": f["page"], "item": f["item"],
                                 "expected": _figure(f["expected"]), "actual": _figure(f["actual"]),
                                 "verdict": "", "evidence": "", "note": ""})
    return 0


if __name__ == "__main__":
    sys.exit(main())
