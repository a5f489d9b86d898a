"""Every error finding on the real corpora was read on its printed page (tests/data/findings_audit.csv).

An error finding is a promise that the printed document is inconsistent. The audit records, for
each error finding the pipeline ever produced on ../shared/corpus/real and ../shared/corpus/wide, what
the page prints: `printed_so` (the document really does not add up: evidence = the printed figures)
or `ours` (our mistake, fixed at its cause: the row stays as the record of what was read), or
`unread` (not read yet: the note says why).

On each corpus the error findings must be exactly the `printed_so` rows, with their figures: a new
error finding nobody has read, an `ours` or `unread` row that fires again (a false alarm), and a
lost `printed_so` finding (recall) all fail.
"""
import csv
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import query

AUDIT = Path(__file__).parent / "data" / "findings_audit.csv"


def audit_rows(corpus: str) -> list[dict]:
    with open(AUDIT, encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["corpus"] == corpus]


def key(document, rule, page, item) -> tuple:
    return (document, rule, str(page) if page not in (None, "") else "", item)


def error_findings(db) -> dict[tuple, tuple]:
    rows = query(db, """SELECT file_name, rule_id, page, item, expected, actual FROM check_failures
                        WHERE severity = 'error' AND finding = 'mismatch'""")
    return {key(d, r, p, i): (e, a) for d, r, p, i, e, a in rows}


def figure(text: str):
    return Decimal(text) if text else None


def check(db, corpus: str):
    rows = audit_rows(corpus)
    found = error_findings(db)
    printed_so = {key(r["document"], r["rule"], r["page"], r["item"]): r for r in rows if r["verdict"] == "printed_so"}
    verdicts = {key(r["document"], r["rule"], r["page"], r["item"]): r["verdict"] for r in rows}
    false_alarms = sorted((verdicts.get(k, "not in the audit"), k) for k in found if k not in printed_so)
    lost = sorted(k for k in printed_so if k not in found)
    changed = sorted(k for k, r in printed_so.items() if k in found
                     and found[k] != (figure(r["expected"]), figure(r["actual"])))
    assert not false_alarms, "error findings that are not printed inconsistencies (fix the cause; a new one: " \
        "read it on the page, then add it):\n" + "\n".join(map(str, false_alarms))
    assert not lost, "inconsistencies printed in the documents no longer found:\n" + "\n".join(map(str, lost))
    assert not changed, "printed inconsistencies found with other figures:\n" + "\n".join(map(str, changed))


def test_audit_rows_are_complete():
    """Every row names its verdict and the printed figures it rests on; `ours` rows say whose they are."""
    with open(AUDIT, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows
    for r in rows:
        assert r["corpus"] in ("real", "wide"), r
        assert r["verdict"] in ("printed_so", "ours", "unread"), r
        assert r["evidence"].strip() or (r["verdict"] == "unread" and r["note"].strip()), r


@pytest.mark.corpus
def test_real_corpus_error_findings_are_the_printed_inconsistencies(corpus_warehouse):
    check(corpus_warehouse, "real")


@pytest.mark.corpus
def test_wide_corpus_error_findings_are_the_printed_inconsistencies(corpus_wide_warehouse):
    check(corpus_wide_warehouse, "wide")
