"""Scale benchmark: build a warehouse of N distinct documents and time each phase.

    python bench/scale.py N [N ...] [--from STORE] [--work DIR] [--dbt-project DIR]

The N documents are made from extracted documents (those loaded in STORE, default: the bundled
samples, extracted first into DIR/source): copy i of a document gets a new document id (sha256 of the
source id and i), its own file name (`copy00042_<name>`), path and sha256, and every value naming the
source id is rewritten to the new id; its facts are the source's. So each copy is a distinct document
with all its facts, as an archive of many departments' disclosures would be (the copies of one
disclosure are recognised as the same department and year: one current, the others duplicates).

For each N it prints, per phase (raw load, dbt build, rules + findings, report, publish):
- cold build: a new warehouse from the N documents;
- unchanged re-run: what `budget-warehouse run` does when nothing changed (the build key is compared
  with the published warehouse's: extract/build_key.py) — no build;
- add one document: one more copy, then the build as the pipeline runs it: incremental (it starts from the
  published warehouse, loads the one new document, rebuilds that document's rows of the per-document dbt
  models and every cross-document model, every dbt test, rule and the report: extract/loader.py). This first
  build after a cold one copies the published file;
- add one more: a second document added the same way, as every later build runs: it starts from the file the
  previous publish replaced (extract/loader.py `_claim_previous`), not from a copy;
and peak RSS (the largest of this process's, dbt's own and a report worker's, read from /proc while they run), warehouse size, and
what the build wrote of the report (MB:
the index, the pages it rewrote and their pictures; the pages of unchanged documents are carried over).
Phases are timed in wall-clock seconds: on a shared machine they move with the load.
`--dbt-project` builds with another copy of the dbt project (to measure a change of materialisation).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import threading
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from extract import store as document_store  # noqa: E402
from extract.loader import (BUILD_INFO, abandon_build, build_path, changed_documents, changed_raw_tables, load_store,  # noqa: E402
                            open_warehouse, publish_build, unchanged)
from extract.pipeline import extract_document  # noqa: E402
from orchestration.guarded_dbt import dbt_build_args, dbt_environment, parse_if_stale, unchanged_nodes  # noqa: E402

DBT = os.path.join(os.path.dirname(sys.executable), "dbt")
DBT_DIR = Path(os.environ.get("BW_SCALE_DBT_PROJECT") or ROOT / "dbt_project")


def source_store(work: Path) -> Path:
    """The bundled samples extracted into work/source (reused when already there)."""
    store = work / "source"
    for path in sorted((ROOT / "samples").iterdir()):
        if path.is_file():
            extract_document(str(path), str(store))
    return store


def loaded_documents(store: Path) -> list[str]:
    return [d for d in document_store.stored_documents(str(store))
            if (document_store.read_done(str(store), d) or {}).get("status") == "loaded"]


def replicate(source: Path, source_id: str, copy: int, store: Path) -> str:
    """Copy `copy` of a source document into `store` under a new id; returns the id."""
    new_id = hashlib.sha256(f"{source_id}:{copy}".encode()).hexdigest()[:16]
    target = store / new_id
    if (target / document_store.DONE).exists():
        return new_id
    staging = store / f".{new_id}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    prefix = f"copy{copy:05d}_"
    for parquet in sorted((source / source_id).glob("*.parquet")):
        table = pq.read_table(parquet)
        columns = []
        for name, column in zip(table.column_names, table.columns):
            if pa.types.is_string(column.type):
                column = pc.replace_substring(column, source_id, new_id)
                if parquet.stem == "documents" and name in ("file_name", "path"):
                    column = pc.utf8_replace_slice(column, 0, 0, prefix) if name == "file_name" else \
                        pc.replace_substring_regex(column, r"([^/]*)$", prefix + r"\1")
                elif parquet.stem == "documents" and name == "sha256":
                    column = pa.array([hashlib.sha256(f"{v}:{copy}".encode()).hexdigest() for v in column.to_pylist()])
            columns.append(column)
        pq.write_table(pa.Table.from_arrays(columns, schema=table.schema), staging / parquet.name)
    done = json.loads((source / source_id / document_store.DONE).read_text(encoding="utf-8"))
    done["file_name"] = prefix + done["file_name"]
    (staging / document_store.DONE).write_text(json.dumps(done, ensure_ascii=False), encoding="utf-8")
    os.rename(staging, target)
    return new_id


DBT_PEAK_MB = [0.0]   # dbt's own peak RSS over the builds of this process (polled: run_measured)


REPORT_PEAK_MB = [0.0]   # the report's worker processes: the larger peak RSS of one (polled: children_peak_mb)


def peak_rss_mb() -> float:
    return max(own_peak_rss_mb(), DBT_PEAK_MB[0], REPORT_PEAK_MB[0])


class children_peak_mb:
    """While in the block, poll the peak RSS (VmHWM) of this process's children (the report's workers) and their
    sum of RSS at a time: `.peak` (the larger one's), `.total` (the most the children held at once) and `.build` (the
    most this process and its children held at once: the build's memory while the report is written)."""

    def __enter__(self):
        self.peak, self.total, self.build, self._done = 0.0, 0.0, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()
        return self

    def _poll(self):
        me = str(os.getpid())
        while not self._done.is_set():
            held = 0.0
            for pid in os.listdir("/proc"):
                try:
                    with open(f"/proc/{pid}/status") as status:
                        fields = dict(line.split(":", 1) for line in status if ":" in line)
                    if pid.isdigit() and fields["PPid"].strip() == me:
                        self.peak = max(self.peak, int(fields["VmHWM"].split()[0]) / 1024)
                        held += int(fields["VmRSS"].split()[0]) / 1024
                except (OSError, KeyError, ValueError):
                    pass
            self.total = max(self.total, held)
            try:
                with open("/proc/self/status") as status:
                    own = next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))
                self.build = max(self.build, held + own)
            except (OSError, StopIteration, ValueError):
                pass
            self._done.wait(0.2)

    def __exit__(self, *exc):
        self._done.set()
        self._thread.join()


