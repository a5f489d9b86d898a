from expectations.catalogue import load_rules


def test_catalogue_rules_have_ids_severities_and_queries():
    rules = load_rules()
    assert len(rules) >= 15
    assert len({r.id for r in rules}) == len(rules)
    for rule in rules:
        assert rule.severity in ("error", "warning")
        assert "expected" in rule.sql and "actual" in rule.sql and "tolerance" in rule.sql
