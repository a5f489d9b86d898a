"""The 情况说明 narrative: the figures it states in words, and what reviewers look for in it.

The narrative is the document's text outside its tables. The readers keep, for every table,
the text printed above and below it; a page of text only is a table without rows that keeps
all its lines; a page of prose that the PDF reader took for a text-aligned table (strategy
"text" / "text_columns") has one printed line per row. Reading those in page order gives the
document's running text (see `page_lines`).

The text is cut into sentences (。！？, and a heading line is a sentence of its own). In each
sentence every amount with a money unit (13933.68 万元, 1,234 元) is a figure; what it is a
figure *of* is read from the words right before it (its phrase: back to the previous figure or
the previous ，；：（), the subject of the previous figure when the phrase names none (比上年
减少 215.26 万元 is a change of the subject just named), and the direction when the phrase says
增加 / 减少 (a year-over-year change, not a level).

Writes `narrative_sentences` (one row per sentence that states a figure, leaves a template
placeholder, or declares a table empty), `narrative_figures` (one row per figure) and
`narrative_titles` (every line naming a standard budget table: the entries of the document's 目录,
which say what the document publishes, and the title lines printed elsewhere, which say it is
printed even where its grid could not be read). No `*_tables` raw table: a narrative alone does not
make a document a recognised disclosure.
"""
from __future__ import annotations

import re

from extract.forms.base import B, I, S, squash, title_candidates
from extract.forms.budget_tables import classify as classify_budget_title
from extract.model import Document

FORM = "narrative"
FACT_MART = "fct_narrative_figures"  # the mart of its facts (dbt_project/models/marts/<family>/)

RAW_TABLES = {
    "narrative_sentences": [
        ("document_id", S), ("sentence_id", S), ("page", I), ("sentence_no", I), ("section", S),
        ("sentence", S), ("has_reason", S), ("placeholder_text", S), ("declares_empty", S),
        ("convention", S),
    ],
    "narrative_figures": [
        ("document_id", S), ("sentence_id", S), ("figure_no", I), ("page", I), ("subject", S),
        ("phrase", S), ("amount_text", S), ("unit_text", S), ("direction", S), ("basis", S), ("phrase_year", S),
        ("named_item", S), ("named_code", S), ("named_from", S),
    ],
    "narrative_titles": [
        ("document_id", S), ("page", I), ("line_no", I), ("title", S), ("table_kind", S), ("in_contents", B),
    ],
}

FIGURE = re.compile(r"(?P<number>[-−]?\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>亿\s?元|万\s?元|千\s?元|元|万(?=[（(，,；;。、]))")
# A figure whose digits follow other digits across a space ("445.6 9万元", letter-spaced or wrapped
# apart from its words) may be a fragment: it is kept, but not read as any subject's figure.
FRAGMENT_BEFORE = re.compile(r"[\d.．]\s+$")
HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十]部分)")
# Template text left in: XX局, ××万元, 目标内容1, 【单位名称】 (a bracketed year such as 【2016】 is a
# document number, and a row of dots is a table of contents, not a placeholder).
PLACEHOLDER = re.compile(r"(?<![A-Za-z])[XxＸｘ]{2,}(?![A-Za-z])|[×＊*]{2,}|目标内容\s*\d|指标内容\s*\d|（此处.{0,10}）|【[^】\d]{1,12}】")
REASON = re.compile(r"原因|由于|因为|主要(是|系|为|用于)|系|用于|因")
INCREASE = re.compile(r"增加|增长|上升|提高|新增|增支|多支")
DECREASE = re.compile(r"减少|下降|降低|压减|减支|节约|缩减")
# A level of an earlier year (上年预算数 X 万元), not of the document's year; 上年结转 is this year's money.
PRIOR_YEAR = re.compile(r"(上年|上一年|去年)(?!.{0,6}结转|末|底)|上年度")
# The document's own definition: 机关运行经费 is its 公用经费 (名词解释 or the 机关运行经费 paragraph).
OFFICE_IS_PUBLIC = re.compile(r"机关运行(经)?费.{0,10}(是指|指|即|为|系).{0,16}公用经费")

