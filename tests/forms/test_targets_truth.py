"""绩效目标表 / 自评表 facts, value by value, against the printed pages (tests/data/targets_truth.json).

Each entry of the truth is one printed page of a real document (both corpora: 65 pages, 25 documents of 14 cities
and a central bureau, several producers: ruled grids with a project block, lists printing the project on every row, 部门整体 tables
(funding blocks, task lists whose 金额合计 is the department's money), 转移支付 tables, 指标名称 | 指标性质 | 指标值 | 计量单位
grids, 指标内容 grids, a packed one-row-per-project table, lists of projects and goals without indicators (浙江 表11, 广东
表12, 深圳), continuation pages, a blank template page, a 部门整体绩效自评表).
It was read by hand from the page (its text, and the words' positions where a cell was not obvious) and lists
what the page prints: each project's name, amount and unit, and per indicator row its 一级 / 二级 / 三级 text, its
target as printed with the operator, value and unit it states, its 分值 / 指标权重; on a 自评表 also the actual value,
分值 and 得分. Every listed row must be in the marts with its page, exactly, and the page must hold no other row.
A page's "evaluations" list the projects a 自评表 (or a 决算's score list: 佛山 p29) prints with its form-level figures
(年初 / 全年预算 / 执行数, 执行率, the funds' 分值 and 得分, the stated total), as fct_self_evaluations must hold them.

Rows marked "flagged" are rows the page prints but the reader cannot place with certainty: they must be kept and
flagged (cells_certain false, no 一级 guessed) with their other cells exact (none is left: 北京 p136's one 一级 cell
printing the labels of 13 rows is now seated row by row, each label confirmed by the row's own 二级). Columns named in a row's "unchecked" are still read differently from the print; its
"left" says why (the row's other columns are asserted).
"""
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import query

pytestmark = pytest.mark.corpus

TRUTH = json.loads((Path(__file__).parent.parent / "data" / "targets_truth.json").read_text(encoding="utf-8"))
TARGET_COLUMNS = ("level1", "level2", "level3", "target", "operator", "value", "unit", "weight")
EVALUATION_COLUMNS = TARGET_COLUMNS[:-1] + ("actual", "weight", "score")


def squash(text) -> str:
    """Text as compared: the spaces a PDF puts between glyphs are not printed characters."""
    return re.sub(r"\s+", "", text or "")


def figure(value) -> str:
    return "" if value is None else format(Decimal(value).normalize(), "f")


# One test per corpus, each asking for its own warehouse only: a test asking for both would put the real corpus'
# warehouse in the wide one's worker group, building it twice per CI run (tests/conftest.py, xdist groups).
def pages_of(corpus: str, having: str | None = None) -> list:
    """The hand-read pages of one corpus (those with `projects` or `evaluations` read, when `having` names it)."""
    pages = [e for e in TRUTH["pages"] if e["corpus"] == corpus and (having is None or e.get(having))]
    return [pytest.param(e, id=f"{e['file'][:14]}-p{e['page']}") for e in pages]


def page_rows(db, entry) -> list[tuple]:
    rows = query(db, """
        SELECT i.source_form, i.level1_text, i.level2_text, i.level3_text, i.target_text, i.target_operator, i.target_value,
               i.target_unit, i.actual_text, i.weight, i.score, i.cells_certain, i.level1
        FROM fct_performance_indicators i JOIN dim_documents d USING (document_id)
        WHERE d.file_name = ? AND i.page = ? ORDER BY i.project_key, i.line_no""", [entry["file"], entry["page"]])
    out = []
    for form, l1, l2, l3, target, operator, value, unit, actual, weight, score, certain, level1 in rows:
        printed = (squash(l1), squash(l2), squash(l3), squash(target), operator or "", figure(value), unit or "")
        if form == "self_evaluations":
            printed += (squash(actual), figure(weight), figure(score))
        else:
            printed += (figure(weight),)
        out.append((printed, certain is not False, level1))   # self-evaluation rows carry no cells_certain: read certain
    return out


def expected_rows(entry) -> list[tuple]:
    """(cells as the mart must hold them, None where not asserted; cells_certain; whether 一级 must be blank)."""
    columns = EVALUATION_COLUMNS if entry["form"] == "self_evaluations" else TARGET_COLUMNS
    out = []
    for row in entry["rows"]:
        printed = row["printed"]
        assert len(printed) == len(columns), (entry["file"], entry["page"], row)
        cells = [squash(c) if columns[k] in ("level1", "level2", "level3", "target", "actual") else c
                 for k, c in enumerate(printed)]
        for name in row.get("unchecked", []):
            cells[columns.index(name)] = None   # read differently from the print: "left" says why
        if row.get("flagged"):
            cells[0] = ""   # kept whole and flagged: the 一级 the cell cannot give is blank, never guessed
        out.append((tuple(cells), not row.get("flagged"), bool(row.get("flagged"))))
    return out


