"""The real corpus (../shared/corpus/real): every text PDF that holds them gets its 收支总表, 支出总表 and
“三公”经费表 recognised with their printed totals; every file ends loaded or quarantined."""
import json
from decimal import Decimal
from pathlib import Path

import pytest

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
    assert rows["SOURCES.tsv"] == "quarantined:no_recognised_form"
    assert rows["上海市审计局_2026单位预算.pdf"] == "loaded:"


@pytest.mark.parametrize("file_name,kind,facts", CASES, ids=[f"{n}:{k}" for n, k, _ in CASES])
def test_standard_table_recognised_with_its_total(corpus_warehouse, file_name, kind, facts):
    pages = query(corpus_warehouse, """SELECT first_page, last_page FROM stg_budget_tables JOIN stg_documents USING (document_id)
                                       WHERE file_name = ? AND table_kind = ?""", [file_name, kind])
    assert pages, f"{kind} not recognised in {file_name}"
    amounts = {a for (a,) in query(corpus_warehouse, """SELECT amount_yuan FROM fct_budget_lines
                                                       WHERE file_name = ? AND table_kind = ?""", [file_name, kind])}
    keys = {"income_expenditure_summary": ["income_total", "expenditure_total"],
            "expenditure_summary": ["total"], "three_public": ["total"]}[kind]
    for key in keys:
        printed = facts.get(key)
        if printed and Decimal(printed.replace(",", "")) != 0:
            assert yuan(printed, facts["unit"]) in amounts, f"{key} {printed} {facts['unit']} not found"
