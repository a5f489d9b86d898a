"""An incremental build publishes the same warehouse as a build from scratch of the same store.

A build of the same project as the published warehouse starts from a copy of it, or from the file the last
publish replaced, and reloads only the documents added, re-extracted or removed since that file was built
(extract/loader.py); dbt's per-document models rebuild only those documents' rows
(dbt_project/macros/per_document.sql), every cross-document model is rebuilt whole. Here one warehouse is built,
then changed incrementally twice — a document added (from a compacted copy); then, from the first build's file,
one more added, one changed at the same path (its earlier version superseded), one retracted — and compared row
for row, table by table, with a build from scratch of the same store: every staging, intermediate and mart table
and the findings. The documents include two
disclosures of one department and year (duplicates), so the cross-document models have work to do.
"""
import contextlib
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import SAMPLES, SUSPECTED_NARRATIVE, alter_cells, query, run_cli

from expectations.report import page_name, publish_report, write_report
from extract import store as document_store
from extract.duckdb_settings import connect
from extract import loader
from extract.loader import forget_documents


@pytest.fixture(scope="module")
def incremental_and_full(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    inbox, db, full_db = root / "inbox", root / "incremental.duckdb", root / "full.duckdb"
    inbox.mkdir()
    text = (SAMPLES / "seed002_budget.txt").read_text(encoding="utf-8")
    # 支出总表 2060101 行政运行: 基本支出 printed 1358.30 instead of 1358.03 (a duplicate of clean.txt: same department, year)
    altered = alter_cells(text, ["2060101", "行政运行", "1358.03", "1358.03"], "1358.03", "1358.30")
    (inbox / "clean.txt").write_text(text, encoding="utf-8")
    (inbox / "altered.txt").write_text(altered, encoding="utf-8")
    shutil.copyfile(SAMPLES / "targets_seed003.docx", inbox / "targets.docx")
    assert run_cli([str(inbox), "--db", str(db)]) == 0
    first = query(db, "SELECT incremental, documents_loaded FROM main.warehouse_build")[0]
    first_report = _report_state(db)

    store = str(db) + ".store"
    (inbox / "suspected.txt").write_text(text + SUSPECTED_NARRATIVE, encoding="utf-8")   # added
    # this build starts from a compacted copy of the published file (as one would when the file is mostly
    # free blocks, extract.loader.COMPACT_WHEN_FREE): the equality below covers that path too
    compact_when_free, loader.COMPACT_WHEN_FREE = loader.COMPACT_WHEN_FREE, -1.0
    try:
        assert run_cli([str(inbox), "--db", str(db)]) == 0
    finally:
        loader.COMPACT_WHEN_FREE = compact_when_free
    between = query(db, "SELECT documents_loaded, started_from FROM main.warehouse_build")[0]
    # that build changed budget and narrative tables only: the dbt nodes reading none of the tables it changed were
    # left out (orchestration/guarded_dbt.py unchanged_nodes); compared below with the same documents from scratch
    between_db = root / "between.duckdb"
    shutil.copyfile(db, between_db)
    assert run_cli([str(inbox), "--db", str(root / "between_full.duckdb"), "--store", store]) == 0
    # changed at the same path: 2060201's 项目支出 172.44 -> 172.54 (a new version; the earlier one is superseded)
    (inbox / "altered.txt").write_text(
        alter_cells(altered, ["2060201", "机构运行", "779.88", "607.44", "172.44"], "172.44", "172.54"), encoding="utf-8")
    shutil.copyfile(SAMPLES / "seed001_evaluations.xlsx", inbox / "evaluations.xlsx")    # added: self-evaluations
    retracted = document_store.documents_for(store, [str(inbox / "targets.docx")])[str(inbox / "targets.docx")]
    (inbox / "targets.docx").unlink()
    assert forget_documents(store, sorted(retracted)) == sorted(retracted)                # removed
    # the second build starts from the file the build between replaced: the first build's (extract.loader
    # `_claim_previous`), so it reloads every change since the first build, suspected.txt included
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert run_cli([str(inbox), "--db", str(db)]) == 0
    second = query(db, "SELECT incremental, documents_loaded, documents_removed, started_from "
                       "FROM main.warehouse_build")[0]
    second_report = _report_state(db)

    assert run_cli([str(inbox), "--db", str(full_db), "--store", store]) == 0   # the same store, from scratch
    full = query(full_db, "SELECT incremental, documents_loaded FROM main.warehouse_build")[0]
    return {"db": db, "full_db": full_db, "first": first, "between": between, "second": second, "full": full,
            "between_db": between_db, "between_full_db": root / "between_full.duckdb",
            "second_printed": printed.getvalue(),
            "first_report": first_report, "second_report": second_report}


def _report_state(db) -> dict:
    """The published report: every document's page (file name, inode, mtime) and the index's, after a build."""
    reports = Path(str(db) + ".reports")
    names = dict(query(db, "SELECT document_id, file_name FROM dim_documents"))

    def stat(path):
        st = os.stat(path)
        return st.st_ino, st.st_mtime_ns

    pages = {p.name: stat(p) for p in (reports / "documents").iterdir()}
    return {"names": names, "pages": pages, "index": stat(reports / "latest.html"),
            "changes": {d for (d,) in query(db, "SELECT document_id FROM main.build_changes")}}


def test_the_second_build_reloaded_only_what_changed(incremental_and_full):
    assert incremental_and_full["first"] == (False, 3)
    assert incremental_and_full["between"] == (1, "compacted copy of the published warehouse")   # suspected.txt
    # from the first build's file: loaded the new version of altered.txt, suspected.txt and evaluations.xlsx;
    # removed: altered.txt's first version, targets.docx
    assert incremental_and_full["second"] == (True, 3, 2, "previous build")
    # and the CLI says so
    assert "Build: incremental, from the previous build (3 document(s) reloaded, 2 removed)" in \
        incremental_and_full["second_printed"].splitlines()
    assert incremental_and_full["full"] == (False, 4)   # every current document: clean, altered (new), suspected, evaluations


def test_the_second_build_rewrote_only_the_pages_of_changed_documents(incremental_and_full):
    """One page per document, named by its id: the unchanged document's page is carried over (the same file: a hard
    link into the new report), the added and changed documents' pages are written, the removed ones' are gone."""
    first, second = incremental_and_full["first_report"], incremental_and_full["second_report"]
    assert set(first["pages"]) == {page_name(d) for d in first["names"]}
    assert set(second["pages"]) == {page_name(d) for d in second["names"]}
    by_name = {name: doc for doc, name in second["names"].items()}
    clean, altered, suspected = by_name["clean.txt"], by_name["altered.txt"], by_name["suspected.txt"]
    assert second["pages"][page_name(clean)] == first["pages"][page_name(clean)]    # not rewritten
    removed = set(first["names"]) - set(second["names"])   # targets.docx and altered.txt's first version
    assert {first["names"][d] for d in removed} == {"targets.docx", "altered.txt"}
    assert not {page_name(d) for d in removed} & set(second["pages"])              # their pages are gone
    assert {altered, suspected} <= second["changes"] and clean not in second["changes"]
    assert page_name(altered) not in first["pages"] and page_name(suspected) not in first["pages"]   # written
    assert second["index"] != first["index"]                                        # the index is rewritten


def _without_time(page: str) -> str:
    return re.sub(r"生成时间 generated [^·]*·", "", page)


def test_incremental_report_equals_a_report_from_scratch(incremental_and_full):
    """The pages of the incremental build (one carried over, three written) are the pages a build from scratch of the
    same store writes (every page)."""
    db, full_db = incremental_and_full["db"], incremental_and_full["full_db"]
    pages = {p.name: p for p in Path(str(db) + ".reports", "documents").iterdir()}
    full = {p.name: p for p in Path(str(full_db) + ".reports", "documents").iterdir()}
    assert set(pages) == set(full) and len(pages) == 4
    for name in pages:
        assert _without_time(pages[name].read_text(encoding="utf-8")) == \
            _without_time(full[name].read_text(encoding="utf-8")), name


def _index_lines(index: str) -> list[str]:
    """The index's lines of documents (file name, status, counts), in the order shown."""
    body = index.split("<h2>文件一览 Documents</h2>", 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr><td><a href="documents/[^"]+">.*?</tr>', body)


def test_the_index_after_an_incremental_build_lists_added_changed_and_removed_documents(incremental_and_full):
    """The incremental build's index (counted by DuckDB, its unchanged documents' pages carried over) is the index of
    a build from scratch of the same store: the added documents listed, the removed ones gone, the changed one with
    its new counts; the manifest names the same pages."""
    db, full_db = incremental_and_full["db"], incremental_and_full["full_db"]

    def published(database):
        reports = Path(str(database) + ".reports")
        index = (reports / "latest.html").read_text(encoding="utf-8")
        manifest = json.loads((reports / "current" / "pages.json").read_text(encoding="utf-8"))
        return index, manifest

    index, manifest = published(db)
    full_index, full_manifest = published(full_db)
    meta = r'<p class="meta">生成时间 generated .*?</p>'   # the time, the warehouse's file name and build
    assert re.sub(meta, "", index) == re.sub(meta, "", full_index)
    names = incremental_and_full["second_report"]["names"]
    lines = _index_lines(index)
    assert len(lines) == len(names) == 4
    for document_id, name in names.items():
        assert sum(f'href="documents/{page_name(document_id)}"' in line for line in lines) == 1, name
    removed = set(incremental_and_full["first_report"]["names"]) - set(names)
    assert removed and not any(page_name(d) in index for d in removed)
    assert "targets.docx" not in index and "suspected.txt" in index and "evaluations.xlsx" in index
    assert set(manifest["documents"]) == set(full_manifest["documents"]) == set(names)
    assert {d: e["hash"] for d, e in manifest["documents"].items()} == \
        {d: e["hash"] for d, e in full_manifest["documents"].items()}
    altered = next(line for line in lines if ">altered.txt<" in line)   # its second version's errors
    assert int(re.findall(r'<td class="num">(\d+)</td>', altered)[1]) > 0


def test_a_page_is_rewritten_when_its_findings_change(incremental_and_full, tmp_path):
    """No document changed, but a finding was dismissed: that document's page alone is written again (the hash of
    its findings differs); a published report of another project is never carried over."""
    db = tmp_path / "w.duckdb"
    shutil.copyfile(incremental_and_full["db"], db)
    reports = tmp_path / "reports"
    shutil.copytree(str(incremental_and_full["db"]) + ".reports", reports, symlinks=True)
    con = connect(str(db))
    try:
        con.execute("DELETE FROM main.build_changes")   # as after a build that changed no document
        (altered,), = con.execute("SELECT document_id FROM marts.dim_documents WHERE file_name = 'altered.txt'").fetchall()
        con.execute("UPDATE marts.check_failures SET status = 'dismissed', status_reason = '已核实' WHERE finding_id = "
                    "(SELECT min(finding_id) FROM marts.check_failures WHERE document_id = ?)", [altered])
    finally:
        con.close()
    result = write_report(str(db), str(reports), "dismissed")
    assert result.written == [altered] and len(result.carried) == 3 and result.removed == []
    publish_report(str(reports), "dismissed")
    assert "已忽略 dismissed：已核实" in (reports / "documents" / page_name(altered)).read_text(encoding="utf-8")
    assert [p.name for p in (reports / ".builds").iterdir()] == ["dismissed"]   # the replaced report is removed
    manifest = reports / "current" / "pages.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"project": "', '"project": "other-'),
                        encoding="utf-8")
    again = write_report(str(db), str(reports), "other-project")
    assert len(again.written) == 4 and again.carried == []


