"""The whole disclosure of seed 002 through the pipeline: procurement, fixed assets, units, narrative
figures and completeness in the marts; every narrative-vs-table check passes on it; an altered copy
(one narrative figure, one procurement amount changed; made here, never in samples/) fails the right rules."""
import copy
import json
import sys
from decimal import Decimal

import pytest

from conftest import SAMPLES, query, run_cli

sys.path.insert(0, str(SAMPLES))
import make_disclosure_samples as generator  # noqa: E402

pytestmark = pytest.mark.e2e

FACTS = json.loads((SAMPLES / "facts" / "disclosure_seed002.json").read_text(encoding="utf-8"))


def altered_facts():
    """项目支出 8105.89 → 8150.89 in the narrative; 台式计算机 (本级) 合计 4.50 → 4.80 in the procurement table."""
    facts = copy.deepcopy(FACTS)
    for part in facts["narrative"]:
        if "项目支出 8105.89 万元" in part.get("paragraph", ""):
            part["paragraph"] = part["paragraph"].replace("项目支出 8105.89 万元", "项目支出 8150.89 万元")
            break
    else:
        raise AssertionError("narrative sentence not found")
    rows = facts["tables"]["procurement"]["rows"]
    row = next(r for r in rows if r[2] == "台式计算机" and r[7] == "4.50")
    row[7] = "4.80"
    return facts


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("disclosure")
    altered = folder / "seed002_disclosure_altered.pdf"
    generator.write_disclosure_pdf(generator.budget.load_facts(), altered_facts(), altered)
    db = folder / "warehouse.duckdb"
    assert run_cli([str(SAMPLES / "seed002_disclosure.pdf"), str(altered), "--db", str(db)]) == 0
    return db


ORIGINAL = "seed002_disclosure.pdf"
ALTERED = "seed002_disclosure_altered.pdf"


def test_procurement_lines_of_seed_002(warehouse):
    rows = query(warehouse, """
        SELECT row_kind, count(*), sum(total_yuan) FROM fct_procurement_lines WHERE file_name = ? GROUP BY 1 ORDER BY 1""",
                 [ORIGINAL])
    assert rows == [("line", 52, Decimal("2769300.00")), ("subtotal", 4, Decimal("2769300.00")),
                    ("total", 1, Decimal("2769300.00"))]
    (line,) = query(warehouse, """
        SELECT project_name, item_name, catalogue_code, measure_unit, quantity, unit_price_yuan, total_yuan, subtotal_label, page
        FROM fct_procurement_lines WHERE file_name = ? AND item_name = 'LED 显示屏'""", [ORIGINAL])
    assert line == ("办公室设备购置", "LED 显示屏", "A02021103", "个", Decimal("1"), Decimal("100000.00"),
                    Decimal("100000.00"), "石家庄市科技信息研究所小计", 26)


def test_fixed_assets_and_units_of_seed_002(warehouse):
    assets = dict(query(warehouse, "SELECT category, value_yuan FROM fct_fixed_assets WHERE file_name = ?", [ORIGINAL]))
    assert assets == {"total": Decimal("22363100.00"), "buildings": Decimal("3228000.00"), "office_space": Decimal("7900.00"),
                      "vehicles": Decimal("0.00"), "equipment_over_200k": Decimal("3315500.00"),
                      "other": Decimal("15711700.00")}
    units = query(warehouse, "SELECT unit_name, unit_nature FROM dim_units WHERE file_name = ? ORDER BY line_no", [ORIGINAL])
    assert len(units) == 6 and units[0] == ("石家庄市科学技术局本级", "行政")


