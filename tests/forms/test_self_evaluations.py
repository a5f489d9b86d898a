"""The self-evaluation form on samples generated from seed 001 (PDF with wrapped headers and
forms split over pages; XLSX with merged cells), and its title rules."""
import json
import re

import pytest

from conftest import SAMPLES
from extract.forms import budget_tables, self_evaluations
from extract.readers import read_document

FACTS = json.loads((SAMPLES / "facts" / "evaluations_seed001.json").read_text(encoding="utf-8"))
SAMPLE_FILES = ["seed001_evaluations.pdf", "seed001_evaluations.xlsx"]


def squash(text):
    return re.sub(r"\s+", "", text or "")


@pytest.fixture(scope="module", params=SAMPLE_FILES)
def extracted(request):
    return request.param, self_evaluations.extract(read_document(str(SAMPLES / request.param)))


@pytest.mark.parametrize("title,kind", [
    ("自治区项目支出绩效自评表", "regional_project"),
    ("中央转移支付区域（项目）绩效目标自评表", "central_transfer"),
    ("部门整体支出绩效自评表", "department_overall"),
    ("2024年度项目支出绩效自评表", "project"),
    ("项目支出绩效目标表", None),          # targets: another form
    ("部门整体支出绩效目标表", None),
    ("一般公共预算财政拨款支出决算表", None),
    ("我部门组织对7个项目开展绩效自评，其中一级项目6个，二级项目1个，共涉及资金940.15万元，占一般公共预算项目支出总额的100%", None),
])
def test_titles(title, kind):
    assert self_evaluations.classify(title) == kind


@pytest.mark.parametrize("title", ["自治区项目支出绩效自评表", "中央转移支付区域（项目）绩效目标自评表", "部门整体支出绩效自评表"])
def test_budget_tables_form_does_not_claim_self_evaluations(title):
    assert budget_tables.classify(title) is None


def test_budget_sample_has_no_self_evaluation():
    out = self_evaluations.extract(read_document(str(SAMPLES / "seed002_budget_grid.pdf")))
    assert out["evaluation_tables"] == [] and out["evaluation_indicators"] == []


def test_every_form_lands_with_its_project_and_totals(extracted):
    name, out = extracted
    tables = out["evaluation_tables"]
    assert [t["table_kind"] for t in tables] == ["regional_project", "central_transfer"] + ["regional_project"] * 11
    assert [squash(t["project_name"]) for t in tables] == [squash(t["project"]) for t in FACTS["tables"]]
    assert [squash(t["department_name"]) for t in tables] == [squash(t["department"]) for t in FACTS["tables"]]
    assert [squash(t["implementer"]) for t in tables] == [squash(t["implementer"]) for t in FACTS["tables"]]
    assert [(t["total_weight_text"], t["total_score_text"]) for t in tables] == \
        [(t["total_weight"], t["total_score"]) for t in FACTS["tables"]]
    assert [squash(t["goal_expected"]) for t in tables] == [squash(t["goal_expected"]) for t in FACTS["tables"]]
    assert [squash(t["goal_actual"]) for t in tables] == [squash(t["goal_actual"]) for t in FACTS["tables"]]
    assert {t["unit_text"] for t in tables} == {"万元"}
    assert len({t["table_id"] for t in tables}) == 13
    assert all(re.fullmatch(r"[0-9a-f]{16}-self_evaluations-E\d\d", t["table_id"]) for t in tables)


def test_every_fund_line_is_exact(extracted):
    _, out = extracted
    for table, facts in zip(out["evaluation_tables"], FACTS["tables"]):
        lines = [f for f in out["evaluation_funds"] if f["table_id"] == table["table_id"]]
        if facts["form"] == "regional":
            got = [[squash(f["item_text"]), f["initial_text"], f["full_year_text"], f["executed_text"],
                    f["weight_text"], f["rate_text"], f["score_text"]] for f in lines]
        else:
            got = [[squash(f["item_text"]), f["full_year_text"], f["executed_text"], f["rate_text"]] for f in lines]
        assert got == [[squash(v[0])] + v[1:] for v in facts["funds"]], facts["label"]


def test_every_indicator_target_actual_weight_score_is_exact(extracted):
    _, out = extracted
    assert len(out["evaluation_indicators"]) == sum(len(t["indicators"]) for t in FACTS["tables"]) == 158
    for table, facts in zip(out["evaluation_tables"], FACTS["tables"]):
        rows = [i for i in out["evaluation_indicators"] if i["table_id"] == table["table_id"]]
        got = [(squash(i["level1_text"]), squash(i["level2_text"]), squash(i["level3_text"]), i["target_text"],
                i["actual_text"], i["weight_text"], i["score_text"], squash(i["deviation_text"])) for i in rows]
        want = [(squash(i["level1"]), squash(i["level2"]), squash(i["level3"]), i["target"], i["actual"],
                 i["weight"], i["score"], squash(i["reason"])) for i in facts["indicators"]]
        assert got == want, facts["label"]
        assert [i["line_no"] for i in rows] == list(range(1, len(rows) + 1))


def test_pdf_forms_split_over_pages_keep_every_row_with_its_page():
    out = self_evaluations.extract(read_document(str(SAMPLES / "seed001_evaluations.pdf")))
    split = [t for t in out["evaluation_tables"] if t["pages"] > 1]
    # 表2 and 表4 break inside the indicator block, 表9 and 表10 before their 总分 row.
    assert [(t["first_page"], t["last_page"]) for t in split] == [(2, 3), (5, 6), (11, 12), (13, 14)]
    table4 = split[1]
    rows = [i for i in out["evaluation_indicators"] if i["table_id"] == table4["table_id"]]
    assert {i["page"] for i in rows} == {5, 6}
    # The merged 效益指标 cell is cut by the page break and printed on page 5 only: rows on page 6
    # keep its level.
    assert all(squash(i["level1_text"]) == "效益指标（30分）" for i in rows if i["page"] == 6 and i["weight_text"] != "10")
    assert table4["total_page"] == 6 and split[2]["total_page"] == 12


def test_seed_text_export_with_shifted_cells():
    """The seed itself (a messy text export: merged cells lost, rows shifted by a column, words
    wrapped with spaces): every form and 总分 is found, and target, actual, 分值 and 得分 land in
    their columns except where the export itself put them elsewhere (表2's 经济/社会效益 lines and
    表9's last 可持续 line print their texts one column off, with a gap; 表11's first line is spread
    over its double-tab columns)."""
    seed = SAMPLES.parent.parent / "shared" / "seeds" / "001_1023f285ca7715e8.txt"
    out = self_evaluations.extract(read_document(str(seed)))
    tables = out["evaluation_tables"]
    assert [(t["total_weight_text"], t["total_score_text"]) for t in tables] == \
        [(t["total_weight"], t["total_score"]) for t in FACTS["tables"]]
    misplaced = []
    for table, facts in zip(tables, FACTS["tables"]):
        rows = [i for i in out["evaluation_indicators"] if i["table_id"] == table["table_id"]]
        assert len(rows) == len(facts["indicators"]), facts["label"]
        for row, fact in zip(rows, facts["indicators"]):
            got = (squash(row["target_text"]), squash(row["actual_text"]), row["weight_text"], row["score_text"])
            if got != (squash(fact["target"]), squash(fact["actual"]), fact["weight"], fact["score"]):
                misplaced.append((facts["label"], row["line_no"]))
    assert misplaced == [("表2：中央引导地方", 9), ("表2：中央引导地方", 10), ("表9:", 13), ("表11:", 1)]