def test_equal_items_get_their_ids_in_the_same_order_in_every_build(tmp_path):
    """Two equal items of a rule on one page (a project printed twice) get '-2' by where they are printed, not by
    the order the rules returned them in: ids, the report's anchors and the pages' digests stay put between builds."""
    from expectations.runner import FAILURE_COLUMNS
    from orchestration.findings import assign_ids_and_status

    ids = []
    for order in ([6, 4, 2], [2, 6, 4], [4, 2, 6]):
        con = connect(str(tmp_path / f"w{len(ids)}.duckdb"))
        try:
            con.execute("CREATE SCHEMA IF NOT EXISTS marts")
            con.execute(f"CREATE TABLE marts.check_failures ({FAILURE_COLUMNS})")
            for page_row in order:
                con.execute("""INSERT INTO marts.check_failures (rule_id, document_id, page, item, table_id, finding,
                                   expected, actual, table_index, page_row)
                               VALUES ('TGT-001', 'd', 76, '缺少满意度指标', 't', 'mismatch', 1, 0, 0, ?)""", [page_row])
            assign_ids_and_status(con, str(tmp_path / "w.duckdb"))
            ids.append(dict(con.execute("SELECT page_row, finding_id FROM marts.check_failures").fetchall()))
        finally:
            con.close()
    assert ids[0] == ids[1] == ids[2]
    assert sorted(ids[0], key=lambda row: ids[0][row]) == [2, 4, 6]


