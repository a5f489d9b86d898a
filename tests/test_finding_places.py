"""Where a finding points on paper: a finding comparing two tables names (and pictures) the rows of both; a
finding that no table row holds says where it sits in plain Chinese.

The warehouse holds four tables of seed 002 (made here from the sample facts, never in samples/), as a PDF and
as a text export: the 收支总表 printing 六、科学技术支出 as 11809.40 where the 支出总表's 206 科学技术支出 prints
11890.40 (BUD-030 files the finding under the 收支总表's row and names the 支出总表's row as the other place:
one picture with both rows stacked, or two excerpts), and the 基本支出表 printing 30217 公务接待费 as 0.48 where
the “三公”经费表 prints 0.84 (BUD-034). Beside them, samples/planted/planted_contents.pdf lists a table in its
目录 that it does not print (DIS-030: no row to point at).

A figure of the 情况说明 prose compared with a table line sits in the prose (no table row: the place note says so)
and names that line as its other place: samples/planted/planted_narrative.pdf states 公务接待费 0.48 万元 where the
“三公”经费表 prints 0.84 (DIS-020), and narrative.txt — the four tables' text with a 情况说明 page defining 机关运行费
as the 公用经费 — states 机关运行经费 450.00 万元 against the 基本支出表's 公用经费 443.88 (DIS-021)."""
import copy
import sys
from decimal import Decimal

import pytest
from PIL import Image

from conftest import SAMPLES, SUSPECTED_NARRATIVE, document_page, query, run_cli

sys.path.insert(0, str(SAMPLES))
import make_samples as budget  # noqa: E402

pytestmark = pytest.mark.e2e

WAN = Decimal(10000)


def two_tables_altered():
    facts = copy.deepcopy(budget.load_facts())
    facts["tables"] = [t for t in facts["tables"] if t["title"] in (
        "部门预算收支总表", "部门预算支出总表", "部门预算一般公共预算财政拨款基本支出表", "部门预算财政拨款“三公”经费支出表")]
    row = next(r for r in facts["tables"][0]["rows"] if r[3] == "六、科学技术支出")
    assert row[4] == "11890.40"
    row[4] = "11809.40"
    row = next(r for r in facts["tables"][2]["rows"] if r[1] == "30217")
    assert row[3:] == ["0.84", "", "0.84"]
    row[3:] = ["0.48", "", "0.48"]
    return facts


