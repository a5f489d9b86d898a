"""Recall: one inconsistency planted per rule family (samples/planted/, made by
samples/make_planted_samples.py from the seed facts) is found exactly — rule, page, expected,
actual — as a confirmed error, and nothing else in the document is an error.

One warehouse holds every planted document (a session fixture: built once)."""
from decimal import Decimal

import pytest

from conftest import SAMPLES, query, run_cli

PLANTED = SAMPLES / "planted"
WAN = Decimal(10000)


@pytest.fixture(scope="session")
def planted_warehouse(tmp_path_factory):
    db = tmp_path_factory.mktemp("planted") / "warehouse.duckdb"
    assert run_cli([str(PLANTED), "--db", str(db)]) == 0
    return db


def errors(db, file_name):
    """Every error-level mismatch of a document: (rule, page, item, expected, actual, confidence)."""
    return query(db, """
        SELECT rule_id, page, item, expected, actual, confidence FROM check_failures
        WHERE file_name = ? AND severity = 'error' AND finding = 'mismatch'
        ORDER BY rule_id, page, item, expected""", [file_name])


def test_every_planted_document_loads(planted_warehouse):
    status = dict(query(planted_warehouse, "SELECT file_name, status FROM dim_documents"))
    assert status == {"planted_budget_totals.pdf": "loaded", "planted_narrative.pdf": "loaded",
                      "planted_contents.pdf": "loaded", "planted_evaluations.pdf": "loaded",
                      "planted_targets.pdf": "loaded"}


def test_income_total_differs_from_expenditure_total(planted_warehouse):
    found = [e for e in errors(planted_warehouse, "planted_budget_totals.pdf") if e[0] in ("BUD-001", "BUD-002")]
    # 财政拨款收支总表 (pages 1-3; its totals on page 3): 收入总计 13933.68, 支出总计 printed 13393.68
    assert ("BUD-001", 3, "收入总计 = 支出总计", Decimal("13933.68") * WAN, Decimal("13393.68") * WAN, "confirmed") in found
    # the same printed 支出总计 is also not 本年支出合计 13933.68 + 年末结转 0
    assert {e[0] for e in found} == {"BUD-001", "BUD-002"} and {e[5] for e in found} == {"confirmed"}


def test_subtotal_printed_zero_beside_non_zero_parts(planted_warehouse):
    found = [e for e in errors(planted_warehouse, "planted_budget_totals.pdf") if e[0] == "BUD-020"]
    # “三公”经费小计 printed 0.00 (page 4), its parts 0 + 28.80 + 0.84 = 29.64
    assert found == [("BUD-020", 4, "“三公”经费合计", Decimal("0.00"), Decimal("29.64") * WAN, "confirmed")]
    # and nothing but the two planted inconsistencies is an error in that document
    assert {e[0] for e in errors(planted_warehouse, "planted_budget_totals.pdf")} == {"BUD-001", "BUD-002", "BUD-020"}


def test_prose_figure_differs_from_its_single_table_line(planted_warehouse):
    (rule, page, item, expected, actual, confidence), = errors(planted_warehouse, "planted_narrative.pdf")
    assert (rule, expected, actual, confidence) == ("DIS-020", Decimal("8400.00"), Decimal("4800.00"), "confirmed")
    assert "公务接待费" in item and "0.48万元" in item
    (sentence_page,), = query(planted_warehouse, """
        SELECT DISTINCT page FROM fct_narrative_figures
        WHERE file_name = 'planted_narrative.pdf' AND subject = 'reception' AND amount_text = '0.48'""")[0:1]
    assert page == sentence_page


def test_table_listed_in_contents_but_not_printed(planted_warehouse):
    (rule, page, item, expected, actual, confidence), = errors(planted_warehouse, "planted_contents.pdf")
    assert (rule, page, expected, actual, confidence) == ("DIS-030", 1, Decimal("1.00"), Decimal("0.00"), "confirmed")
    assert "三公" in item
    # the other eight are printed (two of them empty: 空表列示); nothing is left to DIS-033's template guess
    status = dict(query(planted_warehouse, """
        SELECT table_kind, status FROM fct_disclosure_completeness
        WHERE file_name = 'planted_contents.pdf' AND required AND listed_in_contents"""))
    assert len(status) == 9 and status.pop("three_public") == "missing"
    assert set(status.values()) == {"present", "declared_empty"}
    assert query(planted_warehouse, """SELECT count(*) FROM check_failures
                                       WHERE file_name = 'planted_contents.pdf' AND rule_id = 'DIS-033'""") == [(0,)]


def test_self_evaluation_total_leaves_out_the_funds_and_weights_disagree_with_the_label(planted_warehouse):
    found = errors(planted_warehouse, "planted_evaluations.pdf")
    assert [(e[0], e[3], e[4], e[5]) for e in found] == [
        # 总分 得分 84.9 printed; funds 10 + Σ indicator scores 84.9 = 94.9
        ("EVA-001", Decimal("84.90"), Decimal("94.90"), "confirmed"),
        # Σ分值 110 against the printed 总分 分值 100
        ("EVA-002", Decimal("100.00"), Decimal("110.00"), "confirmed"),
        # the “效益指标 (30分)” block weighs 40
        ("EVA-003", Decimal("30.00"), Decimal("40.00"), "confirmed"),
    ]
    assert [e[1] for e in found] == [1, 2, 2]   # each form on its own page
    assert "一" in found[0][2] and "二" in found[1][2] and "效益指标" in found[2][2]


def test_not_checkable_items_are_counted_and_never_failures(planted_warehouse):
    rows = dict(query(planted_warehouse, "SELECT rule_id, not_checkable FROM check_results"))
    # the planted narrative states figures the tables do not print (0 万元 left blank): not checkable
    assert rows["DIS-020"] > 0
    failing = query(planted_warehouse, """
        SELECT count(*) FROM check_failures f JOIN fct_narrative_figures n
          ON n.document_id = f.document_id AND f.rule_id = 'DIS-020' AND f.actual = n.amount_yuan
        WHERE n.check_status IN ('ambiguous', 'no_table_figure')""")
    assert failing == [(0,)]


def test_target_table_total_exceeds_its_projects(planted_warehouse):
    """合计 1311.00; the unit's subtotal 1180.50 = its three projects 500.00 + 380.50 + 300.00."""
    assert errors(planted_warehouse, "planted_targets.pdf") == [
        ("TGT-005", 1, "合计 (合计)", Decimal("1311.00") * WAN, Decimal("1180.50") * WAN, "confirmed")]
    checked = query(planted_warehouse, """SELECT count(*) FROM dim_projects p JOIN dim_documents d USING (document_id)
                                          WHERE d.file_name = 'planted_targets.pdf' AND p.amount_yuan IS NOT NULL""")
    assert checked == [(3,)]