# (subject, pattern on the phrase before the figure), most specific first.
SUBJECTS: list[tuple[str, re.Pattern]] = [(s, re.compile(p)) for s, p in [
    ("vehicles", r"购置及运行|购置和运行|购置及运维|购置及维护"),
    ("vehicle_purchase", r"(公务用车|车辆)购置(费|支出|预算)|购置费"),
    ("vehicle_operation", r"公务用车运行(维护|维修)?费|运行(维护)?费"),
    ("vehicles", r"公务用车"),
    ("outbound_travel", r"因公出国"),
    ("reception_foreign", r"外宾接待"),
    ("reception", r"公务接待"),
    ("three_public", r"三公"),
    ("meetings", r"会议费"),
    ("training", r"培训费"),
    ("office_operation", r"机关运行"),
    ("procurement_part", r"(政府)?采购(货物|工程|服务)|(货物|工程|服务)类?(政府)?采购"),
    # the part of procurement one source funds (其中一般公共预算拨款政府采购 …): the procurement table
    # prints the all-funds total, so this is a part, not the total
    ("procurement_part", r"(一般公共预算|财政拨款|政府性基金|国有资本|财政专户|单位自有|其他资金)[^，,；;。]{0,8}政府采购"),
    ("procurement_total", r"政府采购"),
    ("fixed_asset_purchase", r"(购置|新增|采购|配置).{0,8}固定资产|固定资产.{0,4}(购置|采购)"),
    ("fixed_assets", r"固定资产|资产总额"),
    ("personnel", r"人员经费|人员支出"),
    ("public", r"公用经费|公用支出"),
    ("basic", r"基本支出"),
    ("project", r"项目支出"),
    ("carryover", r"上年.{0,8}结转|结转结余|上年结余|年初结转"),
    ("general_budget", r"一般公共预算"),
    ("government_fund", r"政府性基金|基金预算"),
    ("state_capital", r"国有资本经营"),
    ("special_account", r"财政专户"),
    ("business_income", r"事业收入"),
    ("operating_income", r"经营收入"),
    ("other_income", r"其他(来源|资金)?收入|其他资金"),
    ("superior_subsidy", r"上级补助"),
    ("affiliate_remittance", r"附属单位上缴"),
    ("operating", r"经营支出"),
    ("remit_to_superior", r"上缴上级"),
    ("subsidy_to_affiliates", r"对附属单位补助"),
    ("fiscal_grant", r"财政拨款"),
    ("classified_line", r"“[^”]{2,30}”(类|款|项)?(科目|支出)|[\u4e00-\u9fff]{2,20}（[类款项]）|[（(]\d{3,7}[）)]|"
                        r"(?<![\d.,])[23]\d{2}(\d{2}){0,2}(?![\d.,])[-—－:：\s]*[\u4e00-\u9fff]{2,24}"),
    ("income_expenditure_total", r"收支"),
    ("income_total", r"收入"),
    ("expenditure_total", r"支出"),
]]
# Parts named inside a 项目支出 sentence (主要有 X资金 2000 万元, Y经费 1000 万元) are projects.
PROJECT_LIST = re.compile(r"项目支出.*?(主要|包括|其中)")

# Declared empty in words: 本部门无政府性基金预算收支，故…表为空表.
EMPTY_DECLARATION = re.compile(r"(无|没有|不涉及|未安排|未发生|不存在)")
EMPTY_KINDS: list[tuple[str, re.Pattern]] = [(k, re.compile(p)) for k, p in [
    ("government_fund_expenditure", r"政府性?基金"),
    ("state_capital_expenditure", r"国有资本经营"),
    ("three_public", r"三公"),
    ("procurement", r"政府采购"),
    ("fixed_assets", r"固定资产|国有资产"),
]]


def page_lines(document: Document) -> list[tuple[int, str]]:
    """(page, line) of the document's running text, in page order."""
    out: list[tuple[int, str]] = []
    for table in document.tables:
        out += [(table.page, line) for line in table.lines_above if line.strip()]
        if table.strategy in ("text", "text_columns"):
            out += [(table.page, "".join(c for c in row if c)) for row in table.rows if any(row)]
        out += [(table.page, line) for line in table.lines_below if line.strip()]
    return out


