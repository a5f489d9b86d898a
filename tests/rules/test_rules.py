"""Every rule of the catalogue on a tiny warehouse of its own (the DATA Act broker's way): the few tables
the rule reads, a handful of consistent rows that pass, and the same rows with one printed figure changed
that fail — through the real runner (GX validation, check_failures, check_results)."""
from __future__ import annotations

import copy

import duckdb
import pytest
from cases_budget import CASES as BUDGET
from cases_disclosure import CASES as DISCLOSURE
from cases_evaluations import CASES as EVALUATIONS
from cases_targets import CASES as TARGETS
from cases_evaluations import indicator as cases_indicator
from rule_cases import Case

from expectations.catalogue import load_rules
from expectations.runner import run_rules

RULES = {rule.id: rule for rule in load_rules()}
CASES: dict[str, Case] = {**BUDGET, **DISCLOSURE, **EVALUATIONS, **TARGETS}


def _sql_type(column: str, values: list, types: dict[str, str]) -> str:
    if column in types:
        return types[column]
    value = next((v for v in values if v is not None), None)
    if isinstance(value, bool):
        return "BOOLEAN"
    if isinstance(value, int):
        return "BIGINT"
    if isinstance(value, str):
        return "VARCHAR"
    if isinstance(value, list):
        return "VARCHAR[]"
    return "DECIMAL(38, 6)"  # Decimal, or NULL in every row: an amount


def tiny_warehouse(tables: dict[str, list[dict]], types: dict[str, str]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    tables = dict(tables)
    # the runner names each failing item's document and table from these two models
    document_ids = sorted({r["document_id"] for rows in tables.values() for r in rows if r.get("document_id")})
    tables.setdefault("stg_documents", [{"document_id": d, "file_name": f"{d}.pdf"} for d in document_ids])
    table_ids = sorted({r["table_id"] for rows in tables.values() for r in rows if r.get("table_id")})
    tables.setdefault("int_tables", [{"table_id": t, "table_kind": "table", "table_title": f"表 {t}"} for t in table_ids])
    for name, rows in tables.items():
        # every mart row keeps its printed row on the page (page_row), which findings name
        rows = [{**row, "page_row": row.get("page_row", i)} if "page" in row else row for i, row in enumerate(rows)]
        columns = list(dict.fromkeys(c for row in rows for c in row)) or ["table_id", "table_kind", "table_title"]
        definition = ", ".join(f'"{c}" {_sql_type(c, [r.get(c) for r in rows], types)}' for c in columns)
        con.execute(f"CREATE TABLE {name} ({definition})")
        if rows:
            con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' for _ in columns)})",
                            [[row.get(c) for c in columns] for row in rows])
    return con


def broken(case: Case) -> dict[str, list[dict]]:
    tables = copy.deepcopy(case.tables)
    for table, index, values in case.breaks:
        tables[table][index].update(values)
    return tables


def outcome(rule_id: str, tables: dict[str, list[dict]], types: dict[str, str]):
    con = tiny_warehouse(tables, types)
    try:
        (result,) = run_rules(con, [RULES[rule_id]])
        failures = con.execute("""SELECT rule_id, severity, finding, document_id, file_name, confidence
                                  FROM check_failures""").fetchall()
        return result, failures
    finally:
        con.close()


def test_every_rule_has_a_passing_and_a_failing_case():
    assert sorted(CASES) == sorted(RULES)
    for rule_id, case in CASES.items():
        assert case.breaks, rule_id


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_consistent_rows_pass(rule_id):
    result, failures = outcome(rule_id, CASES[rule_id].tables, CASES[rule_id].types)
    assert [f for f in failures if f[2] == "mismatch"] == []
    if CASES[rule_id].checks_items_when_passing:
        assert result.items_checked > 0, "the rule checked nothing: the case does not reach it"


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_one_changed_figure_fails(rule_id):
    result, failures = outcome(rule_id, broken(CASES[rule_id]), CASES[rule_id].types)
    assert result.beyond_envelope >= 1
    mismatches = [(r, s, f, c) for r, s, f, _, _, c in failures if f == "mismatch"]
    assert mismatches and {r for r, *_ in mismatches} == {rule_id}
    for _, severity, _, confidence in mismatches:
        # a confirmed mismatch has its rule's severity; a suspected one is never more than a warning
        assert severity == (RULES[rule_id].severity if confidence == "confirmed" else "warning")
    assert all(doc and name == f"{doc}.pdf" for _, _, _, doc, name, _ in failures)   # the finding names its document