def _tables(db) -> list[tuple[str, str]]:
    return [tuple(r) for r in query(db, """SELECT table_schema, table_name FROM information_schema.tables
                                           WHERE table_schema IN ('staging', 'intermediate', 'marts')
                                           ORDER BY 1, 2""")]


def test_incremental_build_equals_a_build_from_scratch(incremental_and_full):
    db, full_db = incremental_and_full["db"], incremental_and_full["full_db"]
    differences, compared = _differences(db, full_db)
    assert differences == {}
    assert compared > 10_000   # real content was compared, not empty tables
    # among them, per-document marts of each form, whose added documents' rows the incremental build inserted
    for table in ("fct_self_evaluations", "fct_evaluation_indicators", "fct_narrative_figures", "fct_disclosure_completeness"):
        assert query(db, f"SELECT count(*) FROM {table}")[0][0] > 0, table
    failures = query(db, "SELECT count(*) FROM check_failures")[0][0]
    assert failures > 0   # altered.txt's mismatches are among the compared findings


def test_a_build_that_left_out_the_nodes_reading_no_changed_table_equals_a_build_from_scratch(incremental_and_full):
    import json

    from orchestration.guarded_dbt import unchanged_nodes
    from orchestration.resources import dbt_project

    db, full_db = incremental_and_full["between_db"], incremental_and_full["between_full_db"]
    (changed,), = query(db, "SELECT raw_tables_changed FROM main.warehouse_build")
    # the added document is a budget with its 情况说明: no target, evaluation or procurement table changed ...
    assert {"documents", "budget_cells", "narrative_figures"} <= set(changed)
    assert not {"target_indicators", "evaluation_indicators", "procurement_cells"} & set(changed)
    left_out = unchanged_nodes(json.loads(dbt_project.manifest_path.read_text(encoding="utf-8")), changed)
    assert {"stg_target_indicators", "int_target_projects", "required_disclosure_tables"} <= set(left_out)
    # ... and those nodes' tables, like every other, hold what a build from scratch of the same documents has
    assert query(db, "SELECT count(*) FROM stg_target_indicators")[0][0] > 0
    differences, compared = _differences(db, full_db)
    assert differences == {} and compared > 10_000


