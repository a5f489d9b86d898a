"""Raw text exports (pdftotext without -layout): cells separated by single spaces, empty cells dropped,
labels wrapped over lines, the page header printed again on every page.

Read on seed 002's own text (../shared/seeds, in place) and on a sample generated from its facts
(samples/make_raw_text_sample.py): the nine tables are recognised with their printed headers; every
printed figure is either in its own column or kept unplaced (in printed order, on its row) — none
lost, none doubled, none in a wrong column; a row printing every amount column is always placed.
Rows printing fewer figures than columns are placed by the table's own identities only where exactly
one placement satisfies them (placement 'identity'); a table where two do keeps them unplaced."""
import json
from collections import defaultdict

import pytest

from conftest import ROOT, SAMPLES
from extract.forms import budget_tables
from extract.readers import read_document
from extract.readers.raw_text import UnplacedCell, _chinese_number, _header, _place, row_identities

SEED002 = (ROOT.parent / "shared" / "seeds" / "002_e80bc0d2d4933bd7.txt").resolve()
RAW_SAMPLE = SAMPLES / "layouts" / "seed002_budget_raw.txt"
FACTS = json.loads((SAMPLES / "facts" / "seed002_budget.json").read_text(encoding="utf-8"))


def rows_by_table(path):
    """Per table title: (positive columns, rows in print order as ({column: figure}, [unplaced figures]))."""
    extracted = budget_tables.extract(read_document(str(path)))
    titles = {t["table_id"]: t for t in extracted["budget_tables"]}
    by_identity = defaultdict(int)   # figures placed by the table's identities, per table title
    lines = defaultdict(lambda: defaultdict(lambda: ({}, [])))
    columns = defaultdict(set)
    for cell in extracted["budget_cells"]:
        placed, unplaced = lines[cell["table_id"]][(cell["page"], cell["page_row"])]
        if cell["column_no"] > 0:
            columns[cell["table_id"]].add(cell["column_no"])
            if cell["value_text"]:
                placed[cell["column_no"]] = cell["value_text"]
                by_identity[titles[cell["table_id"]]["title"]] += cell["placement"] == "identity"
        else:
            assert cell["measure"] == "unplaced" and cell["placement"] == "unplaced"
            unplaced.append((-cell["column_no"], cell["value_text"]))
    read = {titles[t]["title"]: (titles[t], columns[t], [(p, [v for _, v in sorted(u)]) for _, (p, u) in sorted(rows.items())])
            for t, rows in lines.items()} | {t["title"]: (t, set(), []) for t in extracted["budget_tables"]
                                            if t["table_id"] not in lines}
    return read, {title: n for title, n in by_identity.items() if n}


@pytest.fixture(scope="module", params=["seed 002 text", "generated sample"])
def read(request):
    return rows_by_table(SEED002 if request.param == "seed 002 text" else RAW_SAMPLE)[0]


@pytest.fixture(scope="module")
def seed002():
    return rows_by_table(SEED002)


def test_the_nine_tables_are_recognised_with_their_printed_headers(read):
    assert [t["title"] for t in FACTS["tables"]] == sorted(read, key=lambda title: read[title][0]["table_id"])
    for facts in FACTS["tables"]:
        table = read[facts["title"]][0]
        assert table["strategy"] == "raw_text"
        labels = json.loads(table["column_labels_json"])
        header = [list(row) for row in facts["header"]]
        for top, left, height, width in facts["merges"]:   # merged cells read as their origin's text
            for r in range(top, top + height):
                for c in range(left, left + width):
                    header[r][c] = facts["header"][top][left]
        expected = ["/".join(dict.fromkeys(c.replace(" ", "") for c in column if c)) for column in zip(*header)]
        assert labels == expected, facts["title"]
        assert table["is_empty"] == (not facts["rows"])


def test_every_figure_is_in_its_column_or_kept_unplaced(read):
    placed_count = unplaced_count = 0
    for facts in FACTS["tables"]:
        _, amount_columns, rows = read[facts["title"]]
        assert len(rows) == len(facts["rows"]), facts["title"]
        for printed, (placed, unplaced) in zip(facts["rows"], rows):
            figures = {j + 1: v for j, v in enumerate(printed) if j + 1 in amount_columns and v}
            if unplaced:
                assert not placed and unplaced == list(figures.values()), (facts["title"], printed)
            else:
                assert placed == figures, (facts["title"], printed)
            if len(figures) == len(amount_columns) or not figures:
                assert not unplaced, (facts["title"], printed)   # nothing to choose: always placed
            placed_count += len(placed)
            unplaced_count += len(unplaced)
    assert placed_count + unplaced_count == 399   # seed 002's nine tables print 399 figures
    assert (placed_count, unplaced_count) == (399, 0)


