"""Evidence of findings: every printed cell keeps where it is printed, from the readers through raw.cell_boxes
and stg_cell_boxes to the findings; the report shows a PDF finding's row as a cropped, outlined page picture
and a DOCX/XLSX/text finding's row as an excerpt; alerts link to both through BW_REPORT_BASE_URL."""
import pytest
from PIL import Image

from conftest import document_page, query

from expectations.evidence import COMPARED, CONTEXT_ROWS, SCALE, crop_box

from orchestration.alerts import ReportLinks, collect_alerts, json_payload, render_text
from orchestration.settings import Settings, SettingsError

BASE = "https://reports.example.org/budget"


def test_every_printed_figure_keeps_where_it_is_printed(sample_warehouse):
    """Each figure of fct_budget_lines is a cell of stg_cell_boxes at its page, reader table and row with the same
    text: in a PDF with its box on the page, in an XLSX with its sheet row."""
    rows = query(sample_warehouse, """
        WITH figures AS (
            SELECT d.file_name, d.format, c.document_id, c.page, c.table_index, c.page_row, c.value_text
            FROM stg_budget_cells c JOIN stg_documents d USING (document_id) WHERE c.value_text <> '')
        SELECT f.file_name, f.format, count(*) AS figures,
               count(*) FILTER (WHERE b.text IS NOT NULL) AS placed,
               count(*) FILTER (WHERE b.x0 < b.x1 AND b.top < b.bottom AND b.x1 <= b.page_width
                                  AND b.bottom <= b.page_height) AS boxed,
               count(*) FILTER (WHERE b.source_row IS NOT NULL) AS sheet_rows
        FROM figures f LEFT JOIN (SELECT DISTINCT ON (document_id, page, table_index, page_row, text) *
                                  FROM stg_cell_boxes) b
          ON b.document_id = f.document_id AND b.page = f.page AND b.table_index = f.table_index
         AND b.page_row = f.page_row AND b.text = f.value_text
        GROUP BY ALL ORDER BY 1""")
    by_file = {r[0]: r[1:] for r in rows}
    assert {"seed002_disclosure.pdf", "seed002_budget_grid.pdf", "seed002_budget.xlsx", "seed002_budget.txt"} <= set(by_file)
    for name, (fmt, figures, placed, boxed, sheet_rows) in by_file.items():
        assert figures > 100 and placed == figures, name
        if fmt == "pdf" and name != "seed002_budget_hrules.pdf":
            assert boxed == figures, name
        if fmt == "xlsx":
            assert sheet_rows == figures, name
    # the horizontal-rules-only reader places every row too (its header per column, its body per cell)
    fmt, figures, placed, boxed, _ = by_file["seed002_budget_hrules.pdf"]
    assert boxed == figures


def test_every_demo_finding_names_a_printed_row_that_exists(sample_warehouse):
    """Every rule of the demo's findings checks printed rows: each finding names its row (page, reader table,
    page_row), and that row is in stg_cell_boxes."""
    rows = query(sample_warehouse, """
        SELECT f.rule_id, f.item, f.page_row IS NOT NULL AND f.table_index IS NOT NULL,
               EXISTS (SELECT 1 FROM stg_cell_boxes b WHERE b.document_id = f.document_id AND b.page = f.page
                       AND b.table_index = f.table_index AND b.page_row = f.page_row)
        FROM check_failures f""")
    assert len(rows) > 20 and {r[0] for r in rows} >= {"EVA-001", "EVA-002", "EVA-003", "EVA-005", "DIS-010", "TGT-001"}
    assert [r[:2] for r in rows if not (r[2] and r[3])] == []


def test_a_pdf_finding_is_pictured_with_its_row_outlined(sample_warehouse):
    reports = sample_warehouse.parent / "warehouse.duckdb.reports"
    findings = query(sample_warehouse, """
        SELECT f.finding_id, f.page, f.document_id FROM check_failures f JOIN dim_documents d USING (document_id)
        WHERE d.file_name LIKE '%.pdf' AND f.page_row IS NOT NULL AND f.table_index IS NOT NULL""")
    assert findings
    compared = 0
    for finding_id, page_no, document_id in findings:
        picture = reports / "evidence" / f"{finding_id}.png"
        assert picture.is_file(), finding_id
        # on the document's page, one folder below the pictures
        assert f'<img src="../evidence/{finding_id}.png"' in document_page(sample_warehouse, document_id)
        with Image.open(picture) as image:
            image = image.convert("RGB")
            # a crop of the page (A4 at 144 dpi is 1191 × 1684), not the whole page
            assert 100 < image.width <= 1700 and 20 < image.height < 1200
            colours = {c for _, c in image.getcolors(1 << 20)}
            assert (198, 40, 40) in colours       # the finding's row, outlined in red
            compared += COMPARED in colours       # a cell printing the expected or actual figure, in blue
    # DIS-010's 资产总额 (2236.31 printed), EVA-001's 总分 (98.1), EVA-005's 执行率 (94%) …
    assert compared >= 3


def _dark_grey_pixels(image, box) -> int:
    """Pixels of printed ink (dark and grey, not an outline's colour) inside box (pixels of the image)."""
    region = image.crop(box).convert("RGB")
    return sum(n for n, (r, g, b) in region.getcolors(1 << 20) if max(r, g, b) < 110 and max(r, g, b) - min(r, g, b) < 30)


