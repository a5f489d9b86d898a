"""Disclosure rules (DIS-xxx): procurement, fixed assets, narrative and completeness, on tiny mart tables."""
from rule_cases import D, Case, wan

P = "fct_procurement_lines"


def procurement(line_no: int, row_kind: str, item_name: str, total: str, *, subtotal_line_no: int | None = None, **more) -> dict:
    row = {"document_id": "d1", "table_id": "t1", "page": 3, "line_no": line_no, "row_kind": row_kind, "item_name": item_name,
           "subtotal_line_no": subtotal_line_no, "total_yuan": wan(total), "total_rounding_yuan": D(50)}
    row.update(more)
    return row


def asset(category: str, value: str) -> dict:
    return {"document_id": "d1", "table_id": "t1", "page": 20, "category": category, "value_yuan": wan(value),
            "value_rounding_yuan": D(50)}


def figure(subject: str, amount: str, table_amount: str | None, **more) -> dict:
    """A figure the narrative states (in 万元) and the table figure it restates."""
    row = {"document_id": "d1", "figure_id": f"f-{subject}", "table_id": "t1", "page": 2, "subject": subject,
           "phrase": subject, "amount_text": amount, "unit_text": "万元", "amount_yuan": wan(amount),
           "rounding_yuan": D(50), "basis": "current", "direction": None, "table_page": 5, "table_page_row": 7, "table_index": 0, "table_item": "合计",
           "table_amount_yuan": wan(table_amount) if table_amount else None, "table_rounding_yuan": D(50),
           "tolerance_yuan": D(100) if table_amount else None,
           "check_status": "agrees", "match_confidence": "confirmed"}
    row.update(more)
    return row


def sentence(**more) -> dict:
    row = {"document_id": "d1", "page": 2, "sentence": "2023年收入预算13932.64万元，比上年增加100.00万元，主要原因是人员增加。",
           "convention": None, "has_reason": None, "placeholder_text": None}
    row.update(more)
    return row


def completeness(required_name: str, status: str, *, required: bool = True, listed_in_contents: bool = True) -> dict:
    """A required table of the disclosure and whether it is there; the 目录 (p1) lists it."""
    return {"document_id": "d1", "page": 4 if status == "present" else None, "required_name": required_name,
            "required": required, "status": status, "listed_in_contents": listed_in_contents, "contents_page": 1,
            "contents_title": required_name, "title_printed": status != "missing"}


TEXT = {"convention": "VARCHAR", "has_reason": "VARCHAR", "placeholder_text": "VARCHAR", "direction": "VARCHAR",
        "subtotal_line_no": "BIGINT"}

CASES = {
    "DIS-001": Case({P: [procurement(1, "total", "合计", "300.00"), procurement(2, "subtotal", "本级小计", "100.00"),
                         procurement(5, "subtotal", "所属单位小计", "200.00")]},
                    [(P, 2, {"total_yuan": wan("250.00")})], types=TEXT),
    "DIS-002": Case({P: [procurement(1, "total", "合计", "300.00"), procurement(2, "line", "台式计算机", "100.00"),
                         procurement(3, "line", "打印机", "200.00")]},
                    [(P, 2, {"total_yuan": wan("250.00")})], types=TEXT),
    "DIS-003": Case({P: [procurement(1, "subtotal", "本级小计", "300.00"),
                         procurement(2, "line", "台式计算机", "100.00", subtotal_line_no=1),
                         procurement(3, "line", "打印机", "200.00", subtotal_line_no=1)]},
                    [(P, 0, {"total_yuan": wan("350.00")})], types=TEXT),
    "DIS-004": Case({P: [procurement(2, "line", "台式计算机", "4.50", quantity=D(10), quantity_text="10",
                                     unit_price_yuan=wan("0.45"), unit_price_text="0.45", unit_price_rounding_yuan=D(50))]},
                    [(P, 0, {"total_yuan": wan("4.80")})], types=TEXT),
    "DIS-005": Case({P: [procurement(2, "line", "台式计算机", "4.50", general_budget_yuan=wan("4.00"), government_fund_yuan=None,
                                     state_capital_yuan=None, special_account_yuan=None, unit_funds_yuan=wan("0.50"),
                                     fiscal_carryover_yuan=None, non_fiscal_carryover_yuan=None)]},
                    [(P, 0, {"total_yuan": wan("4.80")})], types=TEXT),
    "DIS-010": Case({"fct_fixed_assets": [asset("total", "300.00"), asset("buildings", "100.00"), asset("vehicles", "150.00"),
                                          asset("other", "50.00")]},
                    [("fct_fixed_assets", 0, {"value_yuan": wan("310.00")})]),
    "DIS-020": Case({"fct_narrative_figures": [figure("project", "8105.89", "8105.89")]},
                    [("fct_narrative_figures", 0, {"amount_text": "8150.89", "amount_yuan": wan("8150.89"),
                                                   "check_status": "differs"})], types=TEXT),
    "DIS-021": Case({"fct_narrative_figures": [figure("office_operation", "120.50", None, table_id=None, check_status="no_table_figure")],
                     "fct_narrative_sentences": [sentence(convention="office_operation_is_public")],
                     "int_narrative_candidates": [{"document_id": "d1", "subject": "public", "table_id": "t1", "page": 6,
                                                   "page_row": 4, "table_index": 0, "item_name": "公用经费",
                                                   "amount_yuan": wan("120.50"), "rounding_yuan": D(50),
                                                   "placement_inferred": False}]},
                    [("int_narrative_candidates", 0, {"amount_yuan": wan("130.50")})], types={**TEXT, "table_id": "VARCHAR"}),
    "DIS-030": Case({"fct_disclosure_completeness": [
                        completeness("部门收支总表", "present"), completeness("政府性基金预算支出表", "declared_empty"),
                        completeness("政府采购预算表", "missing", required=False)]},
                    [("fct_disclosure_completeness", 1, {"status": "missing", "title_printed": False})],
                    types={"page": "BIGINT"}),
    "DIS-033": Case({"fct_disclosure_completeness": [
                        completeness("部门收支总表", "present", listed_in_contents=False),
                        completeness("政府性基金预算支出表", "declared_empty", listed_in_contents=False)]},
                    [("fct_disclosure_completeness", 1, {"status": "missing"})], types={"page": "BIGINT"}),
    "DIS-031": Case({"fct_narrative_sentences": [sentence(has_reason="yes")]},
                    [("fct_narrative_sentences", 0, {"has_reason": "no", "sentence": "2023年收入预算13932.64万元，比上年增加100.00万元。"})],
                    types=TEXT),
    "DIS-032": Case({"fct_narrative_sentences": [sentence()]},
                    [("fct_narrative_sentences", 0, {"placeholder_text": "XX", "sentence": "机关运行经费XX万元。"})],
                    checks_items_when_passing=False, types=TEXT),
}
