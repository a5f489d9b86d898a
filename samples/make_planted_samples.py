"""Generate the planted-inconsistency samples in samples/planted/ from the seed facts.

    python samples/make_planted_samples.py

Each document is a bundled sample with ONE kind of inconsistency planted in its printed figures, the
kind real disclosures print (see issue #10); tests/test_planted.py asserts the exact finding of
each (rule, page, expected, actual, confidence). They live apart from the demo samples (the default
run reads samples/*.* only, not this folder) so the demo's summary stays that of the seeds.

    planted_budget_totals.pdf     seed 002's 财政拨款收支总表 and “三公”经费支出表 only: the 支出总计
                                  printed 13393.68 against a 收入总计 of 13933.68 (digits swapped), and
                                  the “三公”经费小计 printed 0.00 beside its non-zero parts (28.80 + 0.84).
    planted_narrative.pdf         seed 002's whole disclosure, its narrative stating 公务接待费 0.48 万元
                                  where the “三公” table prints 0.84 (one table line of that subject).
    planted_contents.pdf          a 目录 listing the nine tables, then eight of them: the “三公”经费支出表
                                  is listed but not printed (nor declared empty).
    planted_targets.pdf           a one-row-per-project 项目支出绩效目标表 (the 广州/珠海 表12 layout: 合计, a
                                  spending unit's subtotal, then each project with its amounts and 绩效目标),
                                  whose 合计 1311.00 exceeds its projects' 1180.50 (= the unit's subtotal) by 130.50.
    planted_evaluations.pdf       seed 001's 表1 twice: once with a 总分 得分 of 84.9 that leaves out
                                  the funds line's 10 points (Σ indicator scores 84.9 + funds 10 = 94.9),
                                  once with one 效益指标 weighing 15 instead of 5, so Σ分值 = 110 and the
                                  “效益指标 (30分)” block weighs 40.

The facts (samples/facts/*.json) are the only input; the output is byte-identical on every run.
"""
from __future__ import annotations

import copy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "planted"
sys.path.insert(0, str(HERE))

import make_disclosure_samples as disclosure  # noqa: E402
import make_evaluation_samples as evaluations  # noqa: E402
import make_samples as budget  # noqa: E402

THREE_PUBLIC = "部门预算财政拨款“三公”经费支出表"
FISCAL_GRANT = "部门预算财政拨款收支总表"


def _table(facts: dict, title: str) -> dict:
    return next(t for t in facts["tables"] if t["title"] == title)


def _set_row(table: dict, first_label_cell: str, old: str, new: str) -> None:
    """Replace every `old` figure of the row whose cells include `first_label_cell`."""
    row = next(r for r in table["rows"] if first_label_cell in r)
    assert old in row, (first_label_cell, row)
    row[:] = [new if cell == old else cell for cell in row]


def budget_totals_facts() -> dict:
    facts = copy.deepcopy(budget.load_facts())
    facts["tables"] = [copy.deepcopy(_table(facts, FISCAL_GRANT)), copy.deepcopy(_table(facts, THREE_PUBLIC))]
    grant, three_public = facts["tables"]
    # 收入总计 13933.68 | 支出总计 13933.68 13933.68: the expenditure side's two figures swapped to 13393.68
    row = next(r for r in grant["rows"] if "支出总计" in r)
    row[4] = row[5] = "13393.68"
    # “三公”经费小计 29.64 29.64 → 0.00 0.00 (its parts: 公务用车 28.80, 公务接待 0.84)
    _set_row(three_public, "“三公”经费小计", "29.64", "0.00")
    return facts


def narrative_facts() -> dict:
    facts = copy.deepcopy(disclosure.load())
    part = next(p for p in facts["narrative"] if "公务接待费 0.84 万元" in p.get("paragraph", ""))
    part["paragraph"] = part["paragraph"].replace("公务接待费 0.84 万元", "公务接待费 0.48 万元")
    return facts


def contents_facts() -> tuple[dict, list[str]]:
    """The budget facts without the “三公” table, and the 目录 entries that still list it."""
    facts = copy.deepcopy(budget.load_facts())
    numerals = "一二三四五六七八九"
    entries = [f"{numerals[i]}、{t['title']}" for i, t in enumerate(facts["tables"])]
    facts["tables"] = [t for t in facts["tables"] if t["title"] != THREE_PUBLIC]
    return facts, entries


def evaluation_facts() -> dict:
    facts = copy.deepcopy(evaluations.load_facts())
    form = facts["tables"][0]
    assert form["total_score"] == "94.9" and form["funds"][0][6] == "10"
    left_out = copy.deepcopy(form)
    left_out["label"] = "表1（总分漏计资金得分）"
    left_out["project"] += "（一）"
    left_out["total_score"] = "84.9"          # Σ indicator scores only: the funds line's 10 left out
    weights = copy.deepcopy(form)
    weights["label"] = "表1（分值不符）"
    weights["project"] += "（二）"
    first_benefit = next(i for i in weights["indicators"] if i["level1"].startswith("效益指标"))
    assert first_benefit["weight"] == "5"
    first_benefit["weight"] = "15"            # Σ分值 110; the 效益指标 (30分) block weighs 40
    facts["tables"] = [left_out, weights]
    return facts


def targets_facts() -> dict:
    """Seed 002's department and its first three projects (amounts from its 项目支出 narrative)."""
    facts = copy.deepcopy(budget.load_facts())
    unit = facts["department_name"]
    facts["tables"] = [{
        "title": "部门预算项目支出绩效目标表",
        "header": [["项目名称", "金额", "财政拨款", "其他资金", "绩效目标"]],
        "merges": [],
        "rows": [
            ["合计", "1311.00", "1311.00", "0.00", ""],                 # planted: Σ projects is 1180.50
            [unit, "1180.50", "1180.50", "0.00", ""],
            ["13所和54所人才引进资金", "500.00", "500.00", "0.00", "引进高层次科技人才团队，支持科研院所建设。"],
            ["引进外国专家智力资金", "380.50", "380.50", "0.00", "引进外国专家，开展技术合作与交流。"],
            ["高校合作经费", "300.00", "300.00", "0.00", "支持高校与地方开展产学研合作。"],
        ],
        "note": None,
    }]
    return facts


def write_contents_pdf(facts: dict, entries: list[str], path: Path) -> None:
    pages = disclosure.Pages(path, f"{facts['department_code']} {facts['department_name']} {facts['fiscal_year']}年部门预算（样例）")
    pages.start()
    disclosure.draw_paragraph(pages, f"{facts['department_name']}{facts['fiscal_year']}年部门预算", size=16, centred=True)
    disclosure.draw_paragraph(pages, "目 录", size=16, centred=True)
    for entry in entries:
        disclosure.draw_paragraph(pages, entry, indent=False)
    pages.finish()
    disclosure.draw_budget_tables(pages, facts)
    pages.c.save()


def main() -> None:
    OUT.mkdir(exist_ok=True)
    budget.write_pdf(budget_totals_facts(), OUT / "planted_budget_totals.pdf", ruled=True)
    disclosure.write_disclosure_pdf(budget.load_facts(), narrative_facts(), OUT / "planted_narrative.pdf")
    write_contents_pdf(*contents_facts(), OUT / "planted_contents.pdf")
    evaluations.write_pdf(evaluation_facts(), OUT / "planted_evaluations.pdf")
    budget.write_pdf(targets_facts(), OUT / "planted_targets.pdf", ruled=True)
    for path in sorted(OUT.glob("*.pdf")):
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