CONTENTS_HEADING = re.compile(r"^目\s*录$")
# An entry's enumerator (1. / 一、 / 表1 / 附表3：) and its dotted leader with page number.
ENTRY_PREFIX = re.compile(r"^(附?表\s*[\d一二三四五六七八九十]+[-—.．、:：\s]*|[（(]?[\d一二三四五六七八九十]+[)）]?[、.．\s]+)")
ENTRY_LEADER = re.compile(r"[.．…·…\-—\s]{2,}\d*\s*$|\s+\d{1,3}\s*$")


def table_title_of(line: str) -> tuple[str, str | None]:
    """(cleaned title, standard budget table kind) of a contents entry or title line."""
    text = ENTRY_LEADER.sub("", line.strip())
    text = squash(ENTRY_PREFIX.sub("", text))
    if not text or len(text) > 50 or "。" in text or "关于" in text:
        return text, None
    return text, classify_budget_title(text)


def titles(document: Document) -> list[dict]:
    """Every line naming a standard budget table: in the 目录 (in_contents) or printed elsewhere.

    A 目录 is the running text after a line reading 目录, to the end of its page; a title printed
    elsewhere is a table's title candidate (lines above it, a first row of one merged cell) or a
    short line of running text on another page."""
    found, contents_pages, contents_from = [], set(), None
    for page, line in page_lines(document):
        if CONTENTS_HEADING.match(squash(line)):
            contents_pages.add(page)
            contents_from = page
            continue
        title, kind = table_title_of(line)
        if kind:
            found.append((page, title, kind, contents_from == page))
    for table in document.tables:
        if table.page not in contents_pages:
            for line in title_candidates(table):
                title, kind = table_title_of(line)
                if kind:
                    found.append((table.page, title, kind, False))
    rows, seen = [], set()
    for page, title, kind, in_contents in found:
        if (page, title, in_contents) not in seen:
            seen.add((page, title, in_contents))
            rows.append({"document_id": document.document_id, "page": page, "line_no": len(rows) + 1,
                         "title": title, "table_kind": kind, "in_contents": in_contents})
    return rows


def sentences(document: Document) -> list[tuple[int, str, str]]:
    """(page where it starts, section heading, sentence text)."""
    out, buffer, start_page, section = [], "", 0, ""
    heading_open = False   # the last line was a heading that may wrap onto the next line

    def flush():
        nonlocal buffer
        if squash(buffer):
            out.append((start_page, section, buffer.strip()))
        buffer = ""

    for page, line in page_lines(document):
        text = line.strip()
        if re.fullmatch(r"[-—\s]*(第\s*\d+\s*页|\d{1,3}|-\s*\d+\s*-)[-—\s]*(共\s*\d+\s*页)?", text):
            continue  # a page number
        if heading_open:
            heading_open = False
            # "…（款）行政单位医疗" + "（项）。": the heading's wrapped end belongs to the heading.
            end = re.match(r"^[^。；，]{0,30}?[（(]\d*[类款项][)）]", text)
            if end:
                section += end.group(0)
                text = text[end.end():].lstrip("。：:，, ")
                if not text:
                    continue
        if HEADING.match(text) and (len(text) <= 40 or len(text) <= 70 and re.search(r"[（(]\d*[类款项][)）]", text)) \
                and not re.search(r"[。；]", re.sub(r"(?<=[）)])。$", "", text)) and not FIGURE.search(text):
            flush()
            section = text
            start_page = page
            buffer = text
            flush()
            heading_open = True
            continue
        if len(text) <= 40 and not re.search(r"[，。；：、,;]", text):
            # A line without punctuation (a table title, a metadata line) is no part of a sentence.
            flush()
            start_page, buffer = page, text
            flush()
            continue
        for part in re.split(r"(?<=[。！？])", text):
            if not part:
                continue
            if not buffer:
                start_page = page
            buffer += part
            if re.search(r"[。！？]$", part):
                flush()
    flush()
    return out