def test_evidence_pictures_show_the_chinese_of_the_row(sample_warehouse):
    """The sample PDFs embed their Chinese font (samples/sample_font.py), so pdfium draws the row's labels, not
    only its figures and rules: every pictured finding's Chinese label cells hold ink."""
    reports = sample_warehouse.parent / "warehouse.duckdb.reports"
    findings = query(sample_warehouse, """
        SELECT f.finding_id, f.document_id, f.page, f.table_index, f.page_row FROM check_failures f
        JOIN dim_documents d USING (document_id)
        WHERE d.file_name LIKE '%.pdf' AND f.page_row IS NOT NULL AND f.table_index IS NOT NULL""")
    labels = 0
    for finding_id, document_id, page, table_index, page_row in findings:
        cells = query(sample_warehouse, """
            SELECT page_row, text, x0, top, x1, bottom, page_width, page_height FROM stg_cell_boxes
            WHERE document_id = ? AND page = ? AND table_index = ? AND x0 IS NOT NULL
              AND page_row BETWEEN ? AND ?""", [document_id, page, table_index, page_row - CONTEXT_ROWS,
                                               page_row + CONTEXT_ROWS])
        width, height = cells[0][6], cells[0][7]
        left, top, _, _ = crop_box([c[2:6] for c in cells], width, height)
        row = [c for c in cells if c[0] == page_row]
        if not any("\u4e00" <= ch <= "\u9fff" for c in row for ch in c[1] or ""):
            continue
        ink = 0
        with Image.open(reports / "evidence" / f"{finding_id}.png") as image:
            # inside every cell of the row that prints no figure (a merged label's text may sit over a neighbour's
            # box), away from the rules and outlines
            for _, text, x0, y0, x1, y1, _, _ in row:
                if any(ch.isdigit() for ch in text or ""):
                    continue
                inner = (int((x0 - left) * SCALE) + 5, int((y0 - top) * SCALE) + 5,
                         int((x1 - left) * SCALE) - 5, int((y1 - top) * SCALE) - 5)
                if inner[2] > inner[0] and inner[3] > inner[1]:
                    ink += _dark_grey_pixels(image, inner)
        assert ink > 30, (finding_id, [c[1] for c in row])
        labels += 1
    assert labels >= 5   # 资产总额 (DIS-010), the self-evaluations' indicator names (EVA-008), …


def test_a_docx_or_xlsx_finding_shows_the_table_rows(sample_warehouse):
    finding_id, source_row, document_id = query(sample_warehouse, """
        SELECT f.finding_id, b.source_row, f.document_id FROM check_failures f JOIN dim_documents d USING (document_id)
        JOIN stg_cell_boxes b ON b.document_id = f.document_id AND b.page = f.page AND b.table_index = f.table_index
                             AND b.page_row = f.page_row
        WHERE d.file_name LIKE '%.xlsx' AND f.page_row IS NOT NULL ORDER BY f.finding_id LIMIT 1""")[0]
    page = document_page(sample_warehouse, document_id)
    row = page.split(f'<tr id="f-{finding_id}"', 1)[1].split('<tr class="evidence">', 1)[1].split("</table>", 1)[0]
    assert "<img" not in row and 'class="excerpt"' in row
    assert f"工作表第 {source_row} 行" in row.split('<tr class="hit">', 1)[1].split("</tr>", 1)[0]


def test_alerts_link_to_the_document_page_and_the_evidence(sample_warehouse):
    """An alert about a document links to the document's own page (its name is the document id, the same in every
    build), at the finding's row, and to the finding's picture."""
    reports = sample_warehouse.parent / "warehouse.duckdb.reports"
    alerts = collect_alerts(str(sample_warehouse), ReportLinks(BASE + "/", str(reports)))
    assert alerts
    for alert in alerts:
        text = render_text(alert, "run-1")
        payload = json_payload(alert, "run-1")
        page = f"{BASE}/documents/{alert.document_id}.html"
        assert payload["report_url"] == page
        html = document_page(sample_warehouse, alert.document_id)
        for failure, sent in zip(alert.failures, payload["failures"]):
            assert sent["report_url"] == f"{page}#f-{failure.finding_id}"
            assert f'<tr id="f-{failure.finding_id}"' in html   # the anchor the link leads to is on that page
            pictured = (reports / "evidence" / f"{failure.finding_id}.png").is_file()
            assert sent["evidence_url"] == (f"{BASE}/evidence/{failure.finding_id}.png" if pictured else None)
            if pictured:
                assert f"原表截图 evidence: {BASE}/evidence/{failure.finding_id}.png" in text
        assert "详见数据质量报告：" + page in text
    # at least one confirmed error of the demo is pictured
    assert any(f["evidence_url"] for a in alerts for f in json_payload(a, "r")["failures"])
    # without a base URL, the alert names the page's file
    plain = collect_alerts(str(sample_warehouse), ReportLinks("", str(reports)))
    assert f"详见数据质量报告：{reports / 'documents' / (plain[0].document_id + '.html')}" in render_text(plain[0], "run-1")
    assert json_payload(plain[0], "r")["failures"][0]["evidence_url"] is None
    # a document without a published page (not in this report) gets the index
    assert ReportLinks(BASE, str(reports)).report("0" * 16, "abc") == f"{BASE}/latest.html"


def test_the_report_base_url_is_a_setting(tmp_path):
    db = str(tmp_path / "w.duckdb")
    assert Settings.from_env({"BW_REPORT_BASE_URL": BASE}, db_path=db).report_base_url == BASE
    assert Settings.from_env({}, db_path=db).report_base_url == ""
    for bad in ("reports.example.org", "javascript:alert(1)", "https://x.org/a b", "ftp://x.org/r"):
        with pytest.raises(SettingsError, match="BW_REPORT_BASE_URL"):
            Settings.from_env({"BW_REPORT_BASE_URL": bad}, db_path=db)
