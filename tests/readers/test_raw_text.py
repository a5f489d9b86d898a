"""Raw text exports (pdftotext without -layout): cells separated by single spaces, empty cells dropped,
labels wrapped over lines, the page header printed again on every page.

Read on seed 002's own text (../shared/seeds, in place) and on a sample generated from its facts
(samples/make_raw_text_sample.py): the nine tables are recognised with their printed headers; every
printed figure is either in its own column or kept unplaced (in printed order, on its row) — none
lost, none doubled, none in a wrong column; a row printing every amount column is always placed."""
import json
from collections import defaultdict

import pytest

from conftest import ROOT, SAMPLES
from extract.forms import budget_tables
from extract.readers import read_document
from extract.readers.raw_text import UnplacedCell, _header, _place

SEED002 = (ROOT.parent / "shared" / "seeds" / "002_e80bc0d2d4933bd7.txt").resolve()
RAW_SAMPLE = SAMPLES / "layouts" / "seed002_budget_raw.txt"
FACTS = json.loads((SAMPLES / "facts" / "seed002_budget.json").read_text(encoding="utf-8"))


def rows_by_table(path):
    """Per table title: (positive columns, rows in print order as ({column: figure}, [unplaced figures]))."""
    extracted = budget_tables.extract(read_document(str(path)))
    titles = {t["table_id"]: t for t in extracted["budget_tables"]}
    lines = defaultdict(lambda: defaultdict(lambda: ({}, [])))
    columns = defaultdict(set)
    for cell in extracted["budget_cells"]:
        placed, unplaced = lines[cell["table_id"]][(cell["page"], cell["page_row"])]
        if cell["column_no"] > 0:
            columns[cell["table_id"]].add(cell["column_no"])
            if cell["value_text"]:
                placed[cell["column_no"]] = cell["value_text"]
        else:
            assert cell["measure"] == "unplaced" and cell["placement"] == "unplaced"
            unplaced.append((-cell["column_no"], cell["value_text"]))
    return {titles[t]["title"]: (titles[t], columns[t], [(p, [v for _, v in sorted(u)]) for _, (p, u) in sorted(rows.items())])
            for t, rows in lines.items()} | {t["title"]: (t, set(), []) for t in extracted["budget_tables"]
                                            if t["table_id"] not in lines}


@pytest.fixture(scope="module", params=["seed 002 text", "generated sample"])
def read(request):
    return rows_by_table(SEED002 if request.param == "seed 002 text" else RAW_SAMPLE)


def test_the_nine_tables_are_recognised_with_their_printed_headers(read):
    assert [t["title"] for t in FACTS["tables"]] == sorted(read, key=lambda title: read[title][0]["table_id"])
    for facts in FACTS["tables"]:
        table = read[facts["title"]][0]
        assert table["strategy"] == "raw_text"
        labels = json.loads(table["column_labels_json"])
        header = [list(row) for row in facts["header"]]
        for top, left, height, width in facts["merges"]:   # merged cells read as their origin's text
            for r in range(top, top + height):
                for c in range(left, left + width):
                    header[r][c] = facts["header"][top][left]
        expected = ["/".join(dict.fromkeys(c.replace(" ", "") for c in column if c)) for column in zip(*header)]
        assert labels == expected, facts["title"]
        assert table["is_empty"] == (not facts["rows"])


def test_every_figure_is_in_its_column_or_kept_unplaced(read):
    placed_count = unplaced_count = 0
    for facts in FACTS["tables"]:
        _, amount_columns, rows = read[facts["title"]]
        assert len(rows) == len(facts["rows"]), facts["title"]
        for printed, (placed, unplaced) in zip(facts["rows"], rows):
            figures = {j + 1: v for j, v in enumerate(printed) if j + 1 in amount_columns and v}
            if unplaced:
                assert not placed and unplaced == list(figures.values()), (facts["title"], printed)
            else:
                assert placed == figures, (facts["title"], printed)
            if len(figures) == len(amount_columns) or not figures:
                assert not unplaced, (facts["title"], printed)   # nothing to choose: always placed
            placed_count += len(placed)
            unplaced_count += len(unplaced)
    assert placed_count + unplaced_count == 399   # seed 002's nine tables print 399 figures
    assert placed_count >= 41


def test_a_row_with_fewer_figures_than_columns_is_not_guessed():
    roles = ["seq", "code", "name", "amount", "amount", "amount"]
    assert _place([("T", "行政运行"), ("F", "1.00"), ("F", "1.00"), ("F", "1.00")], roles) == \
        ["", "", "行政运行", "1.00", "1.00", "1.00"]
    assert _place([("T", "机构运行"), ("F", "779.88"), ("F", "607.44")], roles) is None
    # two label columns (收支总表): one label and one figure fit either side
    sides = ["seq", "name", "amount", "name", "amount"]
    assert _place([("T", "十、卫生健康支出"), ("F", "305.48")], sides) is None
    assert _place([("T", "六、事业单位经营收入"), ("T", "六、科学技术支出"), ("F", "11890.40")], sides) == \
        ["", "六、事业单位经营收入", "", "六、科学技术支出", "11890.40"]
    cell = UnplacedCell(("1.00", "2.00"))
    assert cell == "" and cell.figures == ("1.00", "2.00")


def test_a_header_with_text_we_do_not_know_is_not_rebuilt():
    assert _header(["序号", "功能分类科目", "合计 基本支出 项目支出", "科目编码 科目名称"], 6) is not None
    assert _header(["序号", "功能分类科目", "合计 基本支出 专项资金", "科目编码 科目名称"], 6) is None
    assert _header(["序号", "功能分类科目", "合计 基本支出 项目支出", "科目编码 科目名称"], 7) is None  # 栏次 disagrees


def test_the_sample_is_generated_by_the_project():
    import sys

    sys.path.insert(0, str(SAMPLES))
    import make_raw_text_sample

    assert make_raw_text_sample.render(FACTS) == RAW_SAMPLE.read_text(encoding="utf-8")