# The 类 of the 支出功能分类: "一般公共服务支出 15,291.3 万元" is that line, not the total.
CLASS_NAME = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=包括)|(?<=其中)|(?<=主要有)|(?<=用于))(一般公共服务|外交|国防|公共安全|教育|科学技术|文化旅游体育与传媒|文化体育与传媒|社会保障和就业|"
                        r"社会保险基金|卫生健康|医疗卫生与计划生育|节能环保|城乡社区|农林水|交通运输|资源勘探工业信息等|"
                        r"资源勘探信息等|商业服务业等|金融|援助其他地区|自然资源海洋气象等|国土海洋气象等|住房保障|粮油物资储备|"
                        r"灾害防治及应急管理|债务付息|债务发行费用)支出")
CODE_BEFORE_NAME = re.compile(r"(?<![\d.,])([23]\d{2}(?:\d{2}){0,2})(?![\d.,])[-—－:：]?(?=[\u4e00-\u9fff])")
# A line named by its 类/款/项 (行政运行（项）, 公共安全支出（204类）司法（06款）…).
LINE_NAME = re.compile(r"([\u4e00-\u9fff]{2,24})[（(](\d{2,7})?([类款项])[)）]")
# Aggregate subjects are not what a project's, an expense's or an indicator's sentence states.
NOT_AGGREGATE = re.compile(r"[\u4e00-\u9fff]费(财政拨款|一般公共预算)|安排.{1,10}费|该项目|本项目|此项目|项目资金|≤|≥|指标")
AGGREGATE = ("income_total", "expenditure_total", "income_expenditure_total", "fiscal_grant", "general_budget", "carryover")


# "购房补贴 支出决算为 331 万元": a line named bare, right before its figure, without （项）.
BARE_LINE = re.compile(r"([\u4e00-\u9fff]{2,24}?)(支出)?(年初|全年)?(决算|预算)(数)?(为|是)?")
NOT_A_LINE_NAME = re.compile(r"^(本?年度?|当年|全年|本部门|部门|本单位|单位|合计|总计|其中|本年|上年|基本|项目|财政拨款|"
                             r"一般公共预算|收入|支出|[\u4e00-\u9fff]*(收入|支出|合计|总计|情况))$")


# "…财政拨款收支总预算 18,728.91 万元" names an aggregate, not a 科目 line.
AGGREGATE_NAME = re.compile(r"收支|财政拨款|一般公共预算|政府性基金|国有资本经营|总$")
# "深圳市…监管局预算 3,703.39 万元" names a unit's budget, not a 科目 line.
ORGANISATION = re.compile(r"(局|委员会|委|办公室|办|中心|院|所|站|处|厅|队|馆|部|社|会|单位|机关|政府)$")


def bare_line(phrase: str) -> str:
    """The line a phrase names bare before its figure ("购房补贴支出决算为"), else ""."""
    match = BARE_LINE.fullmatch(re.sub(r"^[\d.、．（）()一二三四五六七八九十]+|[：:]", "", squash(phrase)))
    if not match or NOT_A_LINE_NAME.match(match.group(1)) or ORGANISATION.search(match.group(1)) \
            or AGGREGATE_NAME.search(match.group(1)):
        return ""
    return match.group(1)


def line_named_in(clause: str) -> tuple[str, str]:
    """(name, code) of the line a clause names right before its figure: a bare name after the last
    marked one wins (住房改革支出（款）购房补贴 支出决算为 → 购房补贴)."""
    text = squash(clause)
    marked = list(LINE_NAME.finditer(text))
    bare = bare_line(text[marked[-1].end():] if marked else text)
    if bare:
        return bare, ""
    return named_line(clause)


def named_line(context: str) -> tuple[str, str]:
    """(name, code) of the 支出功能分类 line a phrase names, else ("", "")."""
    context = squash(context)   # 卫 生 健 康 支 出: letter-spaced text
    lines = LINE_NAME.findall(context)
    if lines:
        codes = "".join(code for _, code, _ in lines)
        name, _, level = lines[-1]
        name = re.sub(r"^[\d.、．]+", "", name)
        if level == "类" and not name.endswith("支出"):
            name += "支出"
        return name, codes if re.fullmatch(r"\d{3}(\d{2}){0,2}", codes) else ""
    # its code in brackets (培训支出（2050803）) or before its name (2110299-其他环境监测与监察支出)
    code = re.search(r"[（(](\d{3,7})[)）]", context) or CODE_BEFORE_NAME.search(context)
    names = CLASS_NAME.findall(context)
    if names:
        return names[-1] + "支出", code.group(1) if code else ""
    if code:
        return "", code.group(1)
    return "", ""


