"""The budget identities on small lines shaped like the real ones, without building a warehouse:
what a rule checks, what it leaves alone as not checkable, and that a blank is never a 0.00.

Each rule's SQL runs on a tiny `int_budget_line_measures` / `int_budget_cells` made here; a row
of its result is an item checked (expected vs actual), no row means not checked.
"""
from decimal import Decimal

import duckdb
import pytest

from expectations.catalogue import load_rules

MEASURES = ["total", "basic", "project", "operating", "remit_to_superior", "subsidy_to_affiliates", "reserve",
            "personnel", "public", "carryover", "carryover_part", "current_year_income", "special_account",
            "general_budget", "government_fund", "state_capital", "fiscal_grant", "business_income", "operating_income",
            "superior_subsidy", "affiliate_remittance", "other_income", "non_fiscal_balance", "outbound_travel",
            "vehicles", "vehicle_purchase", "vehicle_operation", "reception", "three_public_subtotal", "meetings", "training"]
RULES = {r.id: r for r in load_rules()}


def line(table_kind, item, measures, table_measures, line_no=1, side=None, code=None, line_type="item", unparsed=False):
    row = {"document_id": "d", "table_id": "t", "table_kind": table_kind, "line_no": line_no, "side": side,
           "basis": "budget", "page": 3, "code": code, "level": None, "parent_code": None, "item_name": item,
           "item_key": item, "line_type": line_type, "table_measures": table_measures, "has_unparsed": unparsed,
           "page_row": line_no}
    for m in MEASURES:
        value = measures.get(m)
        row[m] = None if value is None else Decimal(value)
        row[m + "_rounding"] = Decimal("0.005") if value is not None else Decimal(0)
    return row


def checked(rule_id, lines, cells=()):
    """The items the rule compares (expected, actual) on these lines."""
    con = duckdb.connect()
    columns = list(lines[0])
    types = {"line_no": "BIGINT", "page": "BIGINT", "page_row": "BIGINT", "table_measures": "VARCHAR[]", "has_unparsed": "BOOLEAN"}
    types.update({m: "DECIMAL(38, 2)" for m in MEASURES})
    types.update({m + "_rounding": "DECIMAL(38, 6)" for m in MEASURES})
    con.execute("CREATE TABLE int_budget_line_measures (" + ", ".join(f"{c} {types.get(c, 'VARCHAR')}" for c in columns) + ")")
    con.executemany(f"INSERT INTO int_budget_line_measures VALUES ({', '.join('?' for _ in columns)})",
                    [[r[c] for c in columns] for r in lines])
    con.execute("""CREATE TABLE int_budget_cells (document_id VARCHAR, table_id VARCHAR, table_kind VARCHAR, line_no BIGINT,
                   side VARCHAR, page BIGINT, code VARCHAR, level VARCHAR, parent_line_no BIGINT, item_name VARCHAR,
                   line_type VARCHAR, column_no BIGINT, column_label VARCHAR, measure VARCHAR, basis VARCHAR,
                   value_text VARCHAR, unparsed BOOLEAN, amount_yuan DECIMAL(38, 2), rounding_yuan DECIMAL(38, 6), page_row BIGINT)""")
    for c in cells:
        con.execute("INSERT INTO int_budget_cells VALUES (?, ?, ?, ?, NULL, 3, ?, ?, ?, ?, ?, ?, ?, ?, 'budget', ?, ?, ?, 0.005, NULL)",
                    ["d", "t", "general_budget_basic_expenditure", *c])
    body = "\n".join(l for l in RULES[rule_id].sql.splitlines() if not l.strip().startswith("--"))
    return [(e, a) for e, a in con.execute(f"SELECT expected, actual FROM ({body}\n)").fetchall()]


EXPENDITURE = ["total", "basic", "project"]


def test_a_subtotal_printed_zero_beside_parts_is_checked_but_a_blank_one_is_not():
    printed_zero = line("expenditure_summary", "行政运行", {"total": "0.00", "basic": "12.00", "project": "3.00"}, EXPENDITURE)
    assert checked("BUD-003", [printed_zero]) == [(Decimal("0.00"), Decimal("15.00"))]
    blank = line("expenditure_summary", "行政运行", {"basic": "12.00", "project": "3.00"}, EXPENDITURE)
    assert checked("BUD-003", [blank]) == []
    # a blank part adds nothing: 合计 15 with 基本 15 and 项目 blank is checked and agrees
    assert checked("BUD-003", [line("expenditure_summary", "行政运行", {"total": "15.00", "basic": "15.00"}, EXPENDITURE)]) == \
        [(Decimal("15.00"), Decimal("15.00"))]