def run_measured(args: list[str], **kwargs) -> tuple[subprocess.CompletedProcess, float]:
    """subprocess.run, and the child's own peak RSS in MB (VmHWM, read from /proc while it runs: the rusage of
    children would count this process's pages, which a child shares from its fork, as the child's)."""
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)
    peak, done = [0.0], threading.Event()

    def poll():
        while not done.is_set():
            try:
                with open(f"/proc/{child.pid}/status") as status:
                    kb = next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
                peak[0] = max(peak[0], kb / 1024)
            except (OSError, ValueError):
                pass
            done.wait(0.2)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    stdout, stderr = child.communicate()
    done.set()
    watcher.join()
    return subprocess.CompletedProcess(args, child.returncode, stdout, stderr), peak[0]


def own_peak_rss_mb() -> float:
    """This process's peak RSS so far (load, rules and report run here, dbt in a child)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(store: Path, db: Path, build_id: str) -> dict[str, float]:
    """One build as the assets run it (raw_tables → dbt build → check_failures → report → publish)."""
    from expectations.report import publish_report, write_report
    from expectations.runner import prepare_in_background, run_rules
    from orchestration.settings import Settings
    from orchestration.findings import assign_ids_and_status, decisions_file

    phases, peaks = {}, {}
    prepare_in_background()   # as `budget-warehouse run` does: GX imported while the build loads and dbt runs
    started = time.monotonic()
    load_store(str(store), str(db), build_id=build_id, decisions_file=decisions_file(str(db)))
    phases["load"] = time.monotonic() - started
    peaks["load"] = own_peak_rss_mb()
    started = time.monotonic()
    with open_warehouse(str(db), build_id) as con:
        changed_tables = changed_raw_tables(con)
        phases["started_from"] = con.execute(f"SELECT max(started_from) FROM {BUILD_INFO}").fetchone()[0]
    incremental = changed_tables is not None
    # As the pipeline runs it: in the build's folder, whose file the profile opens (dbt's partial parse reused), the
    # nodes that read no changed raw table left out of an incremental build (the manifest of `dbt parse`).
    unchanged = unchanged_nodes(json.loads((DBT_DIR / "target" / "manifest.json").read_text(encoding="utf-8")),
                                changed_tables) if incremental else []
    completed, dbt_peak = run_measured(
        [DBT, *dbt_build_args(incremental, unchanged), "--quiet", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)],
        text=True, cwd=os.path.dirname(build_path(str(db), build_id)), env=dbt_environment(dict(os.environ)))
    DBT_PEAK_MB[0] = max(DBT_PEAK_MB[0], dbt_peak)
    if completed.returncode != 0:
        # As the pipeline: every dbt test is error-severity and a build in which one fails is never published
        # (exit 1 is a failing test or model, 2 a broken invocation): the bench stops and publishes nothing.
        abandon_build(str(db), build_id)
        raise SystemExit(f"dbt build failed (exit {completed.returncode}), nothing published:\n"
                         f"{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}")
    phases["dbt"] = time.monotonic() - started
    peaks["dbt"] = own_peak_rss_mb()
    started = time.monotonic()
    with open_warehouse(str(db), build_id) as con:
        run_rules(con, documents=changed_documents(con))
        assign_ids_and_status(con, str(db))
    phases["rules"] = time.monotonic() - started
    peaks["rules"] = own_peak_rss_mb()
    started = time.monotonic()
    reports = Path(str(db) + ".reports")
    # as the pipeline writes it: batches of pages in BW_WORKERS processes (default: the CPUs it may run on)
    workers = Settings.from_env().workers
    with children_peak_mb() as children:
        pages = write_report(build_path(str(db), build_id), str(reports), build_id, workers=workers)
    phases["report"] = time.monotonic() - started
    peaks["report"] = own_peak_rss_mb()
    REPORT_PEAK_MB[0] = max(REPORT_PEAK_MB[0], children.peak)
    started = time.monotonic()
    publish_build(str(db), build_id, lambda: publish_report(str(reports), build_id))
    phases["publish"] = time.monotonic() - started
    phases["report_mb"] = pages.bytes_written / 1e6
    # Which phase raised this process's peak RSS (a peak is never lowered: each figure is the peak up to then).
    print(f"(build {build_id}: this process's peak RSS MB after each phase: "
          + ", ".join(f"{name} {mb:.0f}" for name, mb in peaks.items())
          + f"; dbt's own peak {dbt_peak:.0f}; the report's workers: {children.peak:.0f} the larger, "
          f"{children.total:.0f} at most at once, {children.build:.0f} with this process)", file=sys.stderr)
    phases["pages"] = len(pages.written)
    return phases


def run(n: int, source: Path, work: Path) -> list[str]:
    ids = loaded_documents(source)
    if not ids:
        raise SystemExit(f"no loaded document in {source}")
    store, db = work / f"n{n}" / "store", work / f"n{n}" / "warehouse.duckdb"
    # The copies are the same every run (ids from source id and copy number): a store of an earlier run is reused
    # (at 10,000 copying takes ~20 minutes), less the document its "add one" added; the warehouse starts afresh.
    for stale in work.glob(f"n{n}/warehouse.duckdb*"):
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    for added in (n, n + 1):
        shutil.rmtree(store / hashlib.sha256(f"{ids[0]}:{added}".encode()).hexdigest()[:16], ignore_errors=True)
    started = time.monotonic()
    for i in range(n):
        replicate(source, ids[i % len(ids)], i, store)
    made = time.monotonic() - started
    rows = []

    def line(label, phases, total):
        rows.append(f"| {n:>6,} | {label:<22} | {total:8.1f} | " + " | ".join(
            f"{phases.get(p, 0):6.1f}" for p in ("load", "dbt", "rules", "report", "publish"))
            + f" | {peak_rss_mb():7.0f} | {db.stat().st_size / 1e6:7.0f} | {phases.get('report_mb', 0):6.1f}"
            + f" | {phases.get('pages', 0):6,} |")

    started = time.monotonic()
    phases = build(store, db, "cold")
    line("cold build", phases, time.monotonic() - started)
    started = time.monotonic()
    same = unchanged(str(store), str(db))
    elapsed = time.monotonic() - started
    assert same, "an unchanged store must be recognised as unchanged"
    line("unchanged re-run", {}, elapsed)
    replicate(source, ids[0], n, store)   # one more document
    started = time.monotonic()
    assert not unchanged(str(store), str(db))
    phases = build(store, db, "add-one")
    line("add one document", phases, time.monotonic() - started)
    replicate(source, ids[0], n + 1, store)   # and one more: this build starts from the previous build's file
    started = time.monotonic()
    phases = build(store, db, "add-one-more")
    assert phases["started_from"] == "previous build", phases["started_from"]
    line("add one more", phases, time.monotonic() - started)
    print(f"(N={n}: {n} documents replicated from {len(ids)} in {made:.0f} s)", file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--from", dest="source", help="a store of extracted documents (default: the samples)")
    parser.add_argument("--work", default="/tmp/bw-scale", help="where the stores and warehouses are written")
    parser.add_argument("--dbt-project", help="the dbt project to build with (default: the project's own)")
    parser.add_argument("--no-header", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dbt_project:   # read at import by this process's children (one per N) and by build()
        global DBT_DIR
        DBT_DIR = Path(args.dbt_project).resolve()
        os.environ["BW_SCALE_DBT_PROJECT"] = str(DBT_DIR)
    work = Path(args.work).resolve()
    source = Path(args.source).resolve() if args.source else source_store(work)
    parse_if_stale(DBT_DIR)   # its manifest says what incremental builds leave out
    if not args.no_header:
        print("| N | run | total s | load | dbt | rules | report | publish | peak RSS MB | DB MB | report MB written "
              "| pages written |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    if len(args.sizes) > 1:   # one process per N, so each N's peak RSS is its own
        for n in args.sizes:
            subprocess.run([sys.executable, __file__, str(n), "--from", str(source), "--work", str(work), "--no-header"],
                           check=True)
        return
    for row in run(args.sizes[0], source, work):
        print(row, flush=True)


if __name__ == "__main__":
    main()
