"""Self-evaluations end to end: the seed 001 samples (PDF and XLSX) through extract, load, dbt and
the EVA rules, into fct_self_evaluations / fct_evaluation_indicators and check_failures."""
import json
import re
from decimal import Decimal

import pytest

from conftest import SAMPLES, query

FACTS = json.loads((SAMPLES / "facts" / "evaluations_seed001.json").read_text(encoding="utf-8"))
FILES = ["seed001_evaluations.pdf", "seed001_evaluations.xlsx"]
TABLE11 = FACTS["tables"][10]["project"]


def squash(text):
    return re.sub(r"\s+", "", text or "")


@pytest.fixture(scope="module")
def warehouse(sample_warehouse):
    """The session's samples warehouse: both seed 001 samples beside the other samples."""
    return sample_warehouse


def test_every_project_lands_with_exact_funds_and_totals(warehouse):
    for name in FILES:
        rows = query(warehouse, """
            SELECT e.project_name, e.funds_full_year_yuan, e.funds_executed_yuan, e.execution_rate_printed,
                   e.fund_weight, e.fund_score, e.stated_total_weight, e.stated_total_score, e.indicators, e.funds_basis
            FROM fct_self_evaluations e JOIN dim_documents d USING (document_id)
            WHERE d.file_name = ? ORDER BY e.table_id""", [name])
        assert [squash(r[0]) for r in rows] == [squash(t["project"]) for t in FACTS["tables"]]
        assert [r[8] for r in rows] == [len(t["indicators"]) for t in FACTS["tables"]]
        by_project = {squash(r[0]): r for r in rows}
        # 表1: 500 万元 carried over, executed in full, 10 points
        assert by_project[squash(FACTS["tables"][0]["project"])][1:8] == (
            Decimal("5000000"), Decimal("5000000"), Decimal("100"), Decimal("10"), Decimal("10"), Decimal("100"), Decimal("94.9"))
        # 表11 prints 1291.61 of 1373.69 万元 executed at 94 %, scored 9.4
        assert by_project[squash(TABLE11)][1:6] == (
            Decimal("13736900"), Decimal("12916100"), Decimal("94"), Decimal("10"), Decimal("9.4"))
        # 表13 prints no amounts on its 年度资金总额 line: the lines under it are summed
        table13 = by_project[squash(FACTS["tables"][12]["project"])]
        assert table13[1:3] == (Decimal("3948000"), Decimal("3948000")) and table13[9] == "component_lines"
        # 表2 (中央转移支付) has no scores
        table2 = by_project[squash(FACTS["tables"][1]["project"])]
        assert table2[1:3] == (Decimal("3800000"), Decimal("3800000")) and table2[4:8] == (None, None, None, None)


def test_indicators_carry_target_actual_weight_score_and_parsed_parts(warehouse):
    rows = query(warehouse, """
        SELECT i.target_text, i.actual_text, i.weight, i.score, i.deviation_reason, i.level1, i.level2,
               i.target_operator, i.target_value, i.actual_value, i.achieved, i.source_form, i.level1_points
        FROM fct_evaluation_indicators i JOIN dim_documents d USING (document_id)
        WHERE d.file_name = 'seed001_evaluations.pdf' ORDER BY i.table_id, i.line_no""")
    facts = [i for t in FACTS["tables"] for i in t["indicators"]]
    assert len(rows) == len(facts) == 158
    for row, fact in zip(rows, facts):
        assert row[0] == fact["target"] and row[1] == fact["actual"]
        assert row[2] == (Decimal(fact["weight"]) if fact["weight"] else None)
        assert row[3] == (Decimal(fact["score"]) if fact["score"] else None)
        assert squash(row[4]) == squash(fact["reason"])
        assert row[5] in ("产出指标", "效益指标", "满意度指标") and row[6] is not None and row[11] == "self_evaluations"
    first = rows[:2]
    # 10 → 13 projects: met; ≥60% → 56%: not met
    assert first[0][7:11] == ("=", Decimal("10"), Decimal("13"), True)
    assert first[1][7:11] == ("≥", Decimal("60"), Decimal("56"), False)
    assert first[0][12] == Decimal("50")
    # qualitative targets are not judged
    assert rows[5][0] == "是" and rows[5][10] is None


def test_table11_fails_the_sum_identities_and_the_other_tables_pass(warehouse):
    failures = query(warehouse, """
        SELECT f.rule_id, d.file_name, f.item FROM check_failures f JOIN dim_documents d USING (document_id)
        WHERE f.finding = 'mismatch' AND f.rule_id IN ('EVA-001', 'EVA-002')""")
    assert sorted(failures) == sorted(
        [("EVA-001", name, f"{TABLE11} 总分得分") for name in FILES] + [("EVA-002", name, f"{TABLE11} Σ分值") for name in FILES])
    checked = dict(query(warehouse, "SELECT rule_id, items_checked FROM check_results"))
    assert checked["EVA-001"] == checked["EVA-002"] == 2 * 12   # every scored form of both files
    amounts = query(warehouse, """
        SELECT expected, actual FROM check_failures WHERE rule_id = 'EVA-001' AND finding = 'mismatch'""")
    assert set(amounts) == {(Decimal("98.1"), Decimal("88.1"))}
    amounts = query(warehouse, """
        SELECT expected, actual FROM check_failures WHERE rule_id = 'EVA-002' AND finding = 'mismatch'""")
    assert set(amounts) == {(Decimal("100"), Decimal("90"))}


def test_other_identities_on_the_samples(warehouse):
    failures = query(warehouse, """
        SELECT rule_id, severity, item FROM check_failures WHERE finding = 'mismatch' AND rule_id NOT IN ('EVA-001', 'EVA-002')
        AND document_id IN (SELECT document_id FROM dim_documents WHERE file_name = 'seed001_evaluations.xlsx')""")
    by_rule = {}
    for rule, severity, item in failures:
        by_rule.setdefault((rule, severity), []).append(squash(item))
    # 表11's 效益指标 block prints 30 points but weighs 4 × 5 = 20
    assert by_rule.pop(("EVA-003", "error")) == ["效益指标(30分)Σ分值"]
    # scores below the weight without a stated reason: five in 表1 and one in 表7 (9.6 of 10)
    shortfalls = by_rule.pop(("EVA-008", "warning"))
    assert len(shortfalls) == 6 and any(s.startswith("项目完成后引进培养创新人才") for s in shortfalls)
    assert by_rule == {}
    rounding = query(warehouse, """
        SELECT rule_id, item FROM check_failures WHERE finding = 'rounding'
        AND document_id IN (SELECT document_id FROM dim_documents WHERE file_name = 'seed001_evaluations.xlsx')""")
    # 2180.1 / 2307.59 = 94.48 % printed as 94; 1291.61 / 1373.69 = 94.02 % printed as 94%
    assert sorted(r for r, _ in rounding) == ["EVA-005", "EVA-005", "EVA-006"]
    checked = dict(query(warehouse, "SELECT rule_id, items_checked FROM check_results"))
    for rule in ("EVA-003", "EVA-004", "EVA-005", "EVA-006", "EVA-007", "EVA-008", "EVA-009"):
        assert checked[rule] > 0, rule


def test_self_evaluation_tables_are_named_in_int_tables(warehouse):
    rows = query(warehouse, """SELECT form, count(*) FROM int_tables WHERE document_id IN
                               (SELECT document_id FROM dim_documents WHERE file_name IN (SELECT unnest(?))) GROUP BY form""",
                 [FILES])
    assert dict(rows) == {"self_evaluations": 26}