def test_seed002_figures_placed_by_identities_are_the_transcribed_ones(seed002):
    """Of 399 figures, 43 are placed by reading and 356 by the tables' identities and what the document's
    other tables show (each equal to the transcription: table, code, column, amount — checked above row by
    row); none stays unplaced. The 收支总表 rows printing one label are placed by their side's numbering
    and 本年…合计 sums; the 收入总表 by its identities once the sources the 收支总表 prints no figure for
    are zero; the 财政拨款收支总表 and “三公” table by their row identities once the funds whose tables are
    note-only are zero; the 支出总表 (基本 and 项目 could be any two of its five part columns) once each
    line's 基本/项目 is at least the 一般公共预算财政拨款支出表's figure for the same code."""
    read, by_identity = seed002
    assert by_identity == {"部门预算一般公共预算财政拨款支出表": 58, "部门预算一般公共预算财政拨款基本支出表": 68,
                           "部门预算收入总表": 117, "部门预算收支总表": 2, "部门预算财政拨款收支总表": 15,
                           "部门预算财政拨款“三公”经费支出表": 8, "部门预算支出总表": 88}
    income = dict(zip([r[1] for r in FACTS["tables"][1]["rows"]], read["部门预算收入总表"][2]))
    assert income["20607"] == ({4: "1.04", 13: "1.04"}, [])   # 合计 = 小计 + 上年结转 leaves one placement
    # 财政拨款收入 was one of seven sources; the 收支总表 prints no figure for the other six: they are zero
    assert income["2060101"] == ({4: "1358.03", 5: "1358.03", 6: "1358.03"}, [])
    spending = dict(zip([r[1] for r in FACTS["tables"][2]["rows"]], read["部门预算支出总表"][2]))
    # 基本 or any other part column by its identities; the 一般公共 table's 基本 1358.03 leaves only 基本
    assert spending["2060101"] == ({4: "1358.03", 5: "1358.03"}, [])


def test_seed002_two_sided_tables_keep_each_label_on_its_side(seed002):
    """The 收支总表 and 财政拨款收支总表 rows printing one label (the 收入 list has ended) carry it on the
    side the transcription has it, every row."""
    extracted = budget_tables.extract(read_document(str(SEED002)))
    titles = {t["table_id"]: t["title"] for t in extracted["budget_tables"]}
    labels = defaultdict(lambda: defaultdict(dict))
    for cell in extracted["budget_cells"]:
        assert cell["column_no"] > 0 or "收支总表" not in titles[cell["table_id"]]   # none unplaced
        labels[titles[cell["table_id"]]][(cell["page"], cell["page_row"])][cell["side"]] = cell["item_text"]
    for facts in FACTS["tables"]:
        if "收支总表" in facts["title"]:
            names = [j for j, label in enumerate(facts["header"][1]) if label and label.replace(" ", "") == "项目"]
            expected = [{"income": row[names[0]], "expenditure": row[names[1]]} for row in facts["rows"]]
            assert [row for _, row in sorted(labels[facts["title"]].items())] == expected, facts["title"]


def test_a_header_says_which_columns_add_up():
    income = _header(["序号", "功能分类科目", "合计", "本年收入", "上年结转", "科目编码 科目名称 小计 财政拨款收入 事业收入"], 8)
    assert row_identities(income) == [(4, [5, 6]), (3, [4, 7])]   # 小计 = Σ sources; 合计 = 小计 + 上年结转
    basic = _header(["序号 支出部门经济分类科目 一般公共预算基本支出", "科目编码 科目名称 合计 人员经费 公用经费"], 6)
    assert row_identities(basic) == [(3, [4, 5])]
    # 基本支出 beside its own parts is not additive: no identity
    nested = _header(["序号 功能分类科目 合计 基本支出 人员经费 公用经费 项目支出", "科目编码 科目名称"], 8)
    assert nested is not None and row_identities(nested) == []


def _raw_table(rows: list[str]) -> str:
    return "\n".join(["部门预算一般公共预算财政拨款支出表", "单位：万元", "", "序号 功能分类科目 合计 基本支出 项目支出",
                      "科目编码", "科目名称", "栏次 1 2 3 4 5", ""] + rows) + "\n"


