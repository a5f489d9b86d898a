"""The report at scale (issue #15): the index is counted and digested by DuckDB, the pages are written a batch of
documents at a time, and what a reader sees is the same as when every finding was read into Python at once."""
import datetime
import filecmp
import re
import shutil

import pytest

from conftest import query

from expectations import report
from expectations.report import _counts, read_report_data, render_index, write_report
from expectations.evidence import attach_evidence
from extract.duckdb_settings import connect


def _without_time(page: str) -> str:
    return re.sub(r"生成时间 generated [^·]*·", "", page)


def test_counts_counted_by_duckdb_are_the_counts_of_the_findings(sample_warehouse, tmp_path):
    """The index's counts per document come from one SQL aggregate (write_report reads no finding of a page it
    carries over): they equal _counts over the findings, dismissed, suspected, rounding and missing values included."""
    db = tmp_path / "w.duckdb"
    shutil.copyfile(sample_warehouse, db)
    con = connect(str(db))
    try:   # every case _counts distinguishes, on findings of the samples
        ids = [r[0] for r in con.execute("SELECT finding_id FROM marts.check_failures ORDER BY finding_id").fetchall()]
        assert len(ids) >= 6
        con.execute("UPDATE marts.check_failures SET status = 'dismissed' WHERE finding_id = ?", [ids[0]])
        con.execute("UPDATE marts.check_failures SET severity = 'error', confidence = 'suspected' WHERE finding_id = ?",
                    [ids[1]])
        con.execute("UPDATE marts.check_failures SET confidence = NULL, severity = 'error', finding = 'mismatch' "
                    "WHERE finding_id = ?", [ids[2]])
        con.execute("UPDATE marts.check_failures SET finding = NULL WHERE finding_id = ?", [ids[3]])
        con.execute("UPDATE marts.check_failures SET status = NULL, severity = NULL WHERE finding_id = ?", [ids[4]])
    finally:
        con.close()
    data = read_report_data(str(db))
    assert sum(1 for d in data.documents if d.failures) >= 3
    for doc in data.documents:
        assert doc.counts == _counts(doc.failures), doc.file_name
        assert doc.not_checkable_items == sum(doc.not_checkable.values()), doc.file_name
    assert any(doc.not_checkable for doc in data.documents)
    # and the index drawn from those counts is the index drawn from the findings themselves
    for doc in data.documents:
        doc.counts = doc.not_checkable_items = None
    from_findings = render_index(data, generated_at=None)
    fresh = read_report_data(str(db))
    assert _without_time(render_index(fresh)) == _without_time(from_findings)


def _report(db, reports, build_id, monkeypatch, batch_documents, max_images):
    monkeypatch.setattr(report, "BATCH_DOCUMENTS", batch_documents)
    calls = []

    def spy(con, failures, folder, images):
        calls.append({f["document_id"] for f in failures})
        return attach_evidence(con, failures, folder, images)

    monkeypatch.setattr(report, "attach_evidence", spy)
    return write_report(str(db), str(reports), build_id, max_images=max_images), calls


@pytest.mark.parametrize("max_images", [1, 200])
def test_pages_written_a_batch_at_a_time_are_the_pages_written_at_once(sample_warehouse, tmp_path, monkeypatch,
                                                                        max_images):
    """Pages of one document per batch and of every document in one batch are the same files: the same findings,
    excerpts and pictures (at most max_images per document, whatever the batch), the same index."""
    one, calls_one = _report(sample_warehouse, tmp_path / "one", "b", monkeypatch, 1, max_images)
    every, calls_every = _report(sample_warehouse, tmp_path / "every", "b", monkeypatch, 200, max_images)
    documents = {d for (d,) in query(sample_warehouse, "SELECT document_id FROM dim_documents")}
    assert sorted(one.written) == sorted(every.written) == sorted(documents)
    assert all(len(c) <= 1 for c in calls_one) and len(calls_one) == len(documents)   # a batch per document
    assert len(calls_every) == 1                                                          # one for all
    pictures = sorted(p.name for p in (tmp_path / "one" / ".builds" / "b" / "evidence").iterdir())
    assert pictures == sorted(p.name for p in (tmp_path / "every" / ".builds" / "b" / "evidence").iterdir())
    pdf_findings = query(sample_warehouse, """
        SELECT document_id, count(*) FROM check_failures f JOIN dim_documents d USING (document_id)
        WHERE d.file_name LIKE '%.pdf' AND f.page_row IS NOT NULL AND f.table_index IS NOT NULL GROUP BY ALL""")
    assert pdf_findings
    assert len(pictures) == sum(min(n, max_images) for _, n in pdf_findings)   # capped per document
    for name in pictures:
        assert filecmp.cmp(tmp_path / "one" / ".builds" / "b" / "evidence" / name,
                           tmp_path / "every" / ".builds" / "b" / "evidence" / name, shallow=False), name
    for folder in ("documents", ""):
        names = sorted(p.name for p in (tmp_path / "one" / ".builds" / "b" / folder).iterdir() if p.is_file())
        for name in names:
            assert _without_time((tmp_path / "one" / ".builds" / "b" / folder / name).read_text(encoding="utf-8")) == \
                _without_time((tmp_path / "every" / ".builds" / "b" / folder / name).read_text(encoding="utf-8")), name


