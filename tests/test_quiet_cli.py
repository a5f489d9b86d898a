"""The CLI as a data engineer sees it: progress per document, a short summary, logs in a file."""
import re
import shlex

from conftest import query
from orchestration.cli import main


def _printed(sample_warehouse) -> str:
    return (sample_warehouse.parent / "cli_output.txt").read_text(encoding="utf-8")


def test_the_run_prints_progress_and_a_summary_not_dbt_and_dagster_logs(sample_warehouse):
    printed = _printed(sample_warehouse)
    lines = printed.splitlines()
    documents = [n for (n,) in query(sample_warehouse, "SELECT file_name FROM dim_documents")]
    progress = [l for l in lines if re.match(r"\s+\[\s*\d+/11\] ", l)]
    assert len(progress) == len(documents) == 11
    assert {re.sub(r".*\] \S+\s+", "", l).split(" — ")[0] for l in progress} == set(documents)
    assert len(lines) < 45, printed
    for noise in ("PASS", "START", "AssetObservation", "dagster - ", "Running with dbt", "WARNING"):
        assert noise not in printed, noise
    assert "Alerts: not configured" in printed
    assert "Build: from scratch (11 document(s) loaded)" in lines   # how the published warehouse was built


def test_the_logs_go_to_a_file_beside_the_warehouse(sample_warehouse):
    printed = _printed(sample_warehouse)
    path = re.search(r"dbt and Dagster log: (\S+)", printed).group(1)
    assert path.startswith(str(sample_warehouse) + ".logs/")
    log = open(path, encoding="utf-8").read()
    assert "Completed successfully" in log and "START" in log     # dbt's own progress is kept, in the file


def test_the_last_line_names_a_command_that_works(sample_warehouse, capsys):
    last = _printed(sample_warehouse).strip().splitlines()[-1]
    command = re.search(r"Query the marts with: (.+?)\s+\(see README", last).group(1)
    argv = shlex.split(command)
    assert argv[:2] == ["budget-warehouse", "sql"]
    assert main(argv[1:]) == 0
    out = capsys.readouterr().out
    assert "石家庄市科学技术局" in out and "(1 row)" in out