def _placements(tmp_path, rows: list[str]) -> list[tuple[str, dict[str, str], str]]:
    path = tmp_path / "t.txt"
    path.write_text(_raw_table(rows), encoding="utf-8")
    cells = budget_tables.extract(read_document(str(path)))["budget_cells"]
    lines = defaultdict(dict)
    for c in cells:
        if c["value_text"]:
            lines[(c["line_no"], c["code_text"] or c["item_text"])][c["column_label"]] = (c["value_text"], c["placement"])
    return [(key[1], {label: v for label, (v, _) in row.items()}, {p for _, p in row.values()}.pop()) for key, row in sorted(lines.items())]


def test_two_placements_satisfying_the_identities_stay_unplaced(tmp_path):
    """Every line prints 合计 and one part: 基本 or 项目 fit all identities alike (the 合计 line too)."""
    rows = ["1 合计 30.00 30.00", "2 206 科学技术支出 30.00 30.00", "3 20601 科学技术管理事务 30.00 30.00",
            "4 2060101 行政运行 10.00 10.00", "5 2060102 一般行政管理事务 20.00 20.00"]
    assert {placement for _, _, placement in _placements(tmp_path, rows)} == {"unplaced"}


def test_the_one_placement_satisfying_the_identities_is_kept(tmp_path):
    """The same lines under a 合计 line printing both parts: only 行政运行 in 基本 and 一般行政管理事务 in 项目 add up."""
    rows = ["1 合计 30.00 10.00 20.00", "2 206 科学技术支出 30.00 10.00 20.00", "3 20601 科学技术管理事务 30.00 10.00 20.00",
            "4 2060101 行政运行 10.00 10.00", "5 2060102 一般行政管理事务 20.00 20.00"]
    placed = _placements(tmp_path, rows)
    assert placed[3:] == [("2060101", {"合计": "10.00", "基本支出": "10.00"}, "identity"),
                          ("2060102", {"合计": "20.00", "项目支出": "20.00"}, "identity")]
    assert {placement for _, _, placement in placed[:3]} == {""}   # printed in full: read
    # a child that breaks the identities under every placement is not placed at all
    rows[4] = "5 2060102 一般行政管理事务 25.00 25.00"
    assert {placement for _, _, placement in _placements(tmp_path, rows)[3:]} == {"unplaced"}


def test_a_row_with_fewer_figures_than_columns_is_not_guessed():
    roles = ["seq", "code", "name", "amount", "amount", "amount"]
    assert _place([("T", "行政运行"), ("F", "1.00"), ("F", "1.00"), ("F", "1.00")], roles) == \
        ["", "", "行政运行", "1.00", "1.00", "1.00"]
    assert _place([("T", "机构运行"), ("F", "779.88"), ("F", "607.44")], roles) is None
    # two label columns (收支总表): one label and one figure fit either side
    sides = ["seq", "name", "amount", "name", "amount"]
    assert _place([("T", "十、卫生健康支出"), ("F", "305.48")], sides) is None
    assert _place([("T", "六、事业单位经营收入"), ("T", "六、科学技术支出"), ("F", "11890.40")], sides) == \
        ["", "六、事业单位经营收入", "", "六、科学技术支出", "11890.40"]
    cell = UnplacedCell(("1.00", "2.00"))
    assert cell == "" and cell.figures == ("1.00", "2.00")


def test_a_header_with_text_we_do_not_know_is_not_rebuilt():
    assert _header(["序号", "功能分类科目", "合计 基本支出 项目支出", "科目编码 科目名称"], 6) is not None
    assert _header(["序号", "功能分类科目", "合计 基本支出 专项资金", "科目编码 科目名称"], 6) is None
    assert _header(["序号", "功能分类科目", "合计 基本支出 项目支出", "科目编码 科目名称"], 7) is None  # 栏次 disagrees


def test_the_sample_is_generated_by_the_project():
    import sys

    sys.path.insert(0, str(SAMPLES))
    import make_raw_text_sample

    assert make_raw_text_sample.render(FACTS) == RAW_SAMPLE.read_text(encoding="utf-8")


# --- hand-written exports of another department: what the document's other tables settle ----------
UNIT_LINE = "101 某市水利局 预算年度：2024 单位：万元"