def test_a_written_page_leaves_no_findings_held(sample_warehouse, tmp_path, monkeypatch):
    """write_report keeps a batch's findings only while it writes their pages (peak memory: one batch, not the
    warehouse): after a page is written its document holds its counts, not its findings."""
    monkeypatch.setattr(report, "BATCH_DOCUMENTS", 2)
    held = []
    render = report.render_index

    def spy(data, **kwargs):
        held.extend((d.document_id, len(d.failures), d.counts) for d in data.documents)
        return render(data, **kwargs)

    monkeypatch.setattr(report, "render_index", spy)
    write_report(str(sample_warehouse), str(tmp_path / "reports"), "b")
    assert held and all(n == 0 and counts is not None for _, n, counts in held)
    assert any(sum(counts) for _, _, counts in held)


def test_cell_boxes_are_read_for_the_rows_pictured_alone(sample_warehouse, tmp_path):
    """The evidence reads the shown rows' cells in one query, a row a result row, and the cells' boxes (which only a
    picture needs: at 10,000 documents with no picture one tuple per cell was most of the report) for the rows it
    pictures alone: none when no picture is drawn. The excerpts are the same either way."""
    statements = []

    class Spy:
        def __init__(self, con):
            self.con = con

        def execute(self, sql, *args):
            statements.append(sql)
            return self.con.execute(sql, *args)

        def sql(self, sql, **kwargs):   # the evidence's cells are fetched through Arrow (evidence.fetch_rows)
            statements.append(sql)
            return self.con.sql(sql, **kwargs)

    def evidence(max_images, folder):
        statements.clear()
        data = read_report_data(str(sample_warehouse))
        failures = [f for d in data.documents for f in d.failures]
        con = connect(str(sample_warehouse), read_only=True)
        try:
            attach_evidence(Spy(con), failures, str(folder), max_images)
        finally:
            con.close()
        reads = [s for s in statements if "stg_cell_boxes" in s]
        return {f["finding_id"]: f["evidence"] for f in failures}, reads

    without, reads = evidence(0, tmp_path / "none")
    assert len(reads) == 1 and "x0," not in reads[0]
    assert not (tmp_path / "none" / "evidence").exists()
    pictured, reads = evidence(200, tmp_path / "all")
    assert len(reads) == 2 and "x0," in reads[1]          # the rows pictured: their boxes
    assert any(e is not None and e.image for e in pictured.values())
    assert without.keys() == pictured.keys()
    for finding_id, shown in without.items():
        assert (shown is None) == (pictured[finding_id] is None)
        if shown is not None:
            assert (shown.rows, shown.row, shown.page) == (pictured[finding_id].rows, pictured[finding_id].row,
                                                           pictured[finding_id].page)


def _files(folder):
    """Every file under folder (relative path -> bytes and mode)."""
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mode) for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_pages_written_by_two_processes_are_the_pages_written_in_process(sample_warehouse, tmp_path, monkeypatch):
    """Several batches and two workers: the batches are written by two spawned processes (each with its own read-only
    connection), and every file — pages, pictures, index, manifest — and the result are byte for byte those of the
    same report written here, one batch after the other."""
    monkeypatch.setattr(report, "BATCH_DOCUMENTS", 2)
    used = []
    in_workers = report._write_in_workers

    def spy(db_path, batches, workers, *args):
        used.append((len(batches), workers))
        return in_workers(db_path, batches, workers, *args)

    monkeypatch.setattr(report, "_write_in_workers", spy)
    at = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.timezone.utc)
    alone = write_report(str(sample_warehouse), str(tmp_path / "alone"), "b", workers=1, generated_at=at)
    assert not used
    two = write_report(str(sample_warehouse), str(tmp_path / "two"), "b", workers=2, generated_at=at)
    documents = len(query(sample_warehouse, "SELECT document_id FROM dim_documents"))
    assert used == [(-(-documents // 2), 2)] and documents > 2
    assert (two.written, two.carried, two.removed, two.bytes_written) == \
        (alone.written, alone.carried, alone.removed, alone.bytes_written)
    assert len(alone.written) == documents
    files = _files(tmp_path / "alone" / ".builds" / "b")
    assert any(name.startswith("evidence/") for name in files) and "pages.json" in files
    assert _files(tmp_path / "two" / ".builds" / "b") == files


def test_one_batch_is_written_in_process(sample_warehouse, tmp_path, monkeypatch):
    """An incremental build's few pages (or the samples'): one batch, no process started whatever the workers."""
    monkeypatch.setattr(report, "_write_in_workers", lambda *args: pytest.fail("a process was started for one batch"))
    result = write_report(str(sample_warehouse), str(tmp_path / "reports"), "b", workers=2)
    assert result.written


def test_an_error_in_a_worker_is_raised_in_the_parent(tmp_path):
    """A worker that cannot read its batch fails the report with the worker's error (no hang, no page dropped
    silently); the workers are gone when it is raised."""
    import duckdb

    batches = [[report.Document("a", "a.pdf")], [report.Document("b", "b.pdf")]]
    with pytest.raises(duckdb.Error, match="missing.duckdb"):
        report._write_in_workers(str(tmp_path / "missing.duckdb"), batches, 2, [], str(tmp_path), 1,
                                 datetime.datetime.now().astimezone(), "missing.duckdb")
