import json
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FACTS = json.loads((SAMPLES / "facts" / "seed002_budget.json").read_text(encoding="utf-8"))
CORPUS = (ROOT.parent / "shared" / "corpus" / "real").resolve()
CORPUS_WIDE = (ROOT.parent / "shared" / "corpus" / "wide").resolve()


def run_cli(args: list[str]) -> int:
    from orchestration.cli import main

    return main(["run", *args])


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory):
    """The README's main job on the bundled samples, into a fresh warehouse."""
    db = tmp_path_factory.mktemp("samples") / "warehouse.duckdb"
    assert run_cli(["--db", str(db)]) == 0
    return db


@pytest.fixture(scope="session")
def corpus_warehouse(tmp_path_factory):
    """The whole real corpus (../shared/corpus/real) through the same pipeline."""
    assert CORPUS.is_dir(), f"the real corpus is expected at {CORPUS}"
    db = tmp_path_factory.mktemp("corpus") / "warehouse.duckdb"
    assert run_cli([str(CORPUS), "--db", str(db)]) == 0
    return db


@pytest.fixture(scope="session")
def corpus_wide_warehouse(tmp_path_factory):
    """The wide crawled corpus (../shared/corpus/wide: 51 部门预算 of other cities) through the same pipeline."""
    assert CORPUS_WIDE.is_dir(), f"the wide corpus is expected at {CORPUS_WIDE}"
    db = tmp_path_factory.mktemp("corpus_wide") / "warehouse.duckdb"
    assert run_cli([str(CORPUS_WIDE), "--db", str(db)]) == 0
    return db


def query(db, sql, params=None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