def _summary_table(rows: list[str]) -> list[str]:
    return ["部门预算收支总表", UNIT_LINE, "序号", "收入 支出", "项 目 预算数 项 目 预算数", "栏次 1 2 3 4", ""] + rows + [""]


def _income_table(rows: list[str]) -> list[str]:
    return ["部门预算收入总表", UNIT_LINE, "序号 功能分类科目 合计 本年收入 上年结转",
            "科目编码 科目名称 小计 财政拨款收入 事业收入 其他收入", "栏次 1 2 3 4 5 6 7 8", ""] + rows + [""]


def _fund_table(fund: str) -> list[str]:
    return [f"部门预算{fund}预算财政拨款支出表", UNIT_LINE, "序号 功能分类科目 合计 基本支出 项目支出", "科目编码 科目名称",
            "栏次 1 2 3 4 5", f"注：本部门无{fund}预算财政拨款预算，本表为空表。", ""]


THREE_PUBLIC = ["部门预算财政拨款“三公”经费支出表", UNIT_LINE, "序号 项 目", "资 金 性 质", "合计", "一般公共预算 财政拨款",
                "政府性基金 预算拨款", "国有资本经营 预算财政拨款", "栏次 1 2 3 4 5",
                "1 “三公”经费小计 12.00 12.00", "2 一、因公出国（境）费", "3 二、公务用车购置及运维费 10.00 10.00",
                "4 其中：公务用车购置费", "5 公务用车运行维护费 10.00 10.00", "6 三、公务接待费 2.00 2.00", ""]

SUMMARY = ["1 一、一般公共预算拨款收入 500.00 一、一般公共服务支出", "2 二、事业收入 二、教育支出",
           "3 三、其他收入 三、科学技术支出", "4 四、文化旅游体育与传媒支出", "5 五、农林水支出 480.00",
           "6 六、住房保障支出 20.00", "7 本年收入合计 500.00 本年支出合计 500.00", "8 上年结转结余 年终结转结余",
           "9 收入总计 500.00 支出总计 500.00"]
INCOME = ["1 合计 500.00 500.00 500.00", "2 213 农林水支出 480.00 480.00 480.00", "3 21303 水利 480.00 480.00 480.00",
          "4 2130301 行政运行 480.00 480.00 480.00", "5 221 住房保障支出 20.00 20.00 20.00",
          "6 22102 住房改革支出 20.00 20.00 20.00", "7 2210201 住房公积金 20.00 20.00 20.00"]


def _renumbered(rows: list[str]) -> list[str]:
    return [f"{n} {row.split(' ', 1)[1]}" for n, row in enumerate(rows, start=1)]


def _read_lines(tmp_path, *tables: list[str]) -> dict[str, list[tuple[str, str, dict[str, str], set[str]]]]:
    """Per table title, its lines: (side, item, {column label: figure}, placements of its cells); a row's
    unplaced figures as one more line, under the label "unplaced" (in printed order, space-separated)."""
    path = tmp_path / "d.txt"
    path.write_text("\n".join(line for table in tables for line in table) + "\n", encoding="utf-8")
    extracted = budget_tables.extract(read_document(str(path)))
    titles = {t["table_id"]: t["title"] for t in extracted["budget_tables"]}
    lines = defaultdict(dict)
    for c in extracted["budget_cells"]:
        key = (c["line_no"], c["side"]) if c["column_no"] > 0 else (c["line_no"], "")
        side, item, figures, placements = lines[titles[c["table_id"]]].setdefault(key, [c["side"], c["item_text"], {}, set()])
        label = c["column_label"].split("/")[-1] if c["column_no"] > 0 else "unplaced"
        if c["value_text"]:
            figures[label] = f"{figures[label]} {c['value_text']}" if label in figures else c["value_text"]
        placements.add(c["placement"])
    return {title: [tuple(v) for _, v in sorted(rows.items())] for title, rows in lines.items()}


def test_a_row_printing_one_label_takes_the_side_its_numbering_and_the_side_sums_allow(tmp_path):
    """Rows 4–6 print one label each: 四、 continues both sides (each printed 一…三), but 五、 and 六、 carry
    figures that only the 支出 side's 本年支出合计 adds up to, and 四、 must come before 五、 on its side."""
    lines = _read_lines(tmp_path, _summary_table(SUMMARY))["部门预算收支总表"]
    expenditure = [(item, figures, placements) for side, item, figures, placements in lines if side == "expenditure"]
    assert expenditure[3:6] == [("四、文化旅游体育与传媒支出", {}, {"identity"}),
                                ("五、农林水支出", {"预算数": "480.00"}, {"identity"}),
                                ("六、住房保障支出", {"预算数": "20.00"}, {"identity"})]
    income = [(item, placements) for side, item, _, placements in lines if side == "income"]
    assert income[3:6] == [("", {"identity"})] * 3 and income[0] == ("一、一般公共预算拨款收入", {""})


def test_enumeration_numerals_are_read_as_numbers():
    assert [_chinese_number(t) for t in ("一", "九", "十", "十一", "二十", "二十九", "三十一")] == [1, 9, 10, 11, 20, 29, 31]
    assert [_chinese_number(t) for t in ("十十", "一一", "二十十", "")] == [None] * 4


def test_a_row_whose_side_nothing_settles_stays_unplaced(tmp_path):
    """Both sides add up in rows 1–3: 四、 and 五、 (no figures) fit either side alike."""
    rows = _renumbered(["1 一、一般公共预算拨款收入 500.00 一、一般公共服务支出 500.00"] + SUMMARY[1:3] + [
        "4 四、农林水支出", "5 五、住房保障支出"] + SUMMARY[6:])
    lines = _read_lines(tmp_path, _summary_table(rows))["部门预算收支总表"]
    assert [(item, placements) for _, item, _, placements in lines[6:10]] == [("", {"unplaced"})] * 4
    assert lines[10][1:] == ("本年收入合计", {"预算数": "500.00"}, {""})
    # a numeral that continues neither side (五、 after 三、 on both): no placement at all, nothing placed
    rows = SUMMARY[:3] + ["4 五、文化旅游体育与传媒支出"] + SUMMARY[4:]
    lines = _read_lines(tmp_path, _summary_table(rows))["部门预算收支总表"]
    assert {p for _, item, _, placements in lines[6:12] for p in placements} == {"unplaced"}
    assert ("", "五、农林水支出", {"unplaced": "480.00"}, {"unplaced"}) in lines   # kept with its label, in no column


def test_funds_whose_tables_are_printed_empty_with_a_note_are_zero_elsewhere(tmp_path):
    """The “三公” rows print 合计 and one fund; with both other funds' tables note-only, that fund is 一般公共预算."""
    read = _read_lines(tmp_path, _fund_table("政府性基金"), _fund_table("国有资本经营"), THREE_PUBLIC)
    placed = [(item, figures, placements) for _, item, figures, placements in read["部门预算财政拨款“三公”经费支出表"]]
    assert placed[0] == ("“三公”经费小计", {"合计": "12.00", "一般公共预算财政拨款": "12.00"}, {"identity"})
    assert placed[5] == ("三、公务接待费", {"合计": "2.00", "一般公共预算财政拨款": "2.00"}, {"identity"})
    assert placed[1] == ("一、因公出国（境）费", {}, {""})   # read: no figure to place
    # the tables on pages of their own (form feeds between them): still one document's tables
    paged = _read_lines(tmp_path, _fund_table("政府性基金"), ["\f"] + _fund_table("国有资本经营"), ["\f"] + THREE_PUBLIC)
    assert paged["部门预算财政拨款“三公”经费支出表"] == read["部门预算财政拨款“三公”经费支出表"]
    # only the 政府性基金 table is note-only: 一般公共预算 and 国有资本经营 fit alike
    read = _read_lines(tmp_path, _fund_table("政府性基金"), THREE_PUBLIC)
    assert read["部门预算财政拨款“三公”经费支出表"][0] == ("", "“三公”经费小计", {"unplaced": "12.00 12.00"}, {"unplaced"})


def test_income_sources_the_summary_prints_no_figure_for_are_zero_in_the_income_table(tmp_path):
    """The 收支总表 prints no 事业收入 and no 其他收入: of the three sources a line's figure could be in, only
    财政拨款收入 is left (every figure of the 收入总表 is non-negative, so a zero total means zero lines)."""
    read = _read_lines(tmp_path, _summary_table(SUMMARY), _income_table(INCOME))
    lines = [(item, figures, placements) for _, item, figures, placements in read["部门预算收入总表"]]
    assert lines[3] == ("行政运行", {"合计": "480.00", "小计": "480.00", "财政拨款收入": "480.00"}, {"identity"})
    assert {p for *_, placements in lines for p in placements} == {"identity"}
    # the 收支总表 prints a 事业收入 figure: 财政拨款收入 and 事业收入 fit alike
    summary = ["1 一、一般公共预算拨款收入 400.00 一、一般公共服务支出", "2 二、事业收入 100.00 二、教育支出"] + SUMMARY[2:]
    read = _read_lines(tmp_path, _summary_table(summary), _income_table(INCOME))
    assert {p for *_, placements in read["部门预算收入总表"] for p in placements} == {"unplaced"}
    # a negative figure in the 收入总表: a zero total no longer means zero lines
    income = _renumbered(INCOME[:3] + ["4 2130301 行政运行 485.00 485.00 485.00",
                                       "5 2130399 其他水利支出 -5.00 -5.00 -5.00"] + INCOME[4:])
    read = _read_lines(tmp_path, _summary_table(SUMMARY), _income_table(income))
    assert {p for *_, placements in read["部门预算收入总表"] for p in placements} == {"unplaced"}