def test_summary_income_side_with_a_carryover_column():
    """A 收支总表 whose income side prints 合计 | 本年收入 | 上年结转 as columns (上年结转 read as carryover_part):
    BUD-005 checks 合计 = 本年收入 + 上年结转 on each income line; a changed 上年结转 is a mismatch."""
    from rule_cases import LINE_TYPES, line

    measures = ["current_year_income", "carryover_part", "total"]
    lines = [line("income_expenditure_summary", 1, "一、一般公共预算拨款收入", side="income", total="110.00",
                  current_year_income="100.00", carryover_part="10.00", table_measures=measures),
             line("income_expenditure_summary", 2, "一、一般公共服务支出", side="expenditure", total="110.00",
                  table_measures=measures)]
    result, failures = outcome("BUD-005", {"int_budget_line_measures": lines}, LINE_TYPES)
    assert (result.items_checked, failures) == (1, [])
    lines[0]["carryover_part"] *= 2
    result, failures = outcome("BUD-005", {"int_budget_line_measures": lines}, LINE_TYPES)
    assert [f[:3] for f in failures] == [("BUD-005", "error", "mismatch")]


def test_income_side_printing_no_grand_total_is_not_checkable():
    """An income side printing 本年收入 | 上年结转结余 without a 合计 column has no 收入总计 figure: BUD-001 has
    nothing to compare with 支出总计 — not checkable, never a mismatch."""
    from rule_cases import LINE_TYPES, line

    measures = ["carryover_part", "current_year_income", "total"]
    lines = [line("income_expenditure_summary", 34, "收入总计", side="income", line_type="total",
                  current_year_income="100.00", carryover_part="10.00", table_measures=measures),
             line("income_expenditure_summary", 34, "支出总计", side="expenditure", line_type="total", total="110.00",
                  table_measures=measures)]
    result, failures = outcome("BUD-001", {"int_budget_line_measures": lines}, LINE_TYPES)
    assert (result.items_checked, result.not_checkable, failures) == (0, 1, [])


def test_figures_placed_by_the_identities_are_not_checked_by_them():
    """A raw text row whose figures were placed by the table's own identities (placed_by 'identity', unparsed):
    BUD-010 / BUD-011 never report on it, as parent or as child (it could not fail: it was placed so), and
    it is not an unreadable cell (BUD-090)."""
    from rule_cases import CELL_TYPES, cell

    def placed(*args, **kwargs):
        return cell(*args, **kwargs, unparsed=True, placed_by="identity")

    as_parent = [placed(1, "科学技术支出", "300.00", code="206", level="类"),
                 cell(2, "科学技术管理事务", "100.00", code="20601", level="款", parent_line_no=1),
                 cell(3, "基础研究", "250.00", code="20602", level="款", parent_line_no=1)]
    as_child = [cell(1, "科学技术支出", "300.00", code="206", level="类"),
                placed(2, "科学技术管理事务", "100.00", code="20601", level="款", parent_line_no=1),
                cell(3, "基础研究", "250.00", code="20602", level="款", parent_line_no=1)]
    for cells in (as_parent, as_child):
        result, failures = outcome("BUD-010", {"int_budget_cells": cells}, CELL_TYPES)
        assert (result.items_checked, failures) == (0, [])
    total = [placed(0, "合计", "300.00", line_type="total"),
             cell(1, "科学技术支出", "100.00", code="206", level="类", line_type="classified"),
             cell(2, "社会保障和就业支出", "250.00", code="208", level="类", line_type="classified")]
    result, failures = outcome("BUD-011", {"int_budget_cells": total}, CELL_TYPES)
    assert (result.items_checked, failures) == (0, [])
    result, failures = outcome("BUD-090", {"int_budget_cells": as_parent}, CELL_TYPES)
    assert failures == []