def _differences(db, full_db) -> tuple[dict, int]:
    """Per table of the warehouse at full_db, the rows it lacks and the rows it has more than the one at db."""
    tables = _tables(full_db)
    assert tables == _tables(db)
    assert ("marts", "check_failures") in tables and ("marts", "fct_budget_lines") in tables
    con = connect(str(full_db), read_only=True)
    try:
        con.execute(f"ATTACH '{db}' AS incremental (READ_ONLY)")
        differences, compared = {}, 0
        for schema, table in tables:
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() "
                "AND table_schema = ? AND table_name = ? ORDER BY ordinal_position", [schema, table]).fetchall()]
            listed = ", ".join(f'"{c}"' for c in columns)
            full_rows = f"SELECT {listed} FROM {schema}.{table}"
            incremental_rows = f"SELECT {listed} FROM incremental.{schema}.{table}"
            missing = con.execute(f"SELECT count(*) FROM ({full_rows} EXCEPT ALL {incremental_rows})").fetchone()[0]
            extra = con.execute(f"SELECT count(*) FROM ({incremental_rows} EXCEPT ALL {full_rows})").fetchone()[0]
            compared += con.execute(f"SELECT count(*) FROM {schema}.{table}").fetchone()[0]
            if missing or extra:
                differences[f"{schema}.{table}"] = (missing, extra)
    finally:
        con.close()
    return differences, compared


def test_rules_of_an_incremental_build_evaluate_only_the_changed_documents(incremental_and_full, tmp_path):
    """On a copy of the incremental warehouse: the rules run for one document replace that document's findings
    and counts and keep every other document's as the warehouse holds them (here, one altered on purpose, which
    a full evaluation would drop); check_results is summed again from the per-document counts."""
    from expectations.runner import run_rules

    db = tmp_path / "w.duckdb"
    shutil.copyfile(incremental_and_full["db"], db)
    con = connect(str(db))
    try:
        ids = dict(con.execute("SELECT file_name, document_id FROM stg_documents").fetchall())
        altered, clean = ids["altered.txt"], ids["clean.txt"]
        before = con.execute("SELECT rule_id, document_id, items_checked FROM marts.check_counts_by_document "
                             "ORDER BY ALL").fetchall()
        full_results = con.execute("SELECT * FROM marts.check_results ORDER BY rule_id").fetchall()
        errors = con.execute("SELECT count(*) FROM marts.check_failures WHERE document_id = ?", [altered]).fetchone()[0]
        # plant what no evaluation of the clean document would give: it must survive an evaluation of `altered`
        con.execute("UPDATE marts.check_counts_by_document SET items_checked = items_checked + 1000 "
                    "WHERE document_id = ? AND rule_id = 'BUD-010'", [clean])
        con.execute("DELETE FROM marts.check_failures WHERE document_id = ?", [altered])
        run_rules(con, documents=[altered])
        assert con.execute("SELECT count(*) FROM marts.check_failures WHERE document_id = ?", [altered]).fetchone()[0] \
            == errors > 0
        planted = con.execute("SELECT items_checked FROM marts.check_counts_by_document "
                              "WHERE document_id = ? AND rule_id = 'BUD-010'", [clean]).fetchone()[0]
        assert planted >= 1000
        results = dict(con.execute("SELECT rule_id, items_checked FROM marts.check_results").fetchall())
        assert results["BUD-010"] == dict((r[0], r[3]) for r in full_results)["BUD-010"] + 1000
        # a full evaluation gives back the counts of the build
        run_rules(con)
        assert con.execute("SELECT rule_id, document_id, items_checked FROM marts.check_counts_by_document "
                           "ORDER BY ALL").fetchall() == before
        assert con.execute("SELECT * FROM marts.check_results ORDER BY rule_id").fetchall() == full_results
    finally:
        con.close()