def test_a_table_with_an_unmapped_column_is_not_summed():
    """人员类 beside 合计 and 项目支出: the unplaced column may be a part, so the row sum is not checkable."""
    row = line("expenditure_summary", "行政运行", {"total": "15.00", "project": "3.00"}, ["total", "project", "unmapped"])
    assert checked("BUD-003", [row]) == []
    income = line("income_summary", "合计", {"total": "20.00", "general_budget": "15.00"}, ["total", "general_budget", "unmapped"])
    assert checked("BUD-005", [income]) == []


def test_a_line_with_an_unreadable_cell_is_not_checked():
    row = line("expenditure_summary", "行政运行", {"total": "15.00", "basic": "12.00"}, EXPENDITURE, unparsed=True)
    assert checked("BUD-003", [row]) == []


def test_carried_over_money_is_not_a_current_year_source():
    """上年结转结余 / 一般公共预算 is part of the carry-over: 合计 = 本年收入 + 上年结转 (parts summed when no 小计)."""
    measures = ["total", "general_budget", "carryover_part"]
    row = line("income_summary", "合计", {"total": "20.00", "general_budget": "15.00", "carryover_part": "5.00"}, measures)
    assert checked("BUD-005", [row]) == [(Decimal("20.00"), Decimal("20.00"))]


def test_basic_expenditure_blank_is_not_zero():
    measures = ["total", "personnel", "public"]
    blank_total = line("general_budget_basic_expenditure", "工资福利支出", {"personnel": "88.00"}, measures)
    assert checked("BUD-004", [blank_total]) == []
    zero_total = line("general_budget_basic_expenditure", "工资福利支出", {"total": "0.00", "personnel": "88.00"}, measures)
    assert checked("BUD-004", [zero_total]) == [(Decimal("0.00"), Decimal("88.00"))]


def summary(lines):
    return [line("income_expenditure_summary", item, {"total": amount} if amount else {}, ["total"], line_no=n,
                 side="income", line_type="total" if "总计" in item else "item")
            for n, (item, amount) in enumerate(lines, start=1)]


def test_grand_total_adds_known_balance_lines_and_leaves_unknown_ones_unchecked():
    """西安 prints 上年实户资金余额 between 本年收入合计 and 收入总计."""
    known = summary([("本年收入合计", "936647884.33"), ("上年实户资金余额", "7217115.63"), ("收入总计", "943864999.96")])
    assert checked("BUD-002", known) == [(Decimal("943864999.96"), Decimal("943864999.96"))]
    unknown = summary([("本年收入合计", "100.00"), ("某某调入资金", "5.00"), ("收入总计", "105.00")])
    assert checked("BUD-002", unknown) == []
    blank_total = summary([("本年收入合计", "100.00"), ("上年结转", "5.00"), ("收入总计", None)])
    assert checked("BUD-002", blank_total) == []


def test_parent_code_with_an_unreadable_child_is_not_checked():
    """西安's 20805 = 2080505 + 2080506, where the 2080505 cell reads '支 2947399.16'."""
    parent = ("20805", "款", None, "行政事业单位养老支出", "classified", 3, "合计", "total", "4421098.77", False, Decimal("4421098.77"))
    child_1 = ("2080505", "项", 1, "机关事业单位基本养老保险缴费", "classified", 3, "合计", "total", "支 2947399.16", True, None)
    child_2 = ("2080506", "项", 1, "机关事业单位职业年金缴费支出", "classified", 3, "合计", "total", "1473699.61", False, Decimal("1473699.61"))
    rows = [line("general_budget_basic_expenditure", "x", {}, ["total"])]
    cells = [(1,) + parent, (2,) + child_1, (3,) + child_2]
    assert checked("BUD-010", rows, cells) == []
    readable = (2,) + child_1[:8] + ("2947399.16", False, Decimal("2947399.16"))
    assert checked("BUD-010", rows, [(1,) + parent, readable, (3,) + child_2]) == [(Decimal("4421098.77"), Decimal("4421098.77"))]


@pytest.mark.parametrize("rule_id", ["BUD-003", "BUD-004", "BUD-005", "BUD-006", "BUD-007"])
def test_summing_rules_skip_tables_with_unmapped_columns(rule_id):
    assert "unmapped" in RULES[rule_id].sql