@pytest.mark.parametrize("rule_id", ["BUD-030", "BUD-031", "BUD-032", "BUD-033", "BUD-034"])
def test_no_cross_table_comparison_rests_on_figures_placed_by_identities(rule_id):
    """A table whose raw-text figures were placed by its own identities (table_placement_inferred) is left out
    of every comparison with another table: the changed figure that fails the rule finds nothing."""
    tables = broken(CASES[rule_id])
    for row in tables["int_budget_line_measures"]:
        row["table_placement_inferred"] = True
    result, failures = outcome(rule_id, tables, CASES[rule_id].types)
    assert result.items_checked == 0 and not failures


def test_office_operation_differing_only_from_lines_placed_by_identities_is_not_checkable():
    """DIS-021 compares 机关运行经费 with the 公用经费 line; when that line's table had its figures placed by its own
    identities (raw-text exports), the difference is not checkable, never a mismatch (DIS-020's counterpart is the
    dbt unit test of fct_narrative_figures)."""
    tables = broken(CASES["DIS-021"])
    for row in tables["int_narrative_candidates"]:
        row["placement_inferred"] = True
    result, failures = outcome("DIS-021", tables, CASES["DIS-021"].types)
    assert result.items_checked == 0 and result.not_checkable == 1 and not failures


def test_a_points_block_whose_rows_print_different_level1_labels_is_not_checkable():
    """Seed 001's export shifts cells: rows of 产出指标（50分） print 时效 指标 in the 一级 column. Which rows the
    50 points cover is then uncertain: not checkable, never 50 vs 30."""
    tables = {"fct_evaluation_indicators": [
        cases_indicator("i1", "30", "30"),
        cases_indicator("i2", "10", "10", level1_text="时效 指标", level1_points=None, level1_points_rounding=None),
        cases_indicator("i3", "10", "10", level1_text="成本 指标", level1_points=None, level1_points_rounding=None)]}
    result, failures = outcome("EVA-003", tables, {"description": "VARCHAR", "deviation_reason": "VARCHAR"})
    assert result.items_checked == 0 and result.not_checkable == 1 and not failures


@pytest.mark.parametrize("rule_id", ["EVA-001", "EVA-002"])
def test_a_form_whose_indicator_columns_were_read_one_off_is_not_checked(rule_id):
    """Seed 001's text export shifts 表11's indicator header: 一级 reads 绩效指标, a 分值 reads 142 (Σ分值 222). The
    sums of such a form would report figures the page does not print, so the form is left unchecked."""
    tables = broken(CASES[rule_id])
    for row in tables["fct_self_evaluations"]:
        row["indicator_columns_shifted"] = True
    result, failures = outcome(rule_id, tables, CASES[rule_id].types)
    assert result.items_checked == 0 and not failures


def test_a_form_with_header_columns_it_did_not_read_has_no_missing_reason_finding():
    """EVA-008: a form whose indicator header printed a column the reader did not settle (an unknown label,
    two 得分 columns) may print the 偏差原因 there: its shortfalls are not reported as reasons missing."""
    tables = broken(CASES["EVA-008"])
    for row in tables["fct_self_evaluations"]:
        row["unread_columns"] = "情况说明"
    result, failures = outcome("EVA-008", tables, CASES["EVA-008"].types)
    assert result.items_checked == 0 and not failures


def test_a_level_a_row_kept_whole_may_hold_is_not_checkable():
    """TGT-001: a project where no 满意度 indicator was read, but which has a raw text row kept whole whose 一级 the
    reader could not tell (cells_certain false): that row may be the 满意度 one — not checkable, never a finding.
    TGT-090 does not count such a row as an unreadable target (TGT-091 lists it)."""
    from cases_targets import I, TEXT, UNSPLIT, indicator

    tables = broken(CASES["TGT-001"])      # the 满意度 row printed as a 效益 one
    tables[I].append(indicator("i5", None, None, None) | UNSPLIT)
    result, failures = outcome("TGT-001", tables, TEXT)
    assert (result.not_checkable, failures) == (1, [])
    result, failures = outcome("TGT-090", tables, TEXT)
    assert [f for f in failures if f[2] == "mismatch"] == []