def test_findings_of_an_evaluation_by_document_equal_a_full_evaluation(incremental_and_full, tmp_path, monkeypatch):
    """An incremental build's rules phase replaces and numbers the changed documents' findings alone, and keeps
    every other document's rows with their ids and statuses. On two copies of the incremental warehouse, with
    decisions taken since its build (a finding of a kept document and one of the re-evaluated document dismissed),
    the rules for one document then the ids give the tables a full evaluation gives: findings with their ids,
    statuses and every column, per-document counts and check_results."""
    from expectations.runner import run_rules
    from orchestration.findings import STATE_ENV, assign_ids_and_status, record_decision

    source = incremental_and_full["db"]
    ids = dict(query(source, "SELECT file_name, document_id FROM stg_documents"))
    altered = ids["altered.txt"]
    (kept,), = query(source, "SELECT min(finding_id) FROM check_failures WHERE document_id <> ?", [altered])
    (changed,), = query(source, "SELECT max(finding_id) FROM check_failures WHERE document_id = ?", [altered])
    assert kept and changed
    monkeypatch.setenv(STATE_ENV, str(tmp_path / "findings"))   # the same decisions for both copies
    record_decision(str(source), kept, "dismissed", "已核实", by="test")
    record_decision(str(source), changed, "dismissed", "模板问题", by="test")
    by_document, full = tmp_path / "by_document.duckdb", tmp_path / "full.duckdb"
    for path, documents in ((by_document, [altered]), (full, None)):
        shutil.copyfile(source, path)
        con = connect(str(path))
        try:
            run_rules(con, documents=documents)
            assign_ids_and_status(con, str(path))
        finally:
            con.close()
    con = connect(str(full), read_only=True)
    try:
        con.execute(f"ATTACH '{by_document}' AS by_document (READ_ONLY)")
        for table in ("check_failures", "check_counts_by_document", "check_results"):
            columns = [tuple(r) for r in con.execute(f"DESCRIBE marts.{table}").fetchall()]
            assert columns == [tuple(r) for r in con.execute(f"DESCRIBE by_document.marts.{table}").fetchall()], table
            for one, other in (("", "by_document."), ("by_document.", "")):
                assert con.execute(f"SELECT count(*) FROM (SELECT * FROM {one}marts.{table} "
                                   f"EXCEPT ALL SELECT * FROM {other}marts.{table})").fetchone()[0] == 0, table
        statuses = con.execute("SELECT finding_id, status, status_reason FROM by_document.marts.check_failures "
                               "WHERE status <> 'open' ORDER BY finding_id").fetchall()
    finally:
        con.close()
    assert statuses == sorted([(kept, "dismissed", "已核实"), (changed, "dismissed", "模板问题")])


def test_dbt_runs_in_the_build_folder_with_every_path_it_was_given_kept():
    """bw-guarded-dbt runs dbt where the build's file is (one constant profile: dbt's partial parse is reused);
    paths dagster-dbt gives relative to the project keep pointing there."""
    from orchestration.guarded_dbt import IN_BUILD_FOLDER, in_build_folder

    args = ["build", IN_BUILD_FOLDER, "/w/db.builds/run1", "--select", "fct_budget_lines", "--project-dir", "dbt_project"]
    environ = {"DBT_TARGET_PATH": "target/run1", "DBT_LOG_PATH": "/logs", "PATH": "/bin"}
    assert in_build_folder(args, environ, "/repo") == (
        ["build", "--select", "fct_budget_lines", "--project-dir", "/repo/dbt_project"],
        {"DBT_TARGET_PATH": "/repo/target/run1", "DBT_LOG_PATH": "/logs", "PATH": "/bin", "DBT_PROJECT_DIR": "/repo"},
        "/w/db.builds/run1")
    assert in_build_folder(["parse"], environ, "/repo") == (["parse"], environ, "/repo")


def test_every_per_document_model_reads_only_the_changed_documents():
    """The models dbt_project.yml makes incremental by document (staging, the per-document intermediates and marts)
    must read each input but a seed through per_document(): one read whole would insert every unchanged
    document's rows a second time. The list comes from dbt's manifest, so a model made incremental is held to it."""
    import json
    import re

    from orchestration.resources import dbt_project, ensure_manifest

    ensure_manifest()
    nodes = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))["nodes"].values()
    seeds = {n["name"] for n in nodes if n["resource_type"] == "seed"}
    per_document = [n for n in nodes if n["resource_type"] == "model" and n["config"]["materialized"] == "incremental"]
    assert {"stg_budget_cells", "int_budget_cells", "fct_narrative_figures", "fct_self_evaluations"} <= \
        {n["name"] for n in per_document}
    unwrapped = {}
    for node in per_document:
        text = node["raw_code"]
        reads = [r for r in re.findall(r"\b(?:source|ref)\('([^']+)'", text) if r not in seeds]
        wrapped = re.findall(r"per_document\((?:source|ref)\(", text)
        hooks = [h["sql"] for h in node["config"]["pre-hook"]]
        if not reads or len(wrapped) != len(reads) or hooks != ["{{ delete_changed_documents() }}"]:
            unwrapped[node["name"]] = (len(reads), len(wrapped), hooks)
    assert unwrapped == {}


