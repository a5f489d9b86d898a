"""Per-document summary of a warehouse: status, budget tables recognised, failing identities.

    python bench/corpus_summary.py WAREHOUSE.duckdb

Used for the closing notes of the corpus runs (`budget-warehouse run ../shared/corpus/real --db X`).
"""
import sys

from extract.duckdb_settings import connect

KINDS = ["income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_grant_summary",
         "general_budget_expenditure", "general_budget_basic_expenditure", "government_fund_expenditure",
         "state_capital_expenditure", "three_public"]
SHORT = ["收支", "收入", "支出", "财拨", "一般", "基本", "基金", "国资", "三公"]


def main(db_path: str) -> None:
    con = connect(db_path, read_only=True)
    documents = con.execute("""SELECT document_id, file_name, status, coalesce(reason_code, '')
                               FROM dim_documents ORDER BY file_name""").fetchall()
    print("| document | status | recognised (" + " ".join(SHORT) + ") | failing identities (mismatch) | rounding |")
    print("|---|---|---|---|---|")
    for document_id, name, status, reason in documents:
        kinds = {k for (k,) in con.execute("SELECT DISTINCT table_kind FROM stg_budget_tables WHERE document_id = ?",
                                           [document_id]).fetchall()}
        marks = " ".join("✓" if k in kinds else "·" for k in KINDS)
        failing = con.execute("""SELECT rule_id || '×' || count(*) FROM check_failures
                                 WHERE document_id = ? AND finding = 'mismatch' GROUP BY rule_id ORDER BY rule_id""",
                              [document_id]).fetchall()
        rounding = con.execute("SELECT count(*) FROM check_failures WHERE document_id = ? AND finding = 'rounding'",
                               [document_id]).fetchone()[0]
        state = status if status == "loaded" else f"quarantined: {reason}"
        print(f"| {name} | {state} | {marks if status == 'loaded' else ''} | {', '.join(f for (f,) in failing)} | {rounding} |")
    con.close()


if __name__ == "__main__":
    main(sys.argv[1])