def red_rules(image) -> int:
    """How many horizontal red rules (the outline of a finding's row, each a few pixels thick) cross a picture."""
    red_lines = [y for y in range(image.height)
                 if sum(1 for x in range(0, image.width, 2) if image.getpixel((x, y)) == (198, 40, 40)) > image.width // 6]
    return sum(1 for i, y in enumerate(red_lines) if i == 0 or y != red_lines[i - 1] + 1)


@pytest.fixture(scope="module")
def places_warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("places")
    facts = two_tables_altered()
    budget.write_pdf(facts, folder / "cross_table.pdf", ruled=True)
    budget.write_txt(facts, folder / "cross_table.txt")
    (folder / "narrative.txt").write_text((folder / "cross_table.txt").read_text(encoding="utf-8") + SUSPECTED_NARRATIVE,
                                          encoding="utf-8")
    db = folder / "warehouse.duckdb"
    assert run_cli([str(folder / "cross_table.pdf"), str(folder / "cross_table.txt"), str(folder / "narrative.txt"),
                    str(SAMPLES / "planted" / "planted_contents.pdf"), str(SAMPLES / "planted" / "planted_narrative.pdf"),
                    "--db", str(db)]) == 0
    return db


def _page_of(db, finding_id) -> str:
    """The report's page of the document a finding belongs to."""
    (document_id,), = query(db, "SELECT document_id FROM check_failures WHERE finding_id = ?", [finding_id])
    return document_page(db, document_id)


def _finding(db, file_name, rule_id, item):
    rows = query(db, """
        SELECT f.finding_id, f.page, f.page_row, f.table_index, f.other_page, f.other_page_row, f.other_table_index,
               f.other_table_title, f.expected, f.actual, f.document_id
        FROM check_failures f WHERE f.file_name = ? AND f.rule_id = ? AND f.item = ?""", [file_name, rule_id, item])
    assert len(rows) == 1, rows
    return rows[0]


def _row_text(db, document_id, page, table_index, page_row):
    return [t for (t,) in query(db, """SELECT text FROM stg_cell_boxes WHERE document_id = ? AND page = ?
                                       AND table_index = ? AND page_row = ? ORDER BY col""",
                                [document_id, page, table_index, page_row])]


@pytest.mark.parametrize("file_name", ["cross_table.pdf", "cross_table.txt"])
def test_a_cross_table_finding_names_the_rows_of_both_tables(places_warehouse, file_name):
    (fid, page, page_row, index, other_page, other_row, other_index, other_title, expected, actual,
     doc) = _finding(places_warehouse, file_name, "BUD-030", "科学技术支出")
    assert (expected, actual) == (Decimal("11890.40") * WAN, Decimal("11809.40") * WAN)
    assert other_title == "部门预算支出总表"
    # the finding's own row: the 收支总表's line; the other: the 支出总表's 206 line
    assert "六、科学技术支出" in _row_text(places_warehouse, doc, page, index, page_row)
    assert {"206", "科学技术支出", "11890.40"} <= set(_row_text(places_warehouse, doc, other_page, other_index, other_row))
    assert other_page > page


def test_the_report_shows_both_rows(places_warehouse):
    reports = places_warehouse.parent / "warehouse.duckdb.reports"
    for file_name in ("cross_table.pdf", "cross_table.txt"):
        fid, _, _, _, other_page, other_row, *_ = _finding(places_warehouse, file_name, "BUD-030", "科学技术支出")
        finding = _page_of(places_warehouse, fid).split(f'<tr id="f-{fid}"', 1)[1]
        assert f"对照 部门预算支出总表：第 {other_page} 页表内第 {other_row + 1} 行" in finding.split("</tr>", 1)[0]
        evidence = finding.split('<tr class="evidence">', 1)[1].split('</td></tr>\n', 1)[0]
        if file_name.endswith(".txt"):
            assert evidence.count('<table class="excerpt">') == 2 and "11890.40" in evidence and "11809.40" in evidence
            continue
        assert f'<img src="../evidence/{fid}.png"' in evidence and "对照表 部门预算支出总表" in evidence
        with Image.open(reports / "evidence" / f"{fid}.png") as image:
            image = image.convert("RGB")
            # two outlined rows, one above the other: four horizontal red rules (each 4 px thick)
            assert red_rules(image) == 4


@pytest.mark.parametrize("file_name", ["cross_table.pdf", "cross_table.txt"])
def test_three_public_against_the_basic_expenditure_line(places_warehouse, file_name):
    """BUD-034: the “三公” table's 公务接待费 row, and the 基本支出表's 30217 row as the other place."""
    (_, page, page_row, index, other_page, other_row, other_index, other_title, expected, actual,
     doc) = _finding(places_warehouse, file_name, "BUD-034", "公务接待费 (30217)")
    assert (expected, actual) == (Decimal("0.48") * WAN, Decimal("0.84") * WAN)
    assert {"三、公务接待费", "0.84"} <= set(_row_text(places_warehouse, doc, page, index, page_row))
    assert {"30217", "公务接待费", "0.48"} <= set(_row_text(places_warehouse, doc, other_page, other_index, other_row))
    assert other_title == "部门预算一般公共预算财政拨款基本支出表"


def test_every_finding_names_its_row_or_says_where_it_is(places_warehouse):
    """A finding names its printed row, or says in Chinese why there is none (here: tables the document does not
    print); the report shows it by the page."""
    rows = query(places_warehouse, """SELECT rule_id, file_name, page_row, table_index, place_note, finding_id
                                      FROM check_failures""")
    assert rows
    assert [r for r in rows if not ((r[2] is not None and r[3] is not None) or r[4])] == []
    missing = [r for r in rows if r[1] == "planted_contents.pdf" and r[0] == "DIS-030"]
    assert len(missing) == 1 and missing[0][2] is None and "文件中未印出此表" in missing[0][4]
    finding = _page_of(places_warehouse, missing[0][5]).split(f'<tr id="f-{missing[0][5]}"', 1)[1].split("</tr>", 1)[0]
    assert "文件中未印出此表（目录第 1 页列有此表），无表格行可指" in finding


def _narrative_finding(db, file_name, rule_id):
    rows = query(db, """
        SELECT f.finding_id, f.page, f.page_row, f.place_note, f.other_table_id, f.other_table_title, f.other_page,
               f.other_page_row, f.other_table_index, f.expected, f.actual, f.document_id
        FROM check_failures f WHERE f.file_name = ? AND f.rule_id = ?""", [file_name, rule_id])
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize("file_name, rule_id, line, printed, stated", [
    # 公务接待费 0.48 万元 in the prose; the “三公”经费表's 三、公务接待费 line prints 0.84
    ("planted_narrative.pdf", "DIS-020", "三、公务接待费", "0.84", "0.48"),
    # 机关运行经费 450.00 万元 in the prose; the 基本支出表's 合计 line prints 公用经费 443.88
    ("narrative.txt", "DIS-021", "合计", "443.88", "450.00"),
])
def test_a_prose_figure_names_the_table_row_it_was_compared_with(places_warehouse, file_name, rule_id, line, printed,
                                                                  stated):
    (fid, page, page_row, note, other_table, other_title, other_page, other_row, other_index, expected, actual,
     doc) = _narrative_finding(places_warehouse, file_name, rule_id)
    assert (expected, actual) == (Decimal(printed) * WAN, Decimal(stated) * WAN)
    # the finding sits in the prose: no table row of its own, the note says so
    assert page_row is None and note == f"情况说明正文第 {page} 页（文字，非表格行）"
    # its other place is the very line the figure was compared with (the one fct_narrative_figures / the rule
    # paired it with), whose printed row holds the expected figure
    if rule_id == "DIS-020":
        (table_id, table_page, table_row, table_index), = query(places_warehouse, """
            SELECT table_id, table_page, table_page_row, table_index FROM fct_narrative_figures
            WHERE document_id = ? AND page = ? AND check_status = 'differs'""", [doc, page])
        assert (other_table, other_page, other_row, other_index) == (table_id, table_page, table_row, table_index)
    assert {line, printed} <= set(_row_text(places_warehouse, doc, other_page, other_index, other_row))
    assert other_page != page and other_title
    # the report: the prose page with its note, and 对照 the table's page and row
    finding = _page_of(places_warehouse, fid).split(f'<tr id="f-{fid}"', 1)[1]
    cells = finding.split("</tr>", 1)[0]
    assert f"第 {page} 页" in cells and note in cells
    assert f"对照 {other_title}：第 {other_page} 页表内第 {other_row + 1} 行" in cells
    # the evidence: that table row (a picture of the PDF page, an excerpt of the text), marked as the compared row
    evidence = finding.split('<tr class="evidence">', 1)[1].split('</td></tr>\n', 1)[0]
    assert "情况说明数字所对照的表格行" in evidence
    if file_name.endswith(".txt"):
        assert evidence.count('<table class="excerpt">') == 1
        hit = evidence.split('<tr class="hit">', 1)[1].split("</tr>", 1)[0]
        assert f"<td>{line}</td>" in hit and f"<td>{printed}</td>" in hit
        return
    assert f'<img src="../evidence/{fid}.png"' in evidence and f"{other_title} 第 {other_page} 页" in evidence
    with Image.open(places_warehouse.parent / "warehouse.duckdb.reports" / "evidence" / f"{fid}.png") as image:
        image = image.convert("RGB")
        # one outlined row: two horizontal red rules, and the printed 0.84 outlined in blue
        assert red_rules(image) == 2
        assert any(image.getpixel((x, y)) == (21, 101, 192) for y in range(image.height) for x in range(0, image.width, 3))


def test_findings_show_names_the_compared_row(places_warehouse, capsys):
    from orchestration.cli import main

    fid, page, _, note, _, title, other_page, other_row, *_ = _narrative_finding(places_warehouse, "planted_narrative.pdf",
                                                                                "DIS-020")
    capsys.readouterr()
    assert main(["findings", "show", fid, "--db", str(places_warehouse)]) == 0
    shown = capsys.readouterr().out
    assert note in shown and f"对照 compared:   {title}，第 {other_page} 页表内第 {other_row + 1} 行" in shown
    assert f"evidence/{fid}.png" in shown