def _dbt_tests(folder: Path, selection: list[str]) -> dict[str, tuple[str, int, list[tuple]]]:
    """dbt's verdict (status, failing rows, and those rows as a failed build logs them: orchestration/dbt_failures.py)
    on the selected tests of the warehouse.duckdb in `folder`, run as a build runs them: dbt in the build's folder,
    with the project's own profile and partial parse."""
    import json
    import subprocess
    import sys

    from conftest import ROOT
    from orchestration.dbt_failures import failing_check_rows

    project = ROOT / "dbt_project"
    target = folder / "target"
    target.mkdir()
    shutil.copyfile(project / "target" / "partial_parse.msgpack", target / "partial_parse.msgpack")
    dbt = os.path.join(os.path.dirname(sys.executable), "dbt")
    subprocess.run([dbt, "test", "--quiet", "--project-dir", str(project), "--profiles-dir", str(project),
                    "--target-path", str(target), "--select", *selection], cwd=folder, capture_output=True, check=False)
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    rows = failing_check_rows(str(target), str(folder / "warehouse.duckdb"))
    shutil.rmtree(target)
    return {r["unique_id"].split(".")[2]: (r["status"], r["failures"], sorted(rows.get(r["unique_id"].split(".")[2], [])))
            for r in results}


def test_dbt_tests_of_per_document_models_read_what_the_changed_documents_can_change(incremental_and_full, tmp_path):
    """In an incremental build the row checks of a per-document model (column_checks) read the changed documents'
    rows (dbt_project/macros/per_document.sql and tests/generic/column_checks.sql): the other rows are the published
    warehouse's, which passed every test (a failing test stops a build: the next test). A changed row equal to an
    unchanged one is caught: its key does not name its own document. In a build from scratch every test reads every
    row."""
    shutil.copyfile(incremental_and_full["db"], tmp_path / "warehouse.duckdb")
    con = connect(str(tmp_path / "warehouse.duckdb"))
    try:
        ids = dict(con.execute("SELECT file_name, document_id FROM staging.stg_documents").fetchall())
        changes = {d for (d,) in con.execute("SELECT document_id FROM main.build_changes").fetchall()}
        clean, altered = ids["clean.txt"], ids["altered.txt"]
        assert altered in changes and clean not in changes
        tables = {d: [t for (t,) in con.execute("SELECT table_id FROM staging.stg_budget_tables WHERE document_id = ? "
                                               "ORDER BY table_id", [d]).fetchall()] for d in (clean, altered)}
        for d in (clean, altered):   # a table id of each document lost
            con.execute("UPDATE staging.stg_budget_tables SET table_id = NULL WHERE table_id = ?", [tables[d][0]])
        # the unchanged document's table printed twice; a changed document's table under an unchanged one's id
        con.execute("INSERT INTO staging.stg_budget_tables SELECT * FROM staging.stg_budget_tables WHERE table_id = ?",
                    [tables[clean][1]])
        con.execute("UPDATE staging.stg_budget_tables SET table_id = ? WHERE table_id = ?", [tables[clean][2], tables[altered][2]])
        # and a changed document's table printed twice
        con.execute("INSERT INTO staging.stg_budget_tables SELECT * FROM staging.stg_budget_tables WHERE table_id = ?",
                    [tables[altered][3]])
    finally:
        con.close()
    def problems(verdict):   # (column, problem, key) of each failing row; a null key is named by the row's values
        status, failures, rows = verdict
        return status, failures, [(c, p, k if k is None or not k.startswith("{") else "row") for c, p, k, _ in rows]

    tests = ["column_checks_stg_budget_tables"]
    verdict = _dbt_tests(tmp_path, tests)["column_checks_stg_budget_tables"]
    # altered.txt's: its table id lost, its table under clean.txt's id (a key must name its own document: so the
    # unique check reads the changed documents' rows alone, tests/generic/column_checks.sql), its table twice
    assert problems(verdict) == ("fail", 3, [("table_id", "does not name its document", tables[clean][2]),
                                             ("table_id", "is null", "row"),
                                             ("table_id", "not unique", tables[altered][3])])
    assert f"'document_id': {altered}" in verdict[2][1][2]   # the row named by its values
    con = connect(str(tmp_path / "warehouse.duckdb"))
    try:
        con.execute("UPDATE main.warehouse_build SET incremental = false")   # as in a build from scratch
    finally:
        con.close()
    assert problems(_dbt_tests(tmp_path, tests)["column_checks_stg_budget_tables"]) == (
        "fail", 6, sorted([("table_id", "does not name its document", tables[clean][2]),
                           ("table_id", "is null", "row"), ("table_id", "is null", "row"),
                           ("table_id", "not unique", tables[clean][1]), ("table_id", "not unique", tables[clean][2]),
                           ("table_id", "not unique", tables[altered][3])]))


