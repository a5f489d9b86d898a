"""The data-quality report as a finance officer sees it: opened in a real headless browser (Debian's chromium,
installed by `make browser`, which `make test` runs), driven by Playwright without any browser of its own.

On the demo warehouse (the shared session fixture): the index renders with a link per document; following one
opens the document's page, where every evidence picture loads and a finding's row, page and advice are on screen
with its picture. Screenshots are kept as the test's artefacts.
"""
import os
import re

from conftest import ROOT, query

from expectations.report import place_label

CHROMIUM = os.environ.get("BW_CHROMIUM", "/usr/bin/chromium")
# what works in a container as root, with no network and no profile
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def _browser(playwright, tmp_path):
    assert os.access(CHROMIUM, os.X_OK), f"{CHROMIUM} is missing: run `make browser` (make test does)"
    # the CJK font `make browser` unpacked for the browser alone (system-wide it would change pdfium's font
    # substitution); without it the page still renders, with boxes for Chinese in the screenshots
    fonts = tmp_path / "fonts.conf"
    fonts.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{ROOT / ".browser-fonts"}</dir>
<cachedir>{tmp_path / "fontconfig-cache"}</cachedir></fontconfig>""", encoding="utf-8")
    return playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=FLAGS,
        env={**os.environ, "FONTCONFIG_FILE": str(fonts)}, viewport={"width": 1400, "height": 1000},
        device_scale_factor=1)


def test_the_report_renders_in_chromium_with_its_evidence(sample_warehouse, tmp_path):
    from playwright.sync_api import sync_playwright

    reports = sample_warehouse.parent / "warehouse.duckdb.reports"
    index = reports / "latest.html"
    assert index.is_file()
    # a confirmed PDF finding with a printed row: the one the officer looks at first
    finding_id, page, page_row, advice, document_id, file_name = query(sample_warehouse, """
        SELECT f.finding_id, f.page, f.page_row, f.advice_zh, f.document_id, d.file_name
        FROM check_failures f JOIN dim_documents d USING (document_id)
        WHERE d.file_name LIKE '%.pdf' AND f.page_row IS NOT NULL AND f.table_index IS NOT NULL
        ORDER BY f.severity = 'error' DESC, f.confidence = 'confirmed' DESC, f.finding_id LIMIT 1""")[0]
    documents = query(sample_warehouse, "SELECT count(*) FROM dim_documents")[0][0]
    picture = reports / "evidence" / f"{finding_id}.png"
    assert picture.is_file()
    with sync_playwright() as playwright:
        browser = _browser(playwright, tmp_path)
        try:
            tab = browser.new_page()
            requests = []
            tab.on("request", lambda r: requests.append(r.url))
            # the index: one line per document, each linking to its page
            tab.goto(index.as_uri(), wait_until="load")
            assert tab.title() == "预算公开数据质量报告"
            assert tab.locator("h1").is_visible() and tab.locator("h2").count() == 3   # summary, documents, rules
            assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            assert tab.locator("a[href^='documents/']").count() == documents
            tab.screenshot(path=str(tmp_path / "index.png"), full_page=True)
            # follow the document's link, as the officer does
            tab.locator(f"a[href='documents/{document_id}.html']").click()
            tab.wait_for_load_state("load")
            assert tab.url == (reports / "documents" / f"{document_id}.html").as_uri()
            assert tab.title().startswith(file_name) and tab.locator("h1").inner_text() == file_name
            # laid out within the window: no page-wide horizontal scrolling (wide excerpts scroll in their box)
            assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            # every evidence picture loads (naturalWidth > 0), and there are some
            images = tab.evaluate("Array.from(document.images).map(i => [i.getAttribute('src'), i.complete, i.naturalWidth])")
            assert images and all(complete and width > 0 for _, complete, width in images), images
            assert all(re.fullmatch(r"\.\./evidence/[0-9a-f]{16}(-\d+)?\.png", src) for src, _, _ in images)
            # nothing but the index, the page and its pictures was fetched
            assert all(u in (index.as_uri(), tab.url) or u.startswith((reports / "evidence").as_uri() + "/")
                       for u in requests), requests
            # the finding's row: its page and row, its advice, and its picture right under it
            row = tab.locator(f"#f-{finding_id}")
            row.scroll_into_view_if_needed()
            assert row.is_visible()
            text = row.inner_text()
            assert place_label(page, page_row) in text and f"处理建议：{advice}" in text
            evidence = tab.locator(f"#f-{finding_id} + tr.evidence img")
            assert evidence.is_visible() and evidence.evaluate("i => i.naturalWidth") > 0
            assert place_label(page, page_row) in tab.locator(f"#f-{finding_id} + tr.evidence figcaption").inner_text()
            shot = tmp_path / "report.png"
            tab.screenshot(path=str(shot), full_page=True)
            finding_shot = tmp_path / "finding.png"
            tab.locator(f"#f-{finding_id}").screenshot(path=str(finding_shot))
            tab.evaluate(f"document.getElementById('f-{finding_id}').scrollIntoView()")
            tab.screenshot(path=str(tmp_path / "finding_with_evidence.png"))
            # and back to the index
            tab.locator("a[href='../latest.html']").click()
            tab.wait_for_load_state("load")
            assert tab.title() == "预算公开数据质量报告"
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000
    print(f"\nscreenshots of the report: {tmp_path / 'index.png'}, {shot} and {tmp_path / 'finding_with_evidence.png'}")
