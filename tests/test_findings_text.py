"""Findings read by a finance officer: Chinese first, advice, values in the unit of their kind, items as printed."""
from decimal import Decimal

from conftest import query
from expectations.report import (Document, ReportData, format_value, page_name, place_label, read_report_data,
                                  render_document, render_index)
from orchestration.alerts import DocumentAlert, collect_alerts, render_text


def test_values_print_with_the_unit_of_their_kind():
    assert format_value(Decimal("113100.00"), "money", "万元") == "11.31 万元"
    assert format_value(Decimal("13583000.00"), "money", "元") == "13,583,000.00 元"
    assert format_value(Decimal("50.00"), "money", "万元") == "0.005 万元"        # half a unit, exact
    assert format_value(Decimal("2700.00"), "money", "万元", signed=True) == "+0.27 万元"
    assert format_value(Decimal("12.00"), "money", None) == "12.00 元"            # unit not printed: 元
    assert format_value(Decimal("98.10"), "score", "分") == "98.1 分"
    assert format_value(Decimal("-10.00"), "score", "分", signed=True) == "-10 分"
    assert format_value(Decimal("94.02"), "rate", "%") == "94.02%"
    assert format_value(Decimal("1.00"), "count", "项") == "1 项"
    assert format_value(None, "rate", "%") == "—"
    assert place_label(5, 11) == "第 5 页表内第 12 行" and place_label(5, None) == "第 5 页" and place_label(None, 3) == "—"


def test_the_index_links_each_document_and_shows_findings_across_documents():
    """A finding of no one document (a rule across documents; none in the catalogue today) is on the index; each
    document's line links its page, named by its id (any other id by a digest: no path or markup in a name)."""
    failure = {"rule_id": "X-001", "severity": "error", "rule_title": "across", "document_id": None, "file_name": None,
               "page": None, "table_id": None, "table_kind": None, "table_title": None, "item": "两份文件的合计",
               "expected": Decimal("1.00"), "actual": Decimal("2.00"), "difference": Decimal("1.00"),
               "tolerance": Decimal("0.01"), "finding": "mismatch", "finding_id": "00112233aabbccdd"}
    documents = [Document("0123456789abcdef", "a.pdf", status="loaded"),
                 Document("../../x", "b.pdf", status="quarantined", reason_code="corrupt", reason="损坏")]
    index = render_index(ReportData(documents, [], True, [failure]))
    assert '<a href="documents/0123456789abcdef.html">a.pdf</a>' in index
    assert page_name("../../x").startswith("id-") and f'<a href="documents/{page_name("../../x")}">b.pdf</a>' in index
    assert "<code>corrupt</code> 损坏" in index   # the quarantined document's reason on its line
    section = index.split("跨文件的勾稽关系问题", 1)[1]
    assert 'id="f-00112233aabbccdd"' in section and "两份文件的合计" in section
    assert "跨文件" not in render_index(ReportData(documents, [], True))


def test_demo_findings_carry_chinese_titles_advice_and_units(sample_warehouse):
    rows = query(sample_warehouse, """SELECT rule_id, value_kind, value_unit, rule_title_zh, advice_zh
                                      FROM check_failures""")
    assert rows
    for rule_id, kind, unit, title, advice in rows:
        assert title and advice, rule_id
        expected_unit = {"score": "分", "rate": "%"}.get(kind)
        if expected_unit:
            assert unit == expected_unit, rule_id
        if kind == "money":
            assert unit in ("元", "千元", "万元", "亿元"), rule_id
    kinds = {r[0]: r[1] for r in rows}
    assert kinds["EVA-001"] == "score" and kinds["TGT-001"] == "count" and kinds["DIS-010"] == "money"


def test_items_name_what_is_printed_never_internal_keys(sample_warehouse):
    items = [i for (i,) in query(sample_warehouse, "SELECT item FROM check_failures")]
    internal = ("expenditure_total", "income_total", "general_budget", "three_public", "_yuan")
    assert not [i for i in items if any(k in i for k in internal)]
    # budget-line findings give the printed row on the page
    rows = query(sample_warehouse, """SELECT count(*), count(page_row) FROM check_failures
                                      WHERE rule_id IN ('BUD-003', 'BUD-004', 'BUD-010', 'BUD-011')""")
    assert rows[0][0] == rows[0][1]


def test_report_shows_scores_in_points_and_advice(sample_warehouse):
    page = "".join(render_document(d) for d in read_report_data(str(sample_warehouse)).documents)
    # seed 001's 表11: 总分 98.10 printed, the parts add up to 88.10
    assert "98.1 分" in page and "88.1 分" in page and "98.10 元" not in page
    assert "处理建议：核对总分与各指标得分" in page
    assert "总分等于各项得分之和" in page


def test_alert_text_never_shows_a_department_that_is_unknown(sample_warehouse):
    alerts = collect_alerts(str(sample_warehouse))
    assert alerts
    for alert in alerts:
        text = render_text(alert, "run-1")
        assert "部门 department:" not in text
        if alert.department_name is None:
            assert "部门" not in text.split("文档编号")[0]
    unknown = DocumentAlert("d1", "x.pdf", None, 2024, alerts[0].failures)
    head = render_text(unknown, "run-1").split("文档编号")[0]
    assert "2024 年度" in head and "部门" not in head