def test_stg_cell_boxes_is_a_view_whose_checks_read_the_changed_documents(incremental_and_full, tmp_path):
    """stg_cell_boxes is a view of raw.cell_boxes (not a second copy of the largest table), and its row checks are a
    per-document model's (macros/per_document.sql, `meta: per_document`): in an incremental build a cell printed
    twice is caught among the changed documents' raw rows, an unchanged document's rows (the published warehouse's,
    which passed) are not read; in a build from scratch every row is."""
    shutil.copyfile(incremental_and_full["db"], tmp_path / "warehouse.duckdb")
    con = connect(str(tmp_path / "warehouse.duckdb"))
    try:
        assert con.execute("SELECT table_type FROM information_schema.tables WHERE table_schema = 'staging' "
                           "AND table_name = 'stg_cell_boxes'").fetchall() == [("VIEW",)]
        ids = dict(con.execute("SELECT file_name, document_id FROM staging.stg_documents").fetchall())
        changes = {d for (d,) in con.execute("SELECT document_id FROM main.build_changes").fetchall()}
        clean, altered = ids["clean.txt"], ids["altered.txt"]
        assert altered in changes and clean not in changes
        for document_id in (clean, altered):   # one printed cell of each document twice
            con.execute("INSERT INTO raw.cell_boxes SELECT * FROM raw.cell_boxes WHERE document_id = ? "
                        "ORDER BY page, table_index, page_row, col LIMIT 1", [document_id])
    finally:
        con.close()
    tests = ["column_checks_stg_cell_boxes"]
    status, failures, rows = _dbt_tests(tmp_path, tests)["column_checks_stg_cell_boxes"]
    assert (status, failures) == ("fail", 1) and rows[0][1] == "not unique" and rows[0][2].startswith(altered + "|")
    con = connect(str(tmp_path / "warehouse.duckdb"))
    try:
        con.execute("UPDATE main.warehouse_build SET incremental = false")   # as in a build from scratch
    finally:
        con.close()
    status, failures, rows = _dbt_tests(tmp_path, tests)["column_checks_stg_cell_boxes"]
    assert (status, failures) == ("fail", 2) and {r[2].split("|")[0] for r in rows} == {clean, altered}


def test_relationships_tests_of_per_document_models_read_the_changed_documents(incremental_and_full, tmp_path):
    """A relationships test from a per-document model to a parent whose rows are a document's own (a per-document
    model, or dim_documents) looks for the value among the parent's rows of the same document, in every build; in an
    incremental build it reads the changed documents' rows only (dbt_project/macros/relationships.sql): the other
    rows are the published warehouse's, found in their own document's unchanged parent rows when it was built."""
    shutil.copyfile(incremental_and_full["db"], tmp_path / "warehouse.duckdb")
    con = connect(str(tmp_path / "warehouse.duckdb"))
    try:
        ids = dict(con.execute("SELECT file_name, document_id FROM staging.stg_documents").fetchall())
        changes = {d for (d,) in con.execute("SELECT document_id FROM main.build_changes").fetchall()}
        removed = sorted(changes - set(ids.values()))
        clean, evaluations = ids["clean.txt"], ids["evaluations.xlsx"]
        assert removed and evaluations in changes and clean not in changes
        # a line of a removed document left behind (the build would have deleted it), and one of a document this
        # build does not know (no build could have written it: an unchanged row, not read incrementally)
        for document_id in (removed[0], "0000000000000000"):
            con.execute("""INSERT INTO intermediate.int_budget_lines SELECT * REPLACE (? AS document_id)
                           FROM intermediate.int_budget_lines WHERE document_id = ? LIMIT 1""", [document_id, clean])
        # a changed document's indicator pointing at a form that is another document's
        (project_key,), = con.execute("SELECT min(table_id) FROM marts.fct_evaluation_indicators").fetchall()
        con.execute("UPDATE marts.fct_self_evaluations SET document_id = ? WHERE project_key = ?", [clean, project_key])
    finally:
        con.close()
    tests = ["test_name:relationships,int_budget_lines", "test_name:relationships,fct_evaluation_indicators"]

    def verdicts():
        found = _dbt_tests(tmp_path, tests)
        assert len(found) == 2
        return sorted((name.split("_")[1], status, failures) for name, (status, failures, _) in found.items())

    indicators = query(tmp_path / "warehouse.duckdb", "SELECT count(*) FROM marts.fct_evaluation_indicators "
                                                      "WHERE table_id = ?", [project_key])[0][0]
    assert indicators > 0
    assert verdicts() == [("fct", "fail", indicators), ("int", "fail", 1)]
    con = connect(str(tmp_path / "warehouse.duckdb"))
    try:
        con.execute("UPDATE main.warehouse_build SET incremental = false")   # as in a build from scratch
    finally:
        con.close()
    assert verdicts() == [("fct", "fail", indicators), ("int", "fail", 2)]


