"""Performance-target rules (TGT-xxx) on tiny dim_projects / fct_performance_indicators tables."""
from rule_cases import D, Case, wan

P, I = "dim_projects", "fct_performance_indicators"


def project(**more) -> dict:
    """A project of 20.00 万元 (财政拨款 15.00 + 其他 5.00) with a rising spend plan and one indicator per level."""
    row = {"document_id": "d1", "table_id": "t1", "page": 7, "project_key": "p1", "project_name": "科技创新券",
           "goal_text": "支持科技型中小企业开展研发活动", "group_name": None, "amount_text": "20.00",
           "amount_yuan": wan("20.00"), "split_printed": True, "fiscal_yuan": wan("15.00"), "special_account_yuan": None,
           "carryover_yuan": None, "other_yuan": wan("5.00"), "output_indicators": 1, "outcome_indicators": 1,
           "satisfaction_indicators": 1, "spend_by_mar_pct": D(10), "spend_by_jun_pct": D(40), "spend_by_oct_pct": D(80),
           "spend_by_dec_pct": D(100)}
    row.update(more)
    return row


def indicator(indicator_id: str, level1: str, level2: str, target_text: str, **more) -> dict:
    row = {"document_id": "d1", "table_id": "t1", "page": 7, "table_index": 0, "project_key": "p1", "indicator_id": indicator_id,
           "level1": level1, "level2": level2, "level3_text": f"{level2}一", "description": None, "target_text": target_text,
           "target_value": None, "target_unit": None, "target_parsed": True, "page_row": 3, "unsplit_text": None,
           "cells_certain": True}
    row.update(more)
    return row


INDICATORS = [indicator("i1", "产出指标", "数量指标", "≥100家"),
              indicator("i2", "产出指标", "成本指标", "≤20万元", target_value=D(20), target_unit="万元"),
              indicator("i3", "效益指标", "社会效益指标", "有所提升"),
              indicator("i4", "满意度指标", "服务对象满意度指标", "≥90%")]
TEXT = {"group_name": "VARCHAR", "description": "VARCHAR", "target_unit": "VARCHAR", "unsplit_text": "VARCHAR"}
# A raw text row whose cells were not told apart: its text kept whole, no cell read.
UNSPLIT = {"cells_certain": False, "unsplit_text": "社会效益指标 服务企业 带动就业 显著 历史经验", "level3_text": None,
           "target_text": None, "target_parsed": False}

CASES = {
    "TGT-001": Case({P: [project()], I: INDICATORS}, [(I, 3, {"level1": "效益指标"})], types=TEXT),
    "TGT-002": Case({P: [project()]}, [(P, 0, {"spend_by_oct_pct": D(30)})], types=TEXT),
    "TGT-003": Case({P: [project()], "int_target_projects": [{"project_key": "p1", "amount_decimals": 2, "unit_multiplier": 10000}]},
                    [(P, 0, {"other_yuan": wan("6.00")})], types=TEXT),
    "TGT-004": Case({P: [project()], I: INDICATORS}, [(I, 1, {"target_value": D("30.75"), "target_text": "≥30.75万元"})],
                    types=TEXT),
    "TGT-005": Case({P: [project(), project(project_key="p2", project_name="科普活动", amount_text="10.00", amount_yuan=wan("10.00"))],
                     "int_target_totals": [{"document_id": "d1", "table_id": "t1", "page": 7, "table_index": 0, "label": "合计", "total_kind": "table",
                                            "amount_yuan": wan("30.00"), "amount_decimals": 2, "unit_multiplier": 10000}]},
                    [("int_target_totals", 0, {"amount_yuan": wan("31.00")})], types=TEXT),
    "TGT-007": Case({P: [project(fiscal_basic_yuan=wan("6.00"), fiscal_project_yuan=wan("9.00"), other_basic_yuan=wan("5.00"),
                                 other_project_yuan=wan("0.00"))],
                     "int_target_projects": [{"project_key": "p1", "amount_decimals": 2, "unit_multiplier": 10000}]},
                    [(P, 0, {"fiscal_project_yuan": wan("9.50")})], types=TEXT),
    "TGT-006": Case({P: [project()], I: INDICATORS}, [(P, 0, {"goal_text": "目标内容1"})], types=TEXT),
    "TGT-090": Case({P: [project()], I: INDICATORS}, [(I, 2, {"target_parsed": False})], types=TEXT),
    "TGT-091": Case({P: [project()], I: INDICATORS}, [(I, 2, UNSPLIT)], checks_items_when_passing=False, types=TEXT),
}