SPENDING = ["1 合计 500.00 300.00 200.00", "2 213 农林水支出 480.00 280.00 200.00", "3 21303 水利 480.00 280.00 200.00",
            "4 2130301 行政运行 280.00 280.00", "5 2130399 其他水利支出 200.00 200.00", "6 221 住房保障支出 20.00 20.00",
            "7 22102 住房改革支出 20.00 20.00", "8 2210201 住房公积金 20.00 20.00"]


def _spending_table(rows: list[str]) -> list[str]:
    return ["部门预算支出总表", UNIT_LINE, "序号 功能分类科目 合计 基本支出 项目支出 经营支出 上解上级支出 对附属单位补助支出",
            "科目编码 科目名称", "栏次 1 2 3 4 5 6 7 8", ""] + rows + [""]


def _general_table(rows: list[str], unit_line: str = UNIT_LINE) -> list[str]:
    return ["部门预算一般公共预算财政拨款支出表", unit_line, "序号 功能分类科目 合计 基本支出 项目支出", "科目编码 科目名称",
            "栏次 1 2 3 4 5", ""] + rows + [""]


def test_a_funds_own_table_bounds_the_expenditure_summary_lines(tmp_path):
    """The 支出总表 lines print 合计 and two of five part columns; the 一般公共预算财政拨款支出表 (placed by its
    own identities) says 行政运行 spends at least 280.00 in 基本支出 and 其他水利支出 200.00 in 项目支出: the
    支出总表's figures can only be there."""
    read = _read_lines(tmp_path, _spending_table(SPENDING), _general_table(SPENDING))
    lines = [(item, figures, placements) for _, item, figures, placements in read["部门预算支出总表"]]
    assert lines[3] == ("行政运行", {"合计": "280.00", "基本支出": "280.00"}, {"identity"})
    assert lines[4] == ("其他水利支出", {"合计": "200.00", "项目支出": "200.00"}, {"identity"})
    assert lines[0] == ("合计", {"合计": "500.00", "基本支出": "300.00", "项目支出": "200.00"}, {"identity"})
    assert {p for *_, placements in lines for p in placements} == {"identity"}
    # without the fund's table, or with it in another unit, any two of the five part columns fit
    for tables in ([_spending_table(SPENDING)],
                   [_spending_table(SPENDING), _general_table(SPENDING, "101 某市水利局 预算年度：2024 单位：元")]):
        read = _read_lines(tmp_path, *tables)
        assert {p for *_, placements in read["部门预算支出总表"] for p in placements} == {"unplaced"}


def test_tables_of_a_text_split_by_form_feeds_keep_their_pages(tmp_path):
    """pdftotext's default output separates pages by form feeds: a table is on its page's number (the two
    fund tables and the “三公” table printed on pages 2, 3 and 4 after a cover page), not on a page counted
    from the page headers of its own part of the text."""
    path = tmp_path / "d.txt"
    parts = [["某市水利局 2024年部门预算"], _fund_table("政府性基金"), _fund_table("国有资本经营"), THREE_PUBLIC]
    path.write_text("\f".join("\n".join(part) + "\n" for part in parts), encoding="utf-8")
    extracted = budget_tables.extract(read_document(str(path)))
    pages = {t["title"]: (t["first_page"], t["last_page"]) for t in extracted["budget_tables"]}
    assert pages == {"部门预算政府性基金预算财政拨款支出表": (2, 2), "部门预算国有资本经营预算财政拨款支出表": (3, 3),
                     "部门预算财政拨款“三公”经费支出表": (4, 4)}
    assert {c["page"] for c in extracted["budget_cells"]} == {4}
