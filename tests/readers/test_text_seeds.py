"""The seeds' own text exports (../shared/seeds, read in place) give the facts transcribed in
samples/facts: every project and indicator row of seeds 000, 003 and 004 (TAB rows with shifted
cells, one cell per line, word-processor spaces between Chinese and digits), exactly; seed 002's raw
text (cells separated by single spaces, wrapped over lines) its 52 target tables, every indicator row
rebuilt equal to the transcription or kept whole and flagged, none wrong, and its 固定资产 table."""
import json
from collections import Counter

import pytest

from conftest import ROOT, SAMPLES
from extract.forms import performance_targets
from extract.readers import read_document

SEEDS = (ROOT.parent / "shared" / "seeds").resolve()
SEED_FILES = {"000": "000_0211b63d7d066763.txt", "003": "003_32c40b63d90b2296.txt", "004": "004_ac4016ef80131bfd.txt"}


@pytest.fixture(scope="module", params=sorted(SEED_FILES))
def seed(request):
    facts = json.loads((SAMPLES / "facts" / f"targets_seed{request.param}.json").read_text(encoding="utf-8"))
    return request.param, facts, performance_targets.extract(read_document(str(SEEDS / SEED_FILES[request.param])))


def test_every_project_and_indicator_row_of_the_seed_text(seed):
    name, facts, rows = seed
    projects = rows["target_projects"]
    assert [p["project_name"] for p in projects] == [p["name"] for p in facts["projects"]]
    for project, expected in zip(projects, facts["projects"]):
        got = [[r["level1_text"], r["level2_text"], r["level3_text"], r["description_text"], r["target_text"],
                r["basis_text"]] for r in rows["target_indicators"] if r["project_key"] == project["project_key"]]
        assert got == expected["indicators"], project["project_name"]
        assert project["goal_text"] == expected["goal"], project["project_name"]
        assert (project["amount_text"], project["fiscal_text"], project["other_text"], project["project_code"]) == \
            (expected.get("amount", ""), expected.get("fiscal", ""), expected.get("other", ""), expected.get("code", ""))
    assert len(rows["target_indicators"]) == sum(len(p["indicators"]) for p in facts["projects"])


def test_seed_text_rows_keep_their_page_and_row(seed):
    _, _, rows = seed
    assert all(r["page"] >= 1 and r["page_row"] >= 0 for r in rows["target_indicators"])
    keys = [(r["page"], r["table_index"], r["page_row"]) for r in rows["target_indicators"]]
    assert len(keys) == len(set(keys))  # no printed row read twice


@pytest.fixture(scope="module")
def seed002():
    document = read_document(str(SEEDS / "002_e80bc0d2d4933bd7.txt"))
    facts = json.loads((SAMPLES / "facts" / "targets_seed002.json").read_text(encoding="utf-8"))
    return document, facts, performance_targets.extract(document)


def test_seed002_raw_text_target_tables_are_rebuilt_or_flagged_never_wrong(seed002):
    """52 projects with their names and goals (seed 002 prints no amounts in its target tables); of the 371
    indicator rows, 343 are rebuilt exactly as transcribed; 28 (wrapped cells that fit two readings, targets
    that read as no value, a row continued over a page break) keep their printed text whole, flagged, with
    their certain 一级/二级 — every word of the transcribed row, nothing else; none has a wrong cell."""
    _, facts, rows = seed002
    projects = rows["target_projects"]
    assert [(p["project_name"], p["goal_text"], p["amount_text"]) for p in projects] == \
        [(p["name"], p["goal"], "") for p in facts["projects"]]
    counts = Counter()
    for project, expected in zip(projects, facts["projects"]):
        got = [r for r in rows["target_indicators"] if r["project_key"] == project["project_key"]]
        assert len(got) == len(expected["indicators"]), project["project_name"]
        for row, printed in zip(got, expected["indicators"]):
            cells = [row["level1_text"], row["level2_text"], row["level3_text"], row["description_text"],
                     row["target_text"], row["basis_text"]]
            if row["cells_certain"]:
                assert cells == printed, project["project_name"]
                counts["exact"] += 1
                continue
            counts["flagged"] += 1
            assert cells[2:] == ["", "", "", ""] and cells[:2] == printed[:2], project["project_name"]
            words = Counter(row["unsplit_text"].replace(" ", ""))
            assert words - Counter("".join(printed[1:])) in (Counter(), Counter(printed[0])), row["unsplit_text"]
    assert counts == {"exact": 343, "flagged": 28}
    assert len(rows["target_indicators"]) == 371
    keys = [(r["page"], r["table_index"], r["page_row"]) for r in rows["target_indicators"]]
    assert len(keys) == len(set(keys)) and all(r["page"] >= 1 and r["page_row"] >= 0 for r in rows["target_indicators"])


def test_seed002_raw_text_fixed_assets_table_is_rebuilt(seed002):
    from extract.forms import fixed_assets

    document, _, _ = seed002
    expected = json.loads((SAMPLES / "facts" / "disclosure_seed002.json").read_text(encoding="utf-8"))["tables"]["fixed_assets"]
    rows = fixed_assets.extract(document)
    (table,) = rows["fixed_asset_tables"]
    assert (table["title"], table["unit"], table["as_of_text"], table["department_code"]) == (
        expected["title"], "万元", "2022-12-31", "306")
    lines: dict[int, list[str]] = {}
    for cell in rows["fixed_asset_cells"]:
        lines.setdefault(cell["line_no"], []).append(cell["value_text"])
    assert list(lines.values()) == expected["rows"]


def test_cells_of_a_tab_row_keep_their_columns(tmp_path):
    """Leading TABs are empty cells; a row printed one cell per line is one row."""
    from extract.readers.text import read_text
    path = tmp_path / "t.txt"
    path.write_text("项目支出绩效目标表\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训 4 次\t≥ 4 次\n"
                    "\t\t培训人数\t100 人\n\n\t项目名称\n\t培训经费\n\n", encoding="utf-8")
    _, tables, _ = read_text(str(path))
    rows = [r for t in tables for r in t.rows]
    assert rows[:3] == [["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "培训4次", "≥ 4次"],
                        ["", "", "培训人数", "100人"]]
    assert rows[3][:2] == ["项目名称", "培训经费"]


def test_a_funds_row_wider_than_its_header_keeps_its_label_and_reads_no_figure():
    """Seed 001, 2024年自治区科技金融项目: the 年度资金总额 row prints 10 | 100 | 10 one cell right of 分值 | 执行率 |
    得分 (a figure beyond the header's last column). Read in place it would give an execution rate of 10 against
    394.8 / 394.8: a false EVA-005. Its figures are not read; the aligned 当年财政拨款 row is."""
    from extract.forms import self_evaluations

    rows = self_evaluations.extract(read_document(str(SEEDS / "001_1023f285ca7715e8.txt")))
    (table,) = [t for t in rows["evaluation_tables"] if "科技金融" in t["project_name"]]
    funds = {f["item_text"]: f for f in rows["evaluation_funds"] if f["table_id"] == table["table_id"]}
    total = next(f for item, f in funds.items() if item.startswith("年度资金总额"))
    assert (total["full_year_text"], total["executed_text"], total["weight_text"], total["rate_text"],
            total["score_text"]) == ("", "", "", "", "")
    grant = next(f for item, f in funds.items() if "财政拨款" in item)
    assert (grant["full_year_text"], grant["executed_text"], grant["rate_text"]) == ("394.8", "394.8", "100")
