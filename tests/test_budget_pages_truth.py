"""决算 and older-year budget tables, figure by figure, against the printed pages (tests/data/budget_pages_truth.json).

The corpus truth (tests/data/corpus_truth.json) holds three totals per document; these pages were read by hand
whole (the figures of every row listed, and the cells printed blank): 佛山 2019 部门决算 (收入支出决算总表 over
three pages, 支出决算表, 财政拨款收入支出决算总表, 一般公共预算财政拨款支出/基本支出决算表, “三公” 决算表 printing 预算数 beside 决算数),
上海 普陀 2024 部门决算 ×2 (blank for zero, 合计 first or last, wrapped names, 基本支出决算表 in two blocks, “三公” 预算数 | 决算数 per part,
财政拨款收入支出决算总表) and 江苏 2017 / 2018 预算 (收支预算总表 printing the expenditure by 功能分类 and by
支出用途, 收入预算总表 naming its lines in two columns, 支出预算总表 without a label column, “三公”经费、会议费、培训费表). Each printed figure must be in
fct_budget_lines on its page, on its line, with its column's measure and basis, exactly; a blank cell holds none.
"""
import pytest

from budget_pages import TRUTH, compare_page
from conftest import query

CASES = [pytest.param(name, entry, id=f"{name[:8]}-p{entry['page']}")
         for name, entries in TRUTH["documents"].items() for entry in entries]


@pytest.mark.parametrize("file_name, entry", CASES)
def test_every_figure_of_a_hand_read_page_is_held_as_printed(file_name, entry, corpus_warehouse):
    result = compare_page(lambda sql, params: query(corpus_warehouse, sql, params), file_name, entry)
    assert {field: wrong for field, (_, wrong) in result.items() if wrong} == {}


def test_the_pages_cover_several_documents_and_forms():
    entries = [(name, e) for name, es in TRUTH["documents"].items() for e in es]
    assert len(entries) >= 15 and len(TRUTH["documents"]) >= 5
    assert {e["table_kind"] for _, e in entries} >= {"income_expenditure_summary", "expenditure_summary", "fiscal_grant_summary",
                                                     "general_budget_expenditure", "general_budget_basic_expenditure",
                                                     "three_public"}
