"""The runner's two outcomes beside pass/fail: an item's confidence, and items a rule could not check."""
from decimal import Decimal

import duckdb
import pytest

from expectations.catalogue import load_rules
from expectations.runner import RuleExecutionError, run_rules

RULE = """-- id: XYZ-001
-- severity: error
-- confidence: {confidence}
-- title: stated total = Σ parts
-- description: test rule
-- title_zh: 合计等于各分项之和
-- description_zh: 测试规则
-- advice_zh: 核对合计与各分项
-- value_unit: money
select * from (values
    ('d1', 't1', 1, 'exact and equal',       100.00, 100.00, 0.50, true,  null),
    ('d1', 't1', 2, 'exact and off',         100.00, 130.50, 0.50, true,  null),
    ('d1', 't1', 3, 'heuristic and off',     100.00, 90.00,  0.50, true,  'suspected'),
    ('d1', 't1', 4, 'two candidate lines',   100.00, 55.00,  0.50, false, null),
    ('d1', 't1', 5, 'no table line',         null,   55.00,  0.50, false, null)
) as v(document_id, table_id, page, item, expected, actual, tolerance, checkable, confidence)
"""


@pytest.fixture
def con(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("CREATE TABLE stg_documents AS SELECT 'd1' AS document_id, 'doc.pdf' AS file_name")
    con.execute("CREATE TABLE int_tables AS SELECT 't1' AS table_id, 'three_public' AS table_kind, '“三公”经费支出表' AS table_title")
    yield con
    con.close()


def rules(tmp_path, text):
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "XYZ-001_stated_total.sql").write_text(text, encoding="utf-8")
    return load_rules(str(folder))


def test_not_checkable_items_are_counted_and_confidence_kept_per_item(con, tmp_path):
    run_rules(con, rules(tmp_path, RULE.format(confidence="confirmed")))
    failures = con.execute("SELECT page, severity, confidence, expected, actual FROM check_failures ORDER BY page").fetchall()
    assert failures == [(2, "error", "confirmed", Decimal("100.00"), Decimal("130.50")),
                        (3, "warning", "suspected", Decimal("100.00"), Decimal("90.00"))]
    # only the confirmed mismatch is an error; the suspected one is a warning, counted as suspected
    assert con.execute("""SELECT items_checked, not_checkable, errors, warnings, suspected, confidence
                          FROM check_results""").fetchall() == [(3, 2, 1, 1, 1, "confirmed")]


def test_the_rule_header_gives_the_confidence_of_items_that_name_none(con, tmp_path):
    run_rules(con, rules(tmp_path, RULE.format(confidence="suspected")))
    assert con.execute("SELECT DISTINCT severity, confidence FROM check_failures").fetchall() == [("warning", "suspected")]


def test_an_unknown_confidence_is_a_rule_fault_not_a_finding(con, tmp_path):
    with pytest.raises(RuleExecutionError, match="confidence"):
        run_rules(con, rules(tmp_path, RULE.format(confidence="confirmed").replace("'suspected'", "'likely'")))
