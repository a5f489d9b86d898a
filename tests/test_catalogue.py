import re

import pytest

from expectations.catalogue import VALUE_KINDS, load_rules

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_catalogue_rules_have_ids_severities_and_queries():
    rules = load_rules()
    assert len(rules) >= 15
    assert len({r.id for r in rules}) == len(rules)
    for rule in rules:
        assert rule.severity in ("error", "warning")
        assert rule.confidence in ("confirmed", "suspected")
        assert "expected" in rule.sql and "actual" in rule.sql and "tolerance" in rule.sql


def test_every_rule_speaks_chinese_first_with_advice_and_a_value_kind():
    for rule in load_rules():
        for text in (rule.title_zh, rule.description_zh, rule.advice_zh):
            assert CJK.search(text), f"{rule.id}: Chinese text expected, got {text!r}"
        assert rule.title and rule.description, f"{rule.id}: the English title and description stay beside"
        assert rule.value_kind in VALUE_KINDS
        assert (rule.value_kind == "count") == bool(rule.count_word), rule.id


def test_a_rule_without_chinese_advice_is_refused(tmp_path):
    source = next(r for r in load_rules() if r.id == "BUD-001")
    text = re.sub(r"^-- advice_zh:.*\n", "", open(source.path, encoding="utf-8").read(), flags=re.M)
    (tmp_path / "BUD-001_x.sql").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="advice_zh"):
        load_rules(str(tmp_path))


def test_a_count_needs_its_measure_word(tmp_path):
    source = next(r for r in load_rules() if r.id == "BUD-090")
    text = open(source.path, encoding="utf-8").read().replace("-- value_unit: count 个", "-- value_unit: count")
    (tmp_path / "BUD-090_x.sql").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="value_unit"):
        load_rules(str(tmp_path))


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