def test_forget_retracts_a_removed_file_and_rebuilds(incremental_and_full, tmp_path, capsys, monkeypatch):
    """`budget-warehouse forget PATH` on a copy of the published warehouse and its store: the file (removed from
    disk, or not) leaves the store, and the rebuild leaves its facts out; a name the store does not know exits 2."""
    from orchestration.cli import main

    published = incremental_and_full["db"]
    db, store = tmp_path / "w.duckdb", tmp_path / "w.duckdb.store"
    shutil.copyfile(published, db)
    shutil.copytree(str(published) + ".store", store)
    for name, value in (("BW_DB", db), ("BW_STORE", store)):   # the CLI sets them: undone after this test
        monkeypatch.setenv(name, str(value))
    (suspected,), = query(db, "SELECT document_id FROM dim_documents WHERE file_name = 'suspected.txt'")
    assert query(db, "SELECT count(*) FROM fct_budget_lines WHERE document_id = ?", [suspected])[0][0] > 0
    lines = query(db, "SELECT count(*) FROM fct_budget_lines WHERE document_id <> ?", [suspected])[0][0]
    path = str(published.parent / "inbox" / "suspected.txt")   # as ingested (the copy's registry names it)
    assert main(["forget", path, "--db", str(db), "--store", str(store)]) == 0, capsys.readouterr().err
    assert query(db, "SELECT count(*) FROM dim_documents WHERE file_name = 'suspected.txt'") == [(0,)]
    assert query(db, "SELECT count(*) FROM fct_budget_lines WHERE document_id = ?", [suspected]) == [(0,)]
    assert query(db, "SELECT count(*) FROM check_failures WHERE document_id = ?", [suspected]) == [(0,)]
    assert query(db, "SELECT count(*) FROM fct_budget_lines")[0][0] == lines   # the others stay
    assert not os.path.exists(document_store.document_dir(str(store), suspected)) and os.path.exists(path)   # the store's copy only
    assert main(["forget", "no-such-document", "--db", str(db), "--store", str(store)]) == 2


def test_a_build_whose_dbt_tests_fail_is_not_published(incremental_and_full, tmp_path):
    """What lets the row tests above read the changed documents only: a build in which a dbt test fails is abandoned,
    so the published warehouse is always one whose every document passed every test. Here a document's raw rows
    fail not_null (its table id lost from the store's Parquet, its extraction record moved as a re-extraction moves
    it): the incremental build reloads it, the test fails on it, nothing is published; the run log names the failing
    row (orchestration/dbt_failures.py: dbt's own message gives a count)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    published = incremental_and_full["db"]
    db, store = tmp_path / "w.duckdb", tmp_path / "w.duckdb.store"
    shutil.copyfile(published, db)
    shutil.copytree(str(published) + ".store", store)
    (clean,), = query(db, "SELECT document_id FROM stg_documents WHERE file_name = 'clean.txt'")
    folder = Path(document_store.document_dir(str(store), clean))
    tables = pq.read_table(folder / "budget_tables.parquet")
    ids = tables.column("table_id").to_pylist()
    tables = tables.set_column(tables.schema.get_field_index("table_id"), tables.schema.field("table_id"),
                               pa.array([None] + ids[1:], tables.schema.field("table_id").type))
    pq.write_table(tables, folder / "budget_tables.parquet")
    done = folder / document_store.DONE
    os.utime(done, ns=(os.stat(done).st_atime_ns, os.stat(done).st_mtime_ns + 1_000_000_000))
    before = os.stat(db)
    assert run_cli([str(published.parent / "inbox"), "--db", str(db), "--store", str(store)]) != 0
    after = os.stat(db)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)   # the published file stays
    (log,) = (tmp_path / "w.duckdb.logs").glob("run-*.log")
    failed = [line.split("dbt test failed: ", 1)[1] for line in log.read_text(encoding="utf-8").splitlines()
              if "dbt test failed: " in line]
    assert failed and all(line.startswith("column_checks_raw_budget_tables: table_id is null at {") for line in failed)
    assert any(f"'document_id': {clean}" in line for line in failed)