def test_every_narrative_figure_of_seed_002_agrees_with_its_table(warehouse):
    status = dict(query(warehouse, """
        SELECT subject || ' ' || amount_text, check_status FROM fct_narrative_figures
        WHERE file_name = ? AND check_status IN ('agrees', 'differs')""", [ORIGINAL]))
    assert set(status.values()) == {"agrees"}
    assert {"income_total 13933.68", "general_budget 13932.64", "carryover 1.04", "expenditure_total 13933.68",
            "basic 5827.79", "personnel 5383.91", "public 443.88", "project 8105.89", "three_public 29.64",
            "vehicles 28.80", "vehicle_operation 28.8", "reception 0.84", "procurement_total 276.93",
            "fixed_assets 2236.31"} <= set(status)
    failures = query(warehouse, """
        SELECT rule_id, item FROM check_failures f JOIN dim_documents d USING (document_id)
        WHERE d.file_name = ? AND rule_id LIKE 'DIS-%' AND rule_id <> 'DIS-010'""", [ORIGINAL])
    assert failures == []
    checked = dict(query(warehouse, "SELECT rule_id, items_checked FROM check_results WHERE rule_id LIKE 'DIS-%'"))
    # DIS-030 checks the tables a 目录 lists; this sample prints none, so its nine tables are DIS-033's.
    for rule in ("DIS-001", "DIS-002", "DIS-003", "DIS-004", "DIS-005", "DIS-010", "DIS-020", "DIS-021", "DIS-033", "DIS-031"):
        assert checked[rule] > 0, rule


def test_seed_002_assets_total_differs_from_its_categories(warehouse):
    """The source itself: 资产总额 2236.31 万元, categories 322.8 + 0 + 331.55 + 1571.17 = 2225.52 (a warning)."""
    rows = query(warehouse, """
        SELECT severity, expected, actual FROM check_failures f JOIN dim_documents d USING (document_id)
        WHERE d.file_name = ? AND rule_id = 'DIS-010'""", [ORIGINAL])
    assert rows == [("warning", Decimal("22363100.00"), Decimal("22255200.00"))]


def test_completeness_of_seed_002(warehouse):
    status = dict(query(warehouse, "SELECT table_kind, status FROM fct_disclosure_completeness WHERE file_name = ?", [ORIGINAL]))
    assert status == {
        "income_expenditure_summary": "present", "income_summary": "present", "expenditure_summary": "present",
        "fiscal_grant_summary": "present", "general_budget_expenditure": "present",
        "general_budget_basic_expenditure": "present", "government_fund_expenditure": "declared_empty",
        "state_capital_expenditure": "declared_empty", "three_public": "present", "procurement": "present",
        "fixed_assets": "present", "units": "present"}


def test_altered_copy_fails_the_right_rules(warehouse):
    failures = query(warehouse, """
        SELECT rule_id, item, expected, actual FROM check_failures f JOIN dim_documents d USING (document_id)
        WHERE d.file_name = ? AND rule_id LIKE 'DIS-%' AND finding = 'mismatch' ORDER BY rule_id""", [ALTERED])
    by_rule = {}
    for rule, item, expected, actual in failures:
        by_rule.setdefault(rule, []).append((item, expected, actual))
    assert set(by_rule) == {"DIS-002", "DIS-003", "DIS-004", "DIS-005", "DIS-010", "DIS-020"}
    assert by_rule["DIS-002"] == [("合计 = Σ 明细", Decimal("2769300.00"), Decimal("2772300.00"))]
    assert by_rule["DIS-003"] == [("石家庄市科学技术局本级小计", Decimal("1548700.00"), Decimal("1551700.00"))]
    assert [(e, a) for _, e, a in by_rule["DIS-004"]] == [(Decimal("48000.00"), Decimal("45000.00"))]
    assert [(e, a) for _, e, a in by_rule["DIS-005"]] == [(Decimal("48000.00"), Decimal("45000.00"))]
    (item, expected, actual), = by_rule["DIS-020"]
    assert item.startswith("情况说明“项目支出 8150.89万元”") and "第 6 页" in item and (expected, actual) == (Decimal("81058900.00"), Decimal("81508900.00"))
