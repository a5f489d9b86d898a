"""Per-document summary of a warehouse: status, budget tables recognised, tables of every form, 绩效目标表
projects and indicators, and failing identities (confirmed errors by rule; warnings counted).

    python bench/corpus_summary.py WAREHOUSE.duckdb

Used for the closing notes of the corpus runs (`budget-warehouse run ../shared/corpus/real --db X`).
"""
import sys

from extract.duckdb_settings import connect
from extract.forms.budget_tables import STANDARD_KINDS as KINDS
SHORT = ["收支", "收入", "支出", "财拨", "一般", "基本", "基金", "国资", "三公"]


def main(db_path: str) -> None:
    con = connect(db_path, read_only=True)
    documents = con.execute("""SELECT document_id, file_name, status, coalesce(reason_code, '')
                               FROM dim_documents ORDER BY file_name""").fetchall()
    print("| document | status | standard tables (" + " ".join(SHORT) + ") | tables (all forms) | projects | indicators "
          "| errors | warnings |")
    print("|---|---|---|---|---|---|---|---|")
    for document_id, name, status, reason in documents:
        if status != "loaded":
            print(f"| {name} | quarantined: {reason} | | | | | | |")
            continue
        one = lambda sql: con.execute(sql, [document_id]).fetchone()[0]   # noqa: E731
        kinds = {k for (k,) in con.execute("SELECT DISTINCT table_kind FROM stg_budget_tables WHERE document_id = ?",
                                           [document_id]).fetchall()}
        marks = " ".join("✓" if k in kinds else "·" for k in KINDS)
        warnings = one("SELECT count(*) FROM check_failures WHERE document_id = ? AND severity = 'warning'")
        errors = con.execute("""SELECT rule_id || '×' || count(*) FROM check_failures
                                WHERE document_id = ? AND severity = 'error' GROUP BY rule_id ORDER BY rule_id""",
                             [document_id]).fetchall()
        print(f"| {name} | loaded | {marks} | {one('SELECT count(*) FROM int_tables WHERE document_id = ?')} "
              f"| {one('SELECT count(*) FROM dim_projects WHERE document_id = ?')} "
              f"| {one('SELECT count(*) FROM fct_performance_indicators WHERE document_id = ?')} "
              f"| {', '.join(e for (e,) in errors)} "
              f"| {warnings} |")
    con.close()


if __name__ == "__main__":
    main(sys.argv[1])
