"""The target samples through the whole pipeline: every indicator row of seeds 000, 002, 003 and
004 lands in fct_performance_indicators with its exact levels and target text, amounts in 元 in
dim_projects, the parse share ≥ 98 %, and the TGT rules find what the seeds really contain."""
import json
from decimal import Decimal

import pytest

from conftest import SAMPLES, query

SEEDS = {"000": "targets_seed000.docx", "002": "targets_seed002.pdf", "003": "targets_seed003.docx",
         "004": "targets_seed004.pdf"}
FACTS = {seed: json.loads((SAMPLES / "facts" / f"targets_seed{seed}.json").read_text(encoding="utf-8")) for seed in SEEDS}
MULTIPLIER = {"元": Decimal(1), "万元": Decimal(10000)}


@pytest.fixture(scope="module")
def warehouse(sample_warehouse):
    """The session's samples warehouse: the four target seeds beside the other samples."""
    return sample_warehouse


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_every_indicator_row_with_exact_levels_and_target_text(warehouse, seed):
    rows = query(warehouse, """
        SELECT p.project_name, f.level1_text, f.level2_text, f.level3_text, coalesce(f.description, ''),
               coalesce(f.target_text, ''), coalesce(f.basis_text, '')
        FROM fct_performance_indicators f JOIN dim_projects p USING (project_key) JOIN dim_documents d ON d.document_id = f.document_id
        WHERE d.file_name = ? AND f.source_form = 'performance_targets'
        ORDER BY p.project_seq, f.line_no""", [SEEDS[seed]])
    expected = [(p["name"], *ind) for p in FACTS[seed]["projects"] for ind in p["indicators"]]
    assert len(rows) == len(expected) == {"000": 76, "002": 371, "003": 70, "004": 82}[seed]
    assert [tuple(r) for r in rows] == expected


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_levels_normalised_to_the_standard_taxonomy(warehouse, seed):
    rows = query(warehouse, """
        SELECT f.level1_text, f.level1, f.level2_text, f.level2 FROM fct_performance_indicators f
        JOIN dim_documents d USING (document_id) WHERE d.file_name = ?""", [SEEDS[seed]])
    assert all(level1 in ("产出指标", "效益指标", "满意度指标") for _, level1, _, _ in rows)
    assert all(level2 is not None for *_, level2 in rows)
    if seed == "000":
        assert ("1-产出指标", "产出指标", "14-成本指标", "成本指标") in rows
        assert ("2-效益指标", "效益指标", "24-可持续影响", "可持续影响指标") in rows


def test_all_52_projects_of_seed_002_and_their_tables(warehouse):
    (projects, tables), = query(warehouse, """
        SELECT count(*), count(DISTINCT table_id) FROM dim_projects JOIN dim_documents USING (document_id)
        WHERE file_name = 'targets_seed002.pdf'""")
    assert projects == tables == 52
    kinds = query(warehouse, """SELECT DISTINCT form, table_kind FROM int_tables JOIN dim_documents USING (document_id)
                                WHERE file_name LIKE 'targets_seed%'""")
    assert kinds == [("performance_targets", "project_targets")]


@pytest.mark.parametrize("seed", ["003", "004"])
def test_project_amounts_split_and_spend_plan(warehouse, seed):
    rows = query(warehouse, """
        SELECT project_code, amount_yuan, fiscal_yuan, other_yuan, spend_by_mar_pct, spend_by_jun_pct, spend_by_oct_pct, spend_by_dec_pct
        FROM dim_projects JOIN dim_documents USING (document_id) WHERE file_name = ? ORDER BY project_seq""", [SEEDS[seed]])
    def pct(text):
        return Decimal(text.rstrip("%")) if text else None
    expected = [(p["code"], Decimal(p["amount"]) * 10000, Decimal(p["fiscal"]) * 10000,
                 Decimal(p["other"]) * 10000 if p["other"] else None, *[pct(v) for v in p["spend_plan"]])
                for p in FACTS[seed]["projects"]]
    assert [tuple(r) for r in rows] == expected


def test_seed_000_amounts_in_yuan_from_each_layout(warehouse):
    rows = dict(query(warehouse, """
        SELECT project_name, amount_yuan FROM dim_projects JOIN dim_documents USING (document_id)
        WHERE file_name = 'targets_seed000.docx'"""))
    for project in FACTS["000"]["projects"]:
        assert rows[project["name"]] == Decimal(project["amount"]) * MULTIPLIER[project["amount_unit"]], project["name"]


def test_parse_share_at_least_98_percent_on_every_seed(warehouse):
    from bench.target_parse_share import shares

    rows = shares(str(warehouse))
    assert {name for name, *_ in rows} == set(SEEDS.values())
    for name, targets, parsed in rows:
        assert parsed / targets >= 0.98, (name, parsed, targets)
    deadlines = dict(query(warehouse, """SELECT target_text, target_deadline_month FROM fct_performance_indicators
                                         WHERE target_deadline IS NOT NULL"""))
    assert deadlines["十月底"] == 10 and deadlines["年底前"] == 12 and deadlines["2023年8月底前"] == 8
    parsed = {r[0]: r[1:] for r in query(warehouse, """
        SELECT target_text, target_operator, target_value, target_value_high, target_unit, target_quality_class
        FROM fct_performance_indicators""")}
    assert parsed["≥3000平方米"] == ("≥", Decimal("3000"), None, "平方米", None)
    assert parsed["90%以上"] == ("≥", Decimal("90"), None, "%", None)
    assert parsed["≥95百分比"] == ("≥", Decimal("95"), None, "%", None)
    assert parsed["每月4次"] == ("=", Decimal("4"), None, "次/月", None)
    assert parsed["公务用车租赁费用控制率在95%-100%为优"][:4] == ("range", Decimal("95"), Decimal("100"), "%")
    assert parsed["有所提升"] == (None, None, None, None, "improved")
    assert parsed["达到预期目标"][4] == "achieved"


def test_rules_find_what_the_seeds_contain(warehouse):
    failures = query(warehouse, """SELECT rule_id, file_name, item FROM check_failures
                                   WHERE rule_id LIKE 'TGT-%' AND finding = 'mismatch'""")
    by_rule = {}
    for rule, file_name, item in failures:
        by_rule.setdefault(rule, []).append((file_name, item))
    # no spend plan goes backwards or past 100 %, every printed split adds up
    assert "TGT-002" not in by_rule and "TGT-003" not in by_rule
    # projects printed without a 满意度 indicator
    missing = sorted((SEEDS[s], f"{p['name']} 缺少满意度指标") for s in SEEDS for p in FACTS[s]["projects"]
                     if not any("满意" in ind[0] for ind in p["indicators"]))
    assert sorted(f for f in by_rule["TGT-001"]) == missing and len(missing) == 2
    # 目标内容1 left from the template in seed 003
    placeholders = sorted(p["name"] for p in FACTS["003"]["projects"] if "目标内容" in p["goal"])
    assert sorted(item for _, item in by_rule["TGT-006"]) == placeholders and len(placeholders) == 4
    # a 成本指标 of ≥30.75万元 on a project of 1.87万元
    assert by_rule["TGT-004"] == [("targets_seed004.pdf", "拨付邓庆久等人参照行政退休人员待遇资金 / 费用总数 ≥30.75万元")]
    checked = dict(query(warehouse, "SELECT rule_id, items_checked FROM check_results WHERE rule_id LIKE 'TGT-%'"))
    assert checked["TGT-002"] > 0 and checked["TGT-003"] > 0 and checked["TGT-001"] == 3 * 79
