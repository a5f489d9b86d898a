"""The real corpus (../shared/corpus/real): every text PDF that holds them gets its 收支总表, 支出总表 and
“三公”经费表 recognised with their printed totals; every file ends loaded or quarantined."""
import json
from decimal import Decimal
from pathlib import Path


from conftest import CORPUS, query

TRUTH = json.loads((Path(__file__).parent / "data" / "corpus_truth.json").read_text(encoding="utf-8"))
MULTIPLIER = {"元": 1, "千元": 1000, "万元": 10000, "亿元": 100000000}
CASES = [(name, kind, facts) for name, doc in TRUTH.items() for kind, facts in doc["tables"].items() if facts]


def yuan(printed, unit):
    return Decimal(printed.replace(",", "")) * MULTIPLIER[unit]


def test_every_corpus_file_is_accounted_for(corpus_warehouse):
    files = sorted(p.name for p in CORPUS.iterdir() if p.is_file())
    rows = dict(query(corpus_warehouse, "SELECT file_name, status || ':' || coalesce(reason_code, '') FROM dim_documents"))
    assert sorted(rows) == files
    assert rows["重庆市财政局_2026_actually_HTML_not_pdf.pdf"] == "quarantined:html_not_pdf"
    assert rows["长沙_公安局交警_2026_SCANNED.pdf"] == "quarantined:no_text_layer"
    assert rows["SOURCES.tsv"] == "quarantined:unsupported_type"  # the crawler's list of files: a TSV, not read
    assert rows["上海市审计局_2026单位预算.pdf"] == "loaded:"


def found_with_total(db, file_name, kind, facts) -> str | None:
    """None when the table is recognised with its printed total(s), else what is missing."""
    if not query(db, """SELECT 1 FROM stg_budget_tables JOIN stg_documents USING (document_id)
                        WHERE file_name = ? AND table_kind = ?""", [file_name, kind]):
        return "not recognised"
    amounts = {a for (a,) in query(db, "SELECT amount_yuan FROM fct_budget_lines WHERE file_name = ? AND table_kind = ?",
                                   [file_name, kind])}
    keys = {"income_expenditure_summary": ["income_total", "expenditure_total"],
            "expenditure_summary": ["total"], "three_public": ["total"]}[kind]
    for key in keys:
        printed = facts.get(key)
        if printed and Decimal(printed.replace(",", "")) != 0 and yuan(printed, facts["unit"]) not in amounts:
            return f"{key} {printed} {facts['unit']} not found"
    return None


def test_standard_tables_recognised_with_their_totals(corpus_warehouse):
    """Every one of the 57 收支总表 / 支出总表 / “三公” tables of the hand-read truth (19 documents) is
    recognised with its printed total(s); misses are printed."""
    misses = {f"{n}:{k}": m for n, k, f in CASES if (m := found_with_total(corpus_warehouse, n, k, f))}
    print("\n".join(f"MISS {k}: {v}" for k, v in misses.items()))
    assert len(CASES) == 57
    assert not misses, misses


# Checked by hand: these documents do not add up as printed, or we do not read them right yet.
# (普陀 万里's 基本支出表 printed 30102 as "301 | 2": 款/项 code fields are now zero-padded, so 301 adds up.)
KNOWN_ERROR_FINDINGS: set = set()
# (北京水务局's 收入总表 printed as two halves on two pages: the right half, read as its own table, has
# 上年结转结余 columns that are now carried-over parts, not 本年收入 sources, so BUD-006 no longer fires on it.)


def test_budget_identities_fail_only_where_known(corpus_warehouse):
    """Every other document of the real corpus adds up in every budget identity (BUD-0xx error rules)."""
    found = set(query(corpus_warehouse, """SELECT DISTINCT file_name, rule_id FROM check_failures
                                           WHERE rule_id LIKE 'BUD-%' AND severity = 'error' AND finding = 'mismatch'"""))
    assert found == KNOWN_ERROR_FINDINGS