def test_project_amounts_printed_finer_than_a_cent_are_not_a_mismatch_of_their_stored_cents():
    """北京水务局 prints 万元 with six decimals; with no unit found they are 元 with six decimals, stored to the cent:
    113.875 = 100.0004 + 13.8746 prints true, but the stored 113.88 ≠ 100.00 + 13.87. The cents each term was
    rounded to are part of the envelope: never a mismatch; a difference of a whole cent more still is one."""
    from cases_targets import project
    from rule_cases import D

    def outcome_for(amount):
        tables = {"dim_projects": [project(amount_text=amount, amount_yuan=D(amount).quantize(D("0.01")),
                                           fiscal_yuan=D("100.00"), other_yuan=D("13.87"))],
                  "int_target_projects": [{"project_key": "p1", "amount_decimals": 4, "unit_multiplier": 1}]}
        return outcome("TGT-003", tables, CASES["TGT-003"].types)

    result, failures = outcome_for("113.8750")
    assert result.items_checked == 1 and [f[2] for f in failures] in ([], ["rounding"])
    result, failures = outcome_for("113.9050")
    assert [f[:3] for f in failures] == [("TGT-003", "error", "mismatch")]


def test_a_summary_printing_no_grand_total_line_balances_its_closing_totals():
    """江苏's, 福建's and 重庆's 收支总表 print no 总计: each side closes with 收入合计 | 支出合计, their grand totals;
    江苏's expenditure printed by 功能分类 and by 支出用途 prints the figure in its second view only. BUD-001 compares
    them (本年收入合计 / 当年支出小计 are no grand totals); where a 总计 is printed, 合计 lines are not compared."""
    from rule_cases import LINE_TYPES, line

    def table(expenditure_total):
        return [line("income_expenditure_summary", 20, "当年收入小计", side="income", line_type="total", total="100.00"),
                line("income_expenditure_summary", 22, "收入合计", side="income", line_type="total", total="100.00"),
                line("income_expenditure_summary", 23, "支出合计", side="expenditure", line_type="total", total=None),
                line("income_expenditure_summary", 24, "支出合计", side="expenditure_2", line_type="total",
                     total=expenditure_total)]

    result, failures = outcome("BUD-001", {"int_budget_line_measures": table("100.00")}, LINE_TYPES)
    assert (result.items_checked, result.not_checkable, failures) == (1, 0, [])
    result, failures = outcome("BUD-001", {"int_budget_line_measures": table("101.00")}, LINE_TYPES)
    assert [f[:3] for f in failures] == [("BUD-001", "error", "mismatch")]
    printed_grand_total = table("101.00") + [
        line("income_expenditure_summary", 30, "收入总计", side="income", line_type="total", total="110.00"),
        line("income_expenditure_summary", 30, "支出总计", side="expenditure", line_type="total", total="110.00")]
    result, failures = outcome("BUD-001", {"int_budget_line_measures": printed_grand_total}, LINE_TYPES)
    assert (result.items_checked, failures) == (1, [])


@pytest.mark.parametrize("rule_id", ["BUD-020", "BUD-034"])
def test_a_figure_printed_on_two_rows_names_the_first_whatever_the_row_order(rule_id):
    """A “三公” figure the rule takes from several printed rows holding the same amount (BUD-034: the largest
    公务接待费; BUD-020: the 合计 row) names the first printed of them, in whatever order the rows reach the rule.
    With a plain arg_max the finding named one row or the other from one build to the next (seen at 10,000
    documents: 1,013 BUD-034 findings changed their row between two runs of the same code)."""
    from rule_cases import LINE_TYPES

    tables = broken(CASES[rule_id])
    rows = tables["int_budget_line_measures"]
    first = next(row for row in rows if row["table_kind"] == "three_public" and row["line_type"] == "total")
    repeated = {**first, "line_no": 9, "page_row": 9, "line_type": "total"}
    named = set()
    for order in (rows + [repeated], [repeated] + rows[::-1]):
        con = tiny_warehouse({"int_budget_line_measures": order}, LINE_TYPES)
        try:
            run_rules(con, [RULES[rule_id]])
            named |= set(con.execute("SELECT page_row FROM check_failures WHERE finding = 'mismatch'").fetchall())
        finally:
            con.close()
    assert named == {(first["page_row"],)}
