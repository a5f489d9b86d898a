"""dbt laid out as dbt Labs does: every model has its yml beside it with a description and a key; its row checks
(not null, accepted values, the key unique) are one column_checks test (dbt_project/tests/generic/column_checks.sql)."""
import yaml

from conftest import ROOT

PROJECT = ROOT / "dbt_project"
MODELS = PROJECT / "models"
# A list of candidates, not entities: the same table figure may be a candidate twice for one subject.
NO_NATURAL_KEY = {"int_narrative_candidates"}
# dbt's tests that column_checks does in one node (one node each cost about 0.1 s of every build, whatever the rows).
FOLDED = {"not_null", "unique", "accepted_values"}


def _tests(entries) -> list[str]:
    return [test if isinstance(test, str) else next(iter(test)) for test in entries or []]


def _column_checks(entity) -> list[dict]:
    return [test["column_checks"]["arguments"] for test in entity.get("data_tests") or []
            if isinstance(test, dict) and "column_checks" in test]


def test_every_model_documented_and_keyed():
    problems = []
    for sql in sorted(MODELS.rglob("*.sql")):
        yml = sql.with_suffix(".yml")
        if not yml.exists():
            problems.append(f"{sql.relative_to(MODELS)}: no yml")
            continue
        (model,) = [m for m in yaml.safe_load(yml.read_text(encoding="utf-8"))["models"] if m["name"] == sql.stem]
        if not (model.get("description") or "").strip():
            problems.append(f"{sql.stem}: no description")
        checked_as = (model.get("meta") or {}).get("checked_as")
        if checked_as:
            # a view of one model's rows with a column joined (fct_budget_lines: int_budget_lines' rows and each
            # document's disclosure_role): its row checks are that model's, which it reads and nothing else keyed
            text = sql.read_text(encoding="utf-8")
            if ("materialized='view'" not in text or f"ref('{checked_as}')" not in text
                    or _column_checks(model) or not list(MODELS.rglob(f"{checked_as}.sql"))):
                problems.append(f"{sql.stem}: checked_as {checked_as} but not a view of it without checks of its own")
            continue
        checks = _column_checks(model)
        if len(checks) != 1:
            problems.append(f"{sql.stem}: {len(checks)} column_checks tests (one per model)")
            continue
        (checks,) = checks
        columns = [column["name"] for column in model.get("columns") or []]
        not_null = checks.get("not_null") or []
        if sql.stem in NO_NATURAL_KEY:
            if not checks.get("key"):
                problems.append(f"{sql.stem}: no key naming its failing rows")
        elif not checks.get("unique"):
            problems.append(f"{sql.stem}: no unique key")
        elif checks["unique"] in columns and checks["unique"] not in not_null:
            problems.append(f"{sql.stem}: its key {checks['unique']} may be null")
        # a per-document model's rows are deleted and rebuilt by document_id (macros/per_document.sql)
        if "document_id" in columns and "document_id" not in not_null:
            problems.append(f"{sql.stem}: document_id may be null")
        unknown = [c for c in not_null + list(checks.get("accepted_values") or {}) if c not in columns]
        if unknown:
            problems.append(f"{sql.stem}: checks undocumented columns {unknown}")
    assert problems == []


def test_row_checks_are_one_test_per_model_source_and_seed():
    """No not_null, unique or accepted_values test of its own: each model's, source table's and seed's are the
    columns of its one column_checks (every column that must not be null is named in it: the test above)."""
    separate = []
    for yml in sorted(list(MODELS.rglob("*.yml")) + list((PROJECT / "seeds").rglob("*.yml"))):
        document = yaml.safe_load(yml.read_text(encoding="utf-8"))
        entities = (document.get("models") or []) + (document.get("seeds") or [])
        entities += [table for source in document.get("sources") or [] for table in source.get("tables") or []]
        for entity in entities:
            tests = _tests(entity.get("data_tests"))
            for column in entity.get("columns") or []:
                tests += _tests(column.get("data_tests"))
            separate += [f"{entity['name']}: {test}" for test in tests if test in FOLDED]
            if tests.count("column_checks") > 1:
                separate.append(f"{entity['name']}: {tests.count('column_checks')} column_checks")
    assert separate == []


def test_staging_reads_sources_only():
    """Staging renames and types what the readers wrote; joins with other models and what they derive
    (units from the table, hierarchy, line types) belong in intermediate/."""
    readers_of_models = [sql.stem for sql in sorted((MODELS / "staging").rglob("*.sql"))
                         if "ref(" in sql.read_text(encoding="utf-8") or "source(" not in sql.read_text(encoding="utf-8")]
    assert readers_of_models == []
