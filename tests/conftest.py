import contextlib
import io
import json
import os
from pathlib import Path

import pytest

from extract.duckdb_settings import connect

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FACTS = json.loads((SAMPLES / "facts" / "seed002_budget.json").read_text(encoding="utf-8"))
CORPUS = (ROOT.parent / "shared" / "corpus" / "real").resolve()
CORPUS_WIDE = (ROOT.parent / "shared" / "corpus" / "wide").resolve()


# Tiers (make test-fast / make test): a test that builds a warehouse through the pipeline is `e2e`; one that
# reads the real corpus is `corpus`. Tests on the shared warehouses are marked by the fixture they use;
# the others carry their marker themselves.
E2E_FIXTURES = {"sample_warehouse", "altered_warehouses", "planted_warehouse", "corpus_warehouse", "corpus_wide_warehouse",
                "hostile_run", "published", "incremental_and_full"}
CORPUS_FIXTURES = {"corpus_warehouse", "corpus_wide_warehouse"}


# `make test` runs the suite on two workers (pytest-xdist, --dist loadgroup). A fixture wider than a test is
# built once per worker that asks for it, so the tests on one shared warehouse form one group (one worker),
# the tests of a module with a module fixture another; every other test goes wherever a worker is free.
SHARED_WAREHOUSES = ("corpus_wide_warehouse", "corpus_warehouse", "altered_warehouses", "sample_warehouse")


def xdist_group_of(item) -> str | None:
    used = set(getattr(item, "fixturenames", ()))
    both = [name for name in SHARED_WAREHOUSES if name in used]
    if len(both) > 1:   # its group's worker would build the other warehouse too: twice per run
        raise pytest.UsageError(f"{item.nodeid} asks for {both}: a test may use one shared warehouse (split it)")
    shared = next((name for name in SHARED_WAREHOUSES if name in used), None)
    if shared:
        return shared
    # Any other fixture of ours wider than a test (pytest's own, such as tmp_path_factory, have no baseid):
    # a module's fixture groups its module; a session fixture of tests/conftest.py groups by its name.
    fixtures = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    wide = sorted(d.baseid if d.baseid.endswith(".py") else d.argname
                  for defs in fixtures.values() for d in defs if d.scope != "function" and d.baseid)
    return wide[0] if wide else None


@pytest.hookimpl(tryfirst=True)   # before xdist's own hook turns the xdist_group marks into the nodeid's @group
def pytest_collection_modifyitems(items):
    groups = {}
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & E2E_FIXTURES:
            item.add_marker(pytest.mark.e2e)
        if used & CORPUS_FIXTURES:
            item.add_marker(pytest.mark.corpus)
        groups[item] = group = xdist_group_of(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
    # Workers take the work in collection order (make test: --no-loadscope-reorder): the shared warehouses
    # first, then the other tests that build warehouses, then those reading corpus PDFs, so that no long test is
    # left to run alone at the end.
    def cost_rank(item):
        group = groups[item]
        if group in SHARED_WAREHOUSES:
            return SHARED_WAREHOUSES.index(group)
        return len(SHARED_WAREHOUSES) + (0 if item.get_closest_marker("e2e") else 1 if item.get_closest_marker("corpus") else 2)

    items.sort(key=cost_rank)


def run_cli(args: list[str]) -> int:
    from orchestration.cli import main

    return main(["run", *args])


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory):
    """The README's main job on the bundled samples, into a fresh warehouse."""
    db = tmp_path_factory.mktemp("samples") / "warehouse.duckdb"
    printed = io.StringIO()   # what a user sees on the terminal (tests/test_quiet_cli.py reads it)
    with contextlib.redirect_stdout(printed):
        code = run_cli(["--db", str(db)])
    (db.parent / "cli_output.txt").write_text(printed.getvalue(), encoding="utf-8")
    assert code == 0, printed.getvalue()
    return db


@pytest.fixture(scope="session")
def corpus_warehouse(tmp_path_factory):
    """The whole real corpus (../shared/corpus/real) through the same pipeline."""
    assert CORPUS.is_dir(), f"the real corpus is expected at {CORPUS}"
    db = tmp_path_factory.mktemp("corpus") / "warehouse.duckdb"
    assert run_cli([str(CORPUS), "--db", str(db)]) == 0
    return db


SUSPECTED_NARRATIVE = """\f二、机关运行经费安排情况
2023年本部门机关运行经费安排450.00万元，主要用于办公及印刷费、邮电费、差旅费等日常运行支出。
三、名词解释
机关运行费：是指各部门的公用经费，包括办公及印刷费、邮电费、差旅费等。
"""

# A file name cannot contain "/", so the hostile name closes no tag; it still carries <, >, ', " and &.
HOSTILE_NAME = "<script>alert('x')<script>&\"q\".txt"


def alter_cells(text: str, cells: list[str], old: str, new: str) -> str:
    """Replace `old` by `new` in the last cell holding it, on the first line whose non-empty cells are `cells`."""
    line = next(l for l in text.splitlines() if [c for c in l.split("\t")[1:] if c] == cells)
    cut = line.rindex(old)
    altered = text.replace(line, line[:cut] + new + line[cut + len(old):], 1)
    assert altered != text
    return altered


@pytest.fixture(scope="session")
def altered_warehouses(tmp_path_factory):
    """Two warehouses of seed 002 text copies, for the alerts, the report and the altered-figure test:
      warehouse.duckdb  altered.txt      支出总表 2060101's 基本支出 1358.03 -> 1358.30: two ERROR mismatches;
                        <script>…&.txt   the same plus 2060201's 项目支出 172.44 -> 172.45 (within the rounding
                                         envelope: two rounding warnings), under a hostile file name;
                        seed002_budget.txt  the clean sample;
                        suspected.txt    the clean sample with a 情况说明 page that defines 机关运行费 as the
                                         公用经费 and states 450.00 万元 of it against a 公用经费 of 443.88: a
                                         SUSPECTED error (DIS-021 rests on the document's definition): no alert;
      clean.duckdb      the clean sample alone.
    """
    root = tmp_path_factory.mktemp("altered")
    clean_sample = SAMPLES / "seed002_budget.txt"
    text = clean_sample.read_text(encoding="utf-8")
    # 支出总表 2060101 行政运行: 合计 1358.03 = 基本 1358.03; print the 基本支出 as 1358.30
    altered = alter_cells(text, ["2060101", "行政运行", "1358.03", "1358.03"], "1358.03", "1358.30")
    # 支出总表 2060201 机构运行: 779.88 = 607.44 + 172.44; 172.45 stays within the rounding envelope
    rounded = alter_cells(altered, ["2060201", "机构运行", "779.88", "607.44", "172.44"], "172.44", "172.45")
    inbox = root / "inbox"
    inbox.mkdir()
    (inbox / "altered.txt").write_text(altered, encoding="utf-8")
    (inbox / HOSTILE_NAME).write_text(rounded, encoding="utf-8")
    (inbox / "suspected.txt").write_text(text + SUSPECTED_NARRATIVE, encoding="utf-8")
    db, clean_db = root / "warehouse.duckdb", root / "clean.duckdb"
    saved = {k: os.environ.get(k) for k in ("BW_DB", "BW_STORE")}   # the CLI sets them for its runs
    try:
        assert run_cli([str(inbox / "altered.txt"), str(inbox / HOSTILE_NAME), str(clean_sample),
                        str(inbox / "suspected.txt"), "--db", str(db)]) == 0
        # the clean warehouse: a second run in the same process (Dagster, dbt and GX already imported)
        assert run_cli([str(clean_sample), "--db", str(clean_db)]) == 0
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return {"db": db, "clean_db": clean_db, "root": root, "altered_text": altered}


def items_checked(db, rule_id: str, file_names) -> int:
    """How many items a catalogue rule checks in these documents (check_results counts a whole warehouse,
    which the tests share between input sets)."""
    from expectations.catalogue import load_rules

    rule = next(r for r in load_rules() if r.id == rule_id)
    body = "\n".join(line for line in rule.sql.splitlines() if not line.strip().startswith("--"))
    items = f"SELECT * FROM ({body}\n) r"
    columns = {c for c, *_ in query(db, f"DESCRIBE {items}")}
    checkable = "coalesce(checkable, false)" if "checkable" in columns else "true"   # as the runner counts
    (count,), = query(db, f"""SELECT count(*) FROM ({items}) i WHERE {checkable} AND i.document_id IN
                             (SELECT document_id FROM dim_documents WHERE file_name IN (SELECT unnest(?)))""",
                      [list(file_names)])
    return count


@pytest.fixture(scope="session")
def corpus_wide_warehouse(tmp_path_factory):
    """The wide crawled corpus (../shared/corpus/wide: 51 部门预算 of other cities) through the same pipeline."""
    assert CORPUS_WIDE.is_dir(), f"the wide corpus is expected at {CORPUS_WIDE}"
    db = tmp_path_factory.mktemp("corpus_wide") / "warehouse.duckdb"
    assert run_cli([str(CORPUS_WIDE), "--db", str(db)]) == 0
    return db


def document_page(db, document_id: str) -> str:
    """The published report's page of one document of the warehouse at db (<db>.reports/documents/<id>.html)."""
    from expectations.report import page_name

    return (Path(str(db) + ".reports") / "documents" / page_name(document_id)).read_text(encoding="utf-8")


def pdf_document(*tables, file_name: str = "x.pdf"):
    """A PDF document made of reader tables, as a form recogniser receives it (forms read its tables and file name)."""
    from extract.model import Document

    return Document(path="x.pdf", file_name=file_name, sha256="0" * 64, format="pdf",
                    pages=max((t.page for t in tables), default=1), tables=list(tables))


def query(db, sql, params=None):
    con = connect(str(db), read_only=True)   # as the project opens it: names resolve in marts, intermediate, …
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
