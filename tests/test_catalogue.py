import pytest

from expectations.catalogue import load_rules


def test_catalogue_rules_have_ids_severities_and_queries():
    rules = load_rules()
    assert len(rules) >= 15
    assert len({r.id for r in rules}) == len(rules)
    for rule in rules:
        assert rule.severity in ("error", "warning")
        assert rule.confidence in ("confirmed", "suspected")
        assert "expected" in rule.sql and "actual" in rule.sql and "tolerance" in rule.sql


def test_prose_and_template_rules_are_suspected_table_identities_confirmed():
    confidence = {r.id: r.confidence for r in load_rules()}
    assert confidence["DIS-020"] == confidence["DIS-021"] == confidence["DIS-033"] == "suspected"
    assert all(confidence[r] == "confirmed" for r in ("BUD-001", "BUD-003", "BUD-020", "DIS-030", "EVA-001", "TGT-005"))


def test_a_rule_without_confidence_is_refused(tmp_path):
    (tmp_path / "XYZ-001_thing.sql").write_text(
        "-- id: XYZ-001\n-- severity: error\n-- title: t\n-- description: d\nselect 1 as expected, 1 as actual, 0 as tolerance\n",
        encoding="utf-8")
    with pytest.raises(ValueError, match="confidence"):
        load_rules(str(tmp_path))