# A total is named as such (预算收入, 支出预算合计 …), not by a bare 支出 left of a cut phrase or a
# specific expense (培训费支出, a 项 line).
NOT_A_TOTAL = re.compile(r"费支出|（[类款项]）|[\u4e00-\u9fff]{2,}支出[（(]")


# The words a phrase naming the whole budget is made of (2026年本部门收入预算合计为, 支出决算为,
# 深圳市…局部门预算支出): anything else left in it (其他商品和服务支出, …服务中心的…经费等支出, a cut
# "本支出预算" of 基本支出预算) names a part, not the total.
TOTAL_WORDS = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]|20\d{2}年度?|本年度|本部门|本单位|部门|单位|当年|本年|全年|"
                         r"年初|年度|预算|决算|收支|收入|支出|总计|合计|总额|总体|安排|共计|其中|情况|数|为|是|的|共|总|[:：]")


def names_the_total(phrase: str) -> bool:
    rest = TOTAL_WORDS.sub("", squash(phrase))
    return not rest or bool(ORGANISATION.search(rest) and len(rest) >= 3)


def subject_of(phrase: str) -> str | None:
    for subject, pattern in SUBJECTS:
        if pattern.search(phrase):
            if subject in ("income_total", "expenditure_total", "income_expenditure_total") and (
                    len(squash(phrase)) < 4 or NOT_A_TOTAL.search(phrase) or not names_the_total(phrase)):
                return None
            return subject
    return None


def direction_of(phrase: str) -> str:
    if DECREASE.search(phrase):
        return "decrease"
    if INCREASE.search(phrase):
        return "increase"
    return ""


def figures_of(sentence: str, carried_subject: str | None = None, section: str = "") -> list[dict]:
    """The figures of a sentence. `carried_subject`: the last subject of the sentence before, for a
    change that names none (基本支出预算数为 7877.76 万元。与上年相比增加 211.08 万元). `section`: the
    heading it is under, which may name the line (1、一般公共服务（类）…行政运行（项） / 支出决算为 11.31 万元)."""
    found, previous_end, previous_subject = [], 0, carried_subject
    project_list_from = None
    match = PROJECT_LIST.search(sentence)
    if match:
        project_list_from = match.end()
    for match in FIGURE.finditer(sentence):
        before = sentence[previous_end:match.start()]
        phrase = re.split(r"[，,；;：:。]", before)[-1].strip() or before.strip()
        direction = direction_of(phrase)
        subject = subject_of(re.sub(INCREASE.pattern + "|" + DECREASE.pattern, "", phrase))
        if FRAGMENT_BEFORE.search(sentence[max(0, match.start() - 3):match.start()]):
            subject = None
        if re.search(r"[≤≥<>]|指标", phrase):
            subject = None   # a performance target (人员支出成本≤ 90.9 万元), not a level the tables print
        if project_list_from is not None and match.start() > project_list_from and subject is None and not direction:
            subject = "named_project"
        if subject is None and direction:
            subject = previous_subject
        name, code, named_from = "", "", ""
        if subject in AGGREGATE + ("classified_line", None) and not re.search(r"总计|合计|总额", phrase):
            # 一般公共服务（类）…行政运行（项）：支出决算为 11.31 万元 — the line named before the figure.
            # Named in the phrase itself (行政运行（项）, “…”科目, or bare: 购房补贴 支出决算为) is read
            # as printed; named only further back in the sentence or in the heading is a guess.
            # The clause up to the figure, heading included (…行政运行（项）：支出决算为 11.31 万元).
            clause = re.split(r"[，,；;。]", before)[-1]
            if subject == "classified_line" or CLASS_NAME.search(squash(clause)) or LINE_NAME.search(squash(clause)) \
                    or bare_line(clause):
                (name, code), named_from = line_named_in(clause), "phrase"
            else:
                (name, code), named_from = named_line(sentence[max(0, match.start() - 80):match.start()]), "context"
            if not (name or code) and re.fullmatch(r"(支出)?(决算|预算)(数)?(为|是)?", squash(phrase)):
                # the heading may wrap: "…（款）行政单位医疗" + "（项）：全年预算为 …"
                (name, code), named_from = named_line(section + sentence[:match.start()]), "section"
            if (name or code) and not direction:
                subject = "classified_line"
            if not (name or code):
                named_from = ""
        if subject in AGGREGATE and (NOT_AGGREGATE.search(phrase) or NOT_AGGREGATE.search(sentence)):
            subject = None
        if direction:
            basis = "change"
        elif re.search(r"年初预算|调整预算|全年预算", phrase):
            basis = "initial_budget"   # a 决算 restating its budget: not this table's figure
        else:
            basis = "prior_year" if PRIOR_YEAR.search(phrase) else "current"
        # The year the phrase names (2025年预算数 …): staging compares it with the document's year.
        year = re.search(r"(20\d{2})\s*年", before[-40:])
        unit = squash(match.group("unit"))
        found.append({"phrase": phrase, "amount_text": match.group("number"),
                      "unit_text": "万元" if unit == "万" else unit,
                      "direction": direction, "subject": subject or "unclassified", "basis": basis,
                      "phrase_year": year.group(1) if year else "", "named_item": name, "named_code": code,
                      "named_from": named_from})
        previous_end = match.end()
        if subject:
            previous_subject = subject
    return found


