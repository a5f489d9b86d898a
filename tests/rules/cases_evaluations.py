"""Self-evaluation rules (EVA-xxx) on tiny fct_self_evaluations / fct_evaluation_indicators tables."""
from rule_cases import D, Case, wan

E, I = "fct_self_evaluations", "fct_evaluation_indicators"


def evaluation(**more) -> dict:
    """A 项目支出绩效自评表 whose figures agree: 全年预算数 100.00 万元, 执行数 95.00 万元, 执行率 95 %,
    资金 weight 10 scored 9.5, 总分 98.5 of 100."""
    row = {"document_id": "d1", "table_id": "t1", "page": 4, "total_page": 5, "funds_page": 4, "table_kind": "project",
           "total_table_index": 0, "total_page_row": 30, "funds_table_index": 0, "funds_page_row": 6,
           "project_key": "p1", "project_name": "科技创新券", "indicators_scored": 12,
           "stated_total_score": D("98.5"), "computed_total_score": D("98.5"), "total_score_rounding": D("0.05"),
           "computed_total_weight": D(100), "stated_total_weight": D(100), "total_weight_rounding": None,
           "funds_full_year_yuan": wan("100.00"), "funds_full_year_rounding_yuan": D(50),
           "funds_executed_yuan": wan("95.00"), "funds_executed_rounding_yuan": D(50),
           "execution_rate_printed": D(95), "execution_rate_computed": D(95), "execution_rate_rounding": D("0.5"),
           "fund_weight": D(10), "fund_score": D("9.5"), "fund_score_rounding": D("0.05"),
           "indicator_columns_shifted": False}
    row.update(more)
    return row


def indicator(indicator_id: str, weight: str, score: str, **more) -> dict:
    row = {"document_id": "d1", "table_id": "t1", "page": 5, "table_index": 0, "indicator_id": indicator_id, "level1_text": "产出指标(50分)", "level1": "产出指标",
           "level1_points": D(50), "level1_points_rounding": D("0.5"), "level3_text": f"指标{indicator_id}",
           "description": None, "weight": D(weight), "score": D(score), "deviation_reason": None}
    row.update(more)
    return row


TEXT = {"description": "VARCHAR", "deviation_reason": "VARCHAR", "unread_columns": "VARCHAR"}

CASES = {
    "EVA-001": Case({E: [evaluation()]}, [(E, 0, {"computed_total_score": D("88.5")})]),
    "EVA-002": Case({E: [evaluation()]}, [(E, 0, {"computed_total_weight": D(90)})]),
    "EVA-003": Case({I: [indicator("i1", "20", "20"), indicator("i2", "30", "30")]}, [(I, 1, {"weight": D(20)})], types=TEXT),
    "EVA-004": Case({I: [indicator("i1", "10", "9", deviation_reason="部分指标未完成")]}, [(I, 0, {"score": D(11)})], types=TEXT),
    "EVA-005": Case({E: [evaluation()]}, [(E, 0, {"execution_rate_printed": D(99)})]),
    "EVA-006": Case({E: [evaluation()]}, [(E, 0, {"fund_score": D(10)})]),
    "EVA-007": Case({E: [evaluation()]}, [(E, 0, {"funds_executed_yuan": wan("110.00"), "execution_rate_printed": D(110),
                                                  "execution_rate_computed": D(110)})]),
    "EVA-008": Case({I: [indicator("i1", "10", "10"), indicator("i2", "10", "9.6", deviation_reason="受疫情影响，进度滞后")],
                     E: [evaluation(unread_columns=None)]},
                    [(I, 1, {"deviation_reason": None})], types=TEXT),
    "EVA-009": Case({E: [evaluation()]}, [(E, 0, {"stated_total_score": D(101)})]),
    "EVA-010": Case({E: [evaluation(table_id="t9", table_kind="score_list", project_key="p1", page=29),
                         evaluation(table_id="t9", table_kind="score_list", project_key="p2", page=29)],
                     "fct_evaluation_summaries": [{"document_id": "d1", "page": 28, "projects_stated": 2,
                                                   "statement": "对2个项目开展了绩效自评"}]},
                    [("fct_evaluation_summaries", 0, {"projects_stated": 3})]),
}
