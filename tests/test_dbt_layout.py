"""dbt laid out as dbt Labs does: every model has its yml beside it with a description and a key
(`unique` and `not_null`, on a column or on a model-level expression)."""
import yaml

from conftest import ROOT

MODELS = ROOT / "dbt_project" / "models"
# A list of candidates, not entities: the same table figure may be a candidate twice for one subject.
NO_NATURAL_KEY = {"int_narrative_candidates"}


def _tests(entries) -> set[str]:
    names = set()
    for test in entries or []:
        names.add(test if isinstance(test, str) else next(iter(test)))
    return names


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
        tests = _tests(model.get("data_tests"))
        for column in model.get("columns") or []:
            tests |= _tests(column.get("data_tests"))
        if not ({"not_null"} if sql.stem in NO_NATURAL_KEY else {"unique", "not_null"}) <= tests:
            problems.append(f"{sql.stem}: no unique/not_null key")
    assert problems == []


def test_staging_reads_sources_only():
    """Staging renames and types what the readers wrote; joins with other models and what they derive
    (units from the table, hierarchy, line types) belong in intermediate/."""
    readers_of_models = [sql.stem for sql in sorted((MODELS / "staging").rglob("*.sql"))
                         if "ref(" in sql.read_text(encoding="utf-8") or "source(" not in sql.read_text(encoding="utf-8")]
    assert readers_of_models == []