def matches(expected, held) -> bool:
    cells, certain, level1_blank = expected
    return all(e is None or e == h for e, h in zip(cells, held[0])) and held[1] == certain \
        and (not level1_blank or held[2] is None)


@pytest.mark.parametrize("entry", pages_of("real"))
def test_every_printed_row_of_the_real_corpus_is_in_the_mart_with_its_page(entry, corpus_warehouse):
    assert_rows_as_printed(corpus_warehouse, entry)


@pytest.mark.parametrize("entry", pages_of("wide"))
def test_every_printed_row_of_the_wide_corpus_is_in_the_mart_with_its_page(entry, corpus_wide_warehouse):
    assert_rows_as_printed(corpus_wide_warehouse, entry)


def assert_rows_as_printed(db, entry):
    held = page_rows(db, entry)
    unused = list(held)
    missing = []
    for expected in expected_rows(entry):
        found = next((h for h in unused if matches(expected, h)), None)
        if found is None:
            missing.append(expected[0])
        else:
            unused.remove(found)
    assert missing == [], f"{entry['file']} p{entry['page']}: rows printed but not held as printed"
    assert [h[0] for h in unused] == [], f"{entry['file']} p{entry['page']}: rows held that the page does not print"


@pytest.mark.parametrize("entry", pages_of("real", having="projects"))
def test_every_printed_project_of_the_real_corpus_is_in_the_mart_with_its_page(entry, corpus_warehouse):
    assert_projects_as_printed(corpus_warehouse, entry)


@pytest.mark.parametrize("entry", pages_of("wide", having="projects"))
def test_every_printed_project_of_the_wide_corpus_is_in_the_mart_with_its_page(entry, corpus_wide_warehouse):
    assert_projects_as_printed(corpus_wide_warehouse, entry)


def assert_projects_as_printed(db, entry):
    held = query(db, """
        SELECT p.project_name, p.amount_text, p.unit, p.amount_yuan FROM dim_projects p JOIN dim_documents d USING (document_id)
        WHERE d.file_name = ? AND p.page = ? ORDER BY p.page_row""", [entry["file"], entry["page"]])
    multiplier = {"元": 1, "千元": 1000, "万元": 10000}
    expected = []
    for project in entry["projects"]:
        amount = re.sub(r"(万元|千元|元)$", "", project["amount"].replace(",", ""))
        yuan = Decimal(amount) * multiplier[project["unit"]] if amount else None
        expected.append((project["name"], project["amount"], project["unit"] if amount else None, yuan))
    assert [(n, a or "", u if a else None, y) for n, a, u, y in held] == expected


def test_the_truth_covers_many_documents_and_pages():
    files = {e["file"] for e in TRUTH["pages"]}
    assert len(files) >= 12 and len(TRUTH["pages"]) >= 30
    assert {e["corpus"] for e in TRUTH["pages"]} == {"real", "wide"}   # each page is asserted by one test above
    assert sum(len(e["rows"]) for e in TRUTH["pages"]) >= 300


# 自评表 projects (and a 决算's score list): the form-level figures fct_self_evaluations holds for each printed project.
@pytest.mark.parametrize("entry", pages_of("real", having="evaluations"))
def test_every_self_evaluated_project_of_the_real_corpus_is_held_as_printed(entry, corpus_warehouse):
    assert_evaluations_as_printed(corpus_warehouse, entry)


@pytest.mark.parametrize("entry", pages_of("wide", having="evaluations"))
def test_every_self_evaluated_project_of_the_wide_corpus_is_held_as_printed(entry, corpus_wide_warehouse):
    assert_evaluations_as_printed(corpus_wide_warehouse, entry)


def assert_evaluations_as_printed(db, entry):
    held = query(db, """
        SELECT e.project_name, e.funds_initial_yuan, e.funds_full_year_yuan, e.funds_executed_yuan,
               e.execution_rate_printed, e.fund_weight, e.fund_score, e.stated_total_score
        FROM fct_self_evaluations e JOIN dim_documents d USING (document_id)
        WHERE d.file_name = ? AND e.page = ? ORDER BY e.project_key""", [entry["file"], entry["page"]])
    multiplier = {"元": 1, "千元": 1000, "万元": 10000}

    def points(v):
        return None if v in (None, "") else figure(v)

    got = [(squash(name), initial, full_year, executed, *map(points, rest))
           for name, initial, full_year, executed, *rest in held]
    want = [(squash(e["project"]), *(Decimal(e[k]) * multiplier[e.get("unit", "万元")] if e[k] else None
                                     for k in ("initial", "full_year", "executed")),
             *map(points, (e["rate"], e["weight"], e["score"], e["total_score"]))) for e in entry["evaluations"]]
    assert got == want
