"""Marts an analyst can query without reading code; export and SQL access; all on the demo warehouse."""
import csv
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT, query
from orchestration.cli import main

SEED002 = ("306", "石家庄市科学技术局", 2023, "预算")
SEED002_FORMATS = {"seed002_budget.txt", "seed002_budget.xlsx", "seed002_budget_grid.pdf", "seed002_budget_hrules.pdf",
                   "seed002_disclosure.pdf"}


def _readme_query(title: str) -> str:
    """The README's example query under the comment `-- <title>` (the README must stay true)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split(f"-- {title}\n", 1)[1]
    return block.split(";", 1)[0]


def test_one_current_document_per_disclosure_the_other_formats_are_duplicates(sample_warehouse):
    roles = dict(query(sample_warehouse, "SELECT file_name, disclosure_role FROM dim_documents WHERE disclosure_role IS NOT NULL"))
    assert set(roles) == SEED002_FORMATS
    # the full disclosure (its tables and its narrative, procurement, assets) is the current one
    assert roles.pop("seed002_disclosure.pdf") == "current"
    assert set(roles.values()) == {"duplicate"}
    disclosures = query(sample_warehouse, """SELECT department_code, department_name, fiscal_year, document_kind,
                                                    documents, duplicates, superseded FROM dim_disclosures""")
    assert disclosures == [(*SEED002, 5, 4, 0)]


def test_the_readme_example_counts_the_disclosure_once(sample_warehouse):
    rows = query(sample_warehouse, _readme_query("基本支出 vs 项目支出 by department and year"))
    # seed 002's 支出总表 合计: 基本支出 5827.79 万元, 项目支出 8105.89 万元 — once, not five times
    assert rows == [("石家庄市科学技术局", 2023, "basic", Decimal("58277900.00")),
                    ("石家庄市科学技术局", 2023, "project", Decimal("81058900.00"))]


def test_three_public_in_one_shape(sample_warehouse):
    rows = query(sample_warehouse, """SELECT part, part_name, printed_name, amount_yuan, blank_printed, printed_shape, basis
                                      FROM fct_three_public WHERE disclosure_role = 'current' ORDER BY part""")
    by_part = {r[0]: r for r in rows}
    # seed 002's “三公” table prints its parts as rows: 小计 29.64, 出国 blank, 用车 28.80 (购置 blank, 运行 28.80), 接待 0.84 万元
    assert {p: r[3] for p, r in by_part.items()} == {
        "three_public_total": Decimal("296400.00"), "outbound_travel": Decimal("0.00"), "vehicles": Decimal("288000.00"),
        "vehicle_purchase": Decimal("0.00"), "vehicle_operation": Decimal("288000.00"), "reception": Decimal("8400.00")}
    assert by_part["outbound_travel"][4] and not by_part["reception"][4]
    assert by_part["three_public_total"][1] == "“三公”经费合计" and by_part["three_public_total"][2] == "“三公”经费小计"
    assert {r[5] for r in rows} == {"rows"} and {r[6] for r in rows} == {"budget"}
    # parts add up (BUD-020 checks every document; here the mart itself)
    assert by_part["outbound_travel"][3] + by_part["vehicles"][3] + by_part["reception"][3] == by_part["three_public_total"][3]
    # every format of the disclosure gives the same figures
    per_document = query(sample_warehouse, """SELECT file_name, sum(amount_yuan) FROM fct_three_public
                                              GROUP BY ALL""")
    assert {f for f, _ in per_document} == SEED002_FORMATS and len({s for _, s in per_document}) == 1


def test_department_and_year_are_stated_or_null_never_guessed(sample_warehouse):
    docs = {r[0]: r[1:] for r in query(sample_warehouse, """
        SELECT file_name, department_name, department_source, fiscal_year, fiscal_year_source
        FROM dim_documents WHERE status = 'loaded'""")}
    # targets_seed000's projects name several departments (石嘴山市科学技术局, 石嘴山市科技局, 办公室): none is chosen
    assert docs["targets_seed000.docx"] == (None, None, 2026, "tables")
    # seed 002's targets print a year but no department anywhere (title, tables, file name): NULL
    assert docs["targets_seed002.pdf"] == (None, None, 2023, "tables")
    # seed 001's self-evaluations name several 主管部门 (石嘴山市科技局, 宁夏科技厅…): no single department
    assert docs["seed001_evaluations.pdf"][0] is None
    for name, (department, source, year, year_source) in docs.items():
        assert (department is None) == (source is None) and (year is None) == (year_source is None), name


def test_each_layer_has_its_own_schema(sample_warehouse):
    """raw (the readers' tables), staging, intermediate and marts (facts, dimensions and findings)."""
    tables = query(sample_warehouse, "SELECT table_schema, table_name FROM information_schema.tables")
    layer = {"stg": "staging", "int": "intermediate", "fct": "marts", "dim": "marts", "check": "marts"}
    misplaced = [(s, t) for s, t in tables if t.split("_")[0] in layer and layer[t.split("_")[0]] != s]
    assert misplaced == []
    assert {"raw", "staging", "intermediate", "marts"} <= {s for s, _ in tables}
    assert ("marts", "check_failures") in tables and ("marts", "fct_budget_lines") in tables


def test_amounts_are_decimal_38_2_in_every_mart(sample_warehouse):
    columns = query(sample_warehouse, """
        SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'marts' AND (table_name LIKE 'fct%' OR table_name LIKE 'dim%')
          AND column_name LIKE '%yuan' AND column_name NOT LIKE '%rounding%' AND column_name NOT LIKE '%tolerance%'""")
    # rounding_yuan / tolerance_yuan are envelopes (half a unit of the last printed digit, in 元): finer than a fen
    assert columns and {c[2] for c in columns} == {"DECIMAL(38,2)"}, [c for c in columns if c[2] != "DECIMAL(38,2)"]


# ---------------------------------------------------------------------------------------------- export, sql

@pytest.fixture(scope="module")
def exports(sample_warehouse, tmp_path_factory):
    root = tmp_path_factory.mktemp("exports")
    db = str(sample_warehouse)
    for fmt, out in (("csv", root / "csv"), ("parquet", root / "parquet"), ("xlsx", root / "marts.xlsx"),
                     ("datapackage", root / "fdp")):
        assert main(["export", "--format", fmt, "--db", db, str(out)]) == 0
    assert main(["export", "--format", "csv", "--mart", "fct_three_public", "--db", db, str(root / "one")]) == 0
    return root


def test_export_csv_and_parquet_keep_every_row_and_exact_amounts(sample_warehouse, exports):
    marts = {t for (t,) in query(sample_warehouse, """SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'marts' AND (table_name LIKE 'fct%' OR table_name LIKE 'dim%' OR table_name LIKE 'check_%')""")}
    assert {p.stem for p in (exports / "csv").glob("*.csv")} == marts
    assert {p.stem for p in (exports / "parquet").glob("*.parquet")} == marts
    assert [p.name for p in (exports / "one").iterdir()] == ["fct_three_public.csv"]
    total = query(sample_warehouse, "SELECT count(*), sum(amount_yuan) FROM fct_budget_lines")[0]
    with open(exports / "csv" / "fct_budget_lines.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == total[0] and sum(Decimal(r["amount_yuan"]) for r in rows) == total[1]
    con = duckdb.connect()
    parquet = con.execute(f"SELECT count(*), sum(amount_yuan), typeof(any_value(amount_yuan)) "
                          f"FROM '{exports / 'parquet' / 'fct_budget_lines.parquet'}'").fetchone()
    assert parquet == (total[0], total[1], "DECIMAL(38,2)")


def test_export_xlsx_one_sheet_per_mart(sample_warehouse, exports):
    from openpyxl import load_workbook

    book = load_workbook(exports / "marts.xlsx", read_only=True)
    assert "fct_budget_lines" in book.sheetnames and "check_failures" in book.sheetnames
    sheet = book["fct_three_public"]
    rows = list(sheet.values)
    header, body = rows[0], rows[1:]
    assert len(body) == query(sample_warehouse, "SELECT count(*) FROM fct_three_public")[0][0]
    part, amount = header.index("part"), header.index("amount_yuan")
    assert any(r[part] == "reception" and Decimal(str(r[amount])) == Decimal("8400") for r in body)


def test_export_fiscal_data_package(sample_warehouse, exports):
    descriptor = json.loads((exports / "fdp" / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["profile"] == "fiscal-data-package" and descriptor["name"] and descriptor["title"]
    resource = descriptor["resources"][0]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    model = descriptor["model"]
    assert model["measures"]["amount"] == {**model["measures"]["amount"], "source": "amount_yuan", "currency": "CNY"}
    assert fields["amount_yuan"]["type"] == "number"
    for dimension in model["dimensions"].values():            # every attribute maps to a column of the resource
        assert dimension["attributes"] and all(a["source"] in fields for a in dimension["attributes"].values())
        assert set(dimension["primaryKey"]) <= set(dimension["attributes"])
    assert model["dimensions"]["administrative-classification"]["attributes"]["department_name"]["source"] == "department_name"
    with open(exports / "fdp" / resource["path"], encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(fields)
    # the disclosure once: seed 002's 399 printed figures, not 5 × 399
    assert len(rows) == 399 and {r["file_name"] for r in rows} == {"seed002_disclosure.pdf"}


def test_sql_opens_the_warehouse_read_only(sample_warehouse, capsys, monkeypatch):
    db = str(sample_warehouse)
    assert main(["sql", "--db", db, "SELECT fiscal_year, count(*) AS n FROM dim_disclosures GROUP BY 1"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"2023\s*\|\s*1", out) and "(1 row)" in out
    # fct_budget_lines is a view (of int_budget_lines, a table): a write to the table is refused as read-only
    assert main(["sql", "--db", db, "DELETE FROM int_budget_lines"]) == 1
    assert "read-only" in capsys.readouterr().err
    assert query(sample_warehouse, "SELECT count(*) > 0 FROM fct_budget_lines") == [(True,)]
    import io
    monkeypatch.setattr("sys.stdin", io.StringIO(".tables\nSELECT count(*) AS documents\n  FROM dim_documents;\n.quit\n"))
    assert main(["sql", "--db", db, "--csv"]) == 0
    out = capsys.readouterr().out
    assert "fct_three_public" in out and "documents\n11\n" in out
    assert main(["sql", "--db", str(Path(db).with_name("nowhere.duckdb")), "SELECT 1"]) == 2


def test_a_file_name_states_a_department_only_when_it_begins_with_one_and_a_year():
    model = (ROOT / "dbt_project" / "models" / "intermediate" / "documents" / "int_document_facts.sql").read_text(encoding="utf-8")
    pattern = re.search(r'set dept_year = "(.+?)" %', model).group(1).replace("\\\\", "\\")
    names = {  # real names from ../shared/corpus/real
        "广州市生态环境局_2026项目支出绩效目标表.pdf": ("广州市生态环境局", "2026"),
        "中共普陀区委社会工作部2024年度部门决算.pdf": ("中共普陀区委社会工作部", "2024"),
        "江苏省人大办公厅_2018预算公开.pdf": ("江苏省人大办公厅", "2018"),
        "长沙_公安局交警_2026_SCANNED.pdf": ("", ""),            # a city, then a unit: not a department name
        "普陀区万里街道办事处24年预算.pdf": ("", ""),             # a two-digit year is not stated as a year
        "dept_budget_shpt_sfj_2026.pdf": ("", ""),
        "targets_seed002.pdf": ("", ""),
    }
    con = duckdb.connect()
    for name, expected in names.items():
        got = con.execute("SELECT regexp_extract(?, ?, 1), regexp_extract(?, ?, 2)", [name, pattern, name, pattern]).fetchone()
        assert got == expected, name


def test_docs_cover_the_marts_the_findings_tables_and_a_glossary(sample_warehouse, tmp_path):
    import os
    import subprocess
    import sys

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "dbt docs generate" in makefile and "\ndocs: setup" in makefile and "db_path" in makefile
    dbt = os.path.join(os.path.dirname(sys.executable), "dbt")
    done = subprocess.run([dbt, "docs", "generate", "--quiet", "--profiles-dir", ".", "--target-path", str(tmp_path),
                           "--vars", json.dumps({"db_path": str(sample_warehouse)})],
                          cwd=ROOT / "dbt_project", env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    catalog = json.loads((tmp_path / "catalog.json").read_text(encoding="utf-8"))
    failures = catalog["sources"]["source.budget_warehouse.findings.check_failures"]
    assert {"finding_id", "status", "advice_zh", "value_unit"} <= {c.lower() for c in failures["columns"]}
    assert {"model.budget_warehouse.fct_three_public", "model.budget_warehouse.dim_disclosures"} <= set(catalog["nodes"])
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    glossary = manifest["docs"]["doc.budget_warehouse.measure_glossary"]["block_contents"]
    for code, chinese in (("basic", "基本支出"), ("project", "项目支出"), ("reception", "公务接待费"), ("meetings", "会议费")):
        assert re.search(rf"\| {code} \| {chinese}", glossary), code


def test_sql_piped_into_a_reader_that_stops_early_ends_quietly(sample_warehouse):
    """`budget-warehouse sql … | head -1`: the reader closes the pipe after one line; no traceback, exit 141 (SIGPIPE)."""
    command = [sys.executable, "-m", "orchestration.cli", "sql", "--db", str(sample_warehouse), "--csv",
               "SELECT * FROM fct_budget_lines CROSS JOIN range(20)"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = process.stdout.readline()
    process.stdout.close()   # as `head -1` does
    stderr = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=120) == 141
    assert first.startswith(b"document_id") or b"," in first
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr

