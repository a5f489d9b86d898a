"""Share of performance-target texts that parse (to an operator/value, a deadline or a
qualitative class other than 'other'), per document and overall.

    python bench/target_parse_share.py WAREHOUSE.duckdb
    python bench/target_parse_share.py            # builds a warehouse from the four target samples first

The parsing is the dbt macros' (dbt_project/macros/indicator_text.sql), read back from
fct_performance_indicators.target_parsed; the seeds' samples are expected at ≥ 98 %.
"""
import sys
import tempfile
from pathlib import Path

from extract.duckdb_settings import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's pipeline, not another installed copy
SAMPLES = ["targets_seed000.docx", "targets_seed002.pdf", "targets_seed003.docx", "targets_seed004.pdf"]


def shares(db_path: str) -> list[tuple[str, int, int]]:
    """(file name, indicators with a printed target, of which parsed) per document."""
    con = connect(db_path, read_only=True)
    try:
        return con.execute("""
            SELECT d.file_name, count(*) AS targets, count(*) FILTER (WHERE f.target_parsed) AS parsed
            FROM fct_performance_indicators f JOIN dim_documents d USING (document_id)
            WHERE f.target_text IS NOT NULL AND f.source_form = 'performance_targets'
            GROUP BY d.file_name ORDER BY d.file_name""").fetchall()
    finally:
        con.close()


def report(rows: list[tuple[str, int, int]]) -> float:
    print("| document | targets | parsed | share |")
    print("|---|---:|---:|---:|")
    for name, targets, parsed in rows:
        print(f"| {name} | {targets} | {parsed} | {100.0 * parsed / targets:.2f} % |")
    total, parsed = sum(r[1] for r in rows), sum(r[2] for r in rows)
    share = 100.0 * parsed / total if total else 0.0
    print(f"| **all** | {total} | {parsed} | {share:.2f} % |")
    return share


def main(argv: list[str]) -> int:
    if argv:
        report(shares(argv[0]))
        return 0
    from orchestration.cli import main as cli

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "targets.duckdb")
        if cli(["run", *[str(ROOT / "samples" / s) for s in SAMPLES], "--db", db]) != 0:
            print("the pipeline failed", file=sys.stderr)
            return 1
        report(shares(db))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