def declared_empty(sentence: str) -> list[str]:
    text = squash(sentence)
    if not EMPTY_DECLARATION.search(text) and "空表" not in text:
        return []
    kinds = []
    for clause in re.split(r"[，,；;。]", text):
        if not (re.search(r"(无|没有|不涉及|未安排|不存在)", clause) or "空表" in clause):
            continue
        if re.search(r"无(增减|变化)|持平", clause):
            continue
        kinds += [kind for kind, pattern in EMPTY_KINDS if pattern.search(clause) and kind not in kinds]
    return kinds


def extract(document: Document) -> dict[str, list[dict]]:
    document_id = document.document_id
    rows, figures = [], []
    texts = sentences(document)
    carried, carried_section = None, None
    for number, (page, section, sentence) in enumerate(texts, start=1):
        found = figures_of(sentence, carried if carried_section == section else None, section)
        subjects = [f["subject"] for f in found if f["subject"] != "unclassified"]
        if subjects:
            carried, carried_section = subjects[-1], section
        placeholders = sorted(set(m.group(0) for m in PLACEHOLDER.finditer(sentence)))
        empty = declared_empty(sentence)
        convention = "office_operation_is_public" if OFFICE_IS_PUBLIC.search(squash(sentence)) else ""
        if not (found or placeholders or empty or convention):
            continue
        changes = [f for f in found if f["direction"]]
        has_reason = ""
        if changes:
            # The reason may be given in the sentence or in the next three of the same section
            # (…减少 2.8 万元。减少的主要原因是…; 上海: income, expenditure, then 减少的主要原因…).
            following = [t for p, sec, t in texts[number:number + 3] if sec == section]
            has_reason = "yes" if any(REASON.search(t) for t in [sentence] + following) else "no"
        sentence_id = f"{document_id}-{FORM}-{number:04d}"
        rows.append({"document_id": document_id, "sentence_id": sentence_id, "page": page, "sentence_no": number,
                     "section": section, "sentence": sentence, "has_reason": has_reason,
                     "placeholder_text": " ".join(placeholders), "declares_empty": ",".join(empty),
                     "convention": convention})
        for k, figure in enumerate(found, start=1):
            figures.append({"document_id": document_id, "sentence_id": sentence_id, "figure_no": k, "page": page,
                            **figure})
    return {"narrative_sentences": rows, "narrative_figures": figures, "narrative_titles": titles(document)}
