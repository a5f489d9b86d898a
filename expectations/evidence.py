"""Evidence for findings: the printed cells a finding compares, as the officer would see them on paper.

A finding names its document, page, reader table (`table_index`) and printed row (`page_row`); the readers
kept where every cell of that row is printed (`stg_cell_boxes`, from raw.cell_boxes). For a PDF the page is
rendered with pypdfium2, cropped to the rows around the finding's row, and the row's cells are outlined
(Pillow); the PNG is written beside the report (`evidence/<finding id>.png`, linked relatively). For XLSX,
DOCX and text documents — or a PDF no longer at its ingested path — the same rows are shown as an HTML
excerpt of the table. A finding comparing two tables also names the second table's row (`other_page`,
`other_table_index`, `other_page_row`): its picture stacks the two crops (its own row on top), its excerpt shows
both. A finding filed under the 情况说明 prose (no table row of its own, DIS-020/021) that names the table line it
compared shows that line alone (`Evidence.compared_only`). A finding that names no row (a whole-table or
whole-document rule) has no evidence.

Rendering is bounded: at most `max_images` pictures per document (confirmed errors first), each page rendered
once; the rest keep the HTML excerpt. Nothing here changes a finding.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from itertools import repeat

from extract.duckdb_settings import tables_in

CONTEXT_ROWS = 2          # printed rows shown above and below the finding's row
MAX_IMAGES = 200          # pictures per document page; the others get the HTML excerpt
SCALE = 2.0               # render at 144 dpi: small print stays legible
PAD = 6.0                 # points of page around the cropped rows
EVIDENCE_DIR = "evidence"


@dataclass
class Evidence:
    """What the report shows under a finding: an image (path relative to the report) or an excerpt."""
    image: str | None = None
    rows: list[tuple[int, int | None, tuple[str, ...]]] = field(default_factory=list)   # (page_row, source_row, cells)
    row: int | None = None        # the finding's page_row
    page: int | None = None
    source: str = ""              # pdf / xlsx / docx / text
    other: "Evidence | None" = None   # the second table's row, for a finding comparing two tables
    compared_only: bool = False   # the row is the compared table line of a finding with no row of its own (prose)


def _file_key(failure: dict) -> str:
    """A safe file name for a finding's picture: its id, else a digest of what identifies it."""
    fid = failure.get("finding_id")
    if fid and re.fullmatch(r"[0-9a-f]{16}(-\d+)?", str(fid)):
        return str(fid)
    raw = "|".join(str(failure.get(k)) for k in ("document_id", "rule_id", "page", "table_id", "item"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def _priority(failure: dict) -> tuple:
    """Confirmed errors get pictures first, then suspected errors, warnings, rounding."""
    return (failure.get("finding") != "mismatch", failure.get("severity") != "error",
            failure.get("confidence") == "suspected", failure.get("status") == "dismissed")


def attach_evidence(con, failures: list[dict], report_dir: str, max_images: int = MAX_IMAGES) -> None:
    """Set failure["evidence"] (an Evidence, or None) on every failure; write the pictures under report_dir (at
    most max_images per document). The failures may be of many documents: their cells are read in one query."""
    for f in failures:
        f["evidence"] = None
    placed = [(f, places) for f in failures if f.get("document_id") is not None for places in [_places(f)] if places]
    if not placed or not {"stg_cell_boxes", "stg_documents"} <= tables_in(con, "staging"):
        return
    keys = {(f["document_id"], page, index) for f, places in placed for page, index, _ in places}
    cells: dict[tuple, dict[int, dict]] = {key: {} for key in keys}
    # Only the printed rows shown (a finding's row and CONTEXT_ROWS either side), of every document at once: one
    # query, not one per document or table (a query costs ~2 ms and scans the document's cells; at 1,000
    # documents those queries were most of the report). The list of documents lets DuckDB skip other documents'
    # row groups: an incremental build's documents sit at the end of the table, away from their ids' order, and a
    # range of ids (BETWEEN first AND last) read most of the table (0.9 s at 10,000 documents against 0.02 s).
    # A row comes as one result row (its cells' columns and texts as lists), without the cells' boxes, which only a
    # picture needs: those are read for the rows pictured alone (_read_boxes). One Python tuple of thirteen values
    # per cell was most of the report's time at 10,000 documents (5 million cells, 400,000 findings, no picture).
    # The lists are in no order (a column is printed once in a row: stg_cell_boxes' unique test), as ORDER BY col
    # cost DuckDB a sort per row; and the rows are asked for as the findings' own, DuckDB adding CONTEXT_ROWS either
    # side (binding Python lists of parameters costs ~0.2 µs a value: five times as many rows bound cost more than
    # the rest of the query). At 10,000, a batch's rows cost 0.19 s of CPU (making the parameters, the query, fetching
    # its rows), 0.15 without the ORDER BY, 0.12 with the findings' rows bound (every 5th of 51 batches).
    places_wanted = list({(f["document_id"], page, index, row) for f, places in placed for page, index, row in places})
    documents_placed = sorted({str(f["document_id"]) for f, _ in placed})
    for doc, page, index, page_row, source_row, cols, texts, boxed in fetch_rows(con, f"""
            SELECT c.document_id, c.page, c.table_index, c.page_row, arg_min_null(c.source_row, c.col),
                   list(c.col), list(c.text), bool_or(c.x0 IS NOT NULL)
            FROM staging.stg_cell_boxes c
            {_wanted_rows(CONTEXT_ROWS)}
            GROUP BY ALL""", _wanted_parameters(places_wanted, documents_placed)):
        rows = cells.get((doc, page, index))
        if rows is None:
            continue
        # the row's cells by column, and the row as a finding's excerpt shows it (page_row, source_row, its cells by
        # column, "" where none is printed): made once per row however many findings show it
        by_col = dict(zip(cols, texts))
        rows[page_row] = {"cells": by_col, "boxes": [], "by_col": {}, "boxed": boxed,
                          "shown": (page_row, source_row, tuple(map(by_col.get, range(max(by_col) + 1), repeat(""))))}
    documents = {d: (p, fmt) for d, p, fmt in con.execute(
        "SELECT document_id, path, format FROM staging.stg_documents WHERE document_id IN (SELECT unnest(?))",
        [documents_placed]).fetchall()}

    wanted, pictured, readable, boxes_wanted = [], {}, {}, set()
    for f, places in sorted(placed, key=lambda p: _priority(p[0])):
        path, fmt = documents.get(f["document_id"], (None, None))
        found = []   # (Evidence, rows of its table, rows shown) per printed row the finding compares
        for page, index, page_row in places:
            rows = cells.get((f["document_id"], page, index)) or {}
            if page_row not in rows:
                continue
            shown = [r for r in range(page_row - CONTEXT_ROWS, page_row + CONTEXT_ROWS + 1) if r in rows]
            found.append((Evidence(row=page_row, page=page, source=fmt or "", rows=[rows[r]["shown"] for r in shown]),
                          rows, shown, index))
        if _compared_only(f):
            if not found:
                continue
            found[0][0].compared_only = True
        elif not found or found[0][0].page != f["page"] or found[0][0].row != f["page_row"]:
            continue   # the finding's own row is not in the cells: no evidence rather than only the other table's
        f["evidence"] = found[0][0]
        if len(found) > 1:
            f["evidence"].other = found[1][0]
        if fmt == "pdf" and pictured.get(f["document_id"], 0) < max_images and path:
            if path not in readable:   # once per file, not per finding
                readable[path] = os.path.isfile(path)
            if readable[path] and all(rows[e.row]["boxed"] for e, rows, _, _ in found):
                pictured[f["document_id"]] = pictured.get(f["document_id"], 0) + 1
                wanted.append((path, f, [(e.page, rows, e.row, shown) for e, rows, shown, _ in found]))
                boxes_wanted.update((f["document_id"], e.page, index, r) for e, _, shown, index in found for r in shown)
    _read_boxes(con, sorted(boxes_wanted), cells)
    pdf_cache: dict[str, object] = {}
    page_cache: dict[tuple, object] = {}
    try:
        for path, f, crops in sorted(wanted, key=lambda w: (w[0], w[1]["page"])):   # pages rendered once, mostly
            if path not in pdf_cache:   # one file open at a time (the pictures come file by file)
                _close(pdf_cache)
            f["evidence"].image = _render(path, f, crops, report_dir, pdf_cache, page_cache)
    finally:
        _close(pdf_cache)


def fetch_rows(con, query: str, parameters: list):
    """The rows of a query as tuples of Python values, as fetchall gives them, made through Arrow: a column at a
    time (the evidence's query at 10,000: a batch's 16,000 rows, with their lists of cells, 0.07 s of CPU by
    fetchall; its Arrow table and columns 0.03 s more than the query alone)."""
    table = con.sql(query, params=parameters).to_arrow_table()
    return zip(*(column.to_pylist() for column in table.columns))


def _wanted_rows(context: int) -> str:
    """The cells of the printed rows asked for and of `context` rows either side of each (parameters:
    _wanted_parameters)."""
    return f"""
            SEMI JOIN (SELECT document_id, page, table_index,
                              unnest(range(page_row - {context:d}, page_row + {context + 1:d})) AS page_row
                       FROM (SELECT unnest(?::VARCHAR[]) AS document_id, unnest(?::BIGINT[]) AS page,
                                    unnest(?::BIGINT[]) AS table_index, unnest(?::BIGINT[]) AS page_row)) w
                   ON c.document_id = w.document_id AND c.page = w.page AND c.table_index = w.table_index
                  AND c.page_row = w.page_row
            WHERE c.document_id IN (SELECT unnest(?::VARCHAR[]))"""


def _wanted_parameters(wanted_rows: list[tuple], documents: list[str]) -> list:
    return [[str(w[0]) for w in wanted_rows], [w[1] for w in wanted_rows], [w[2] for w in wanted_rows],
            [w[3] for w in wanted_rows], documents]


def _read_boxes(con, rows_pictured: list[tuple], cells: dict) -> None:
    """The boxes of the cells of the rows pictured ((document, page, table, row): each picture's shown rows), into
    their rows of `cells`: every box of the row ("boxes", in column order), its box by column ("by_col") and the
    page's size ("page_size")."""
    if not rows_pictured:
        return
    for doc, page, index, page_row, col, x0, top, x1, bottom, width, height in con.execute(f"""
            SELECT c.document_id, c.page, c.table_index, c.page_row, c.col, c.x0, c.top, c.x1, c.bottom,
                   c.page_width, c.page_height
            FROM staging.stg_cell_boxes c
            {_wanted_rows(0)} AND c.x0 IS NOT NULL
            ORDER BY c.document_id, c.page, c.table_index, c.page_row, c.col""",
            _wanted_parameters(rows_pictured, sorted({str(w[0]) for w in rows_pictured}))).fetchall():
        row = (cells.get((doc, page, index)) or {}).get(page_row)
        if row is None:
            continue
        row["boxes"].append((x0, top, x1, bottom))
        row["by_col"][col] = (x0, top, x1, bottom)
        row["page_size"] = (width, height)


def _close(pdf_cache: dict) -> None:
    for pdf in pdf_cache.values():
        try:
            pdf.close()
        except Exception:
            pass
    pdf_cache.clear()


_PLACE_KEYS = {prefix: (prefix + "page", prefix + "table_index", prefix + "page_row") for prefix in ("", "other_")}


def _place(failure: dict, prefix: str) -> tuple | None:
    page, index, row = _PLACE_KEYS[prefix]
    place = (failure.get(page), failure.get(index), failure.get(row))
    return None if None in place else place


def _places(failure: dict) -> list[tuple]:
    """(page, reader table, printed row) of the row a finding is filed under, then of the second table's row it
    compares (a rule comparing two tables); for a finding with no row of its own (a 情况说明 figure), only the
    table row it compares; empty when the finding names no row."""
    own, other = _place(failure, ""), _place(failure, "other_")
    if own is None:
        return [other] if other and _compared_only(failure) else []
    return [own] + ([other] if other else [])


def _compared_only(failure: dict) -> bool:
    """A finding that sits where no table row is (its place note says so) but names the table row it compared."""
    return failure.get("page_row") is None and bool(failure.get("place_note")) and _place(failure, "other_") is not None


COMPARED = (21, 101, 192)   # blue: a cell of the row printing the finding's expected or actual figure
_FIGURE = re.compile(r"^([-−]?)([\d,，]*\.?\d+)\s*(%|分|元|万元|千元|亿元)?$")
_MONEY = {"元": 1, "千元": 1000, "万元": 10000, "亿元": 100000000}


def _compared_cells(failure: dict, row: dict) -> list[int]:
    """Columns of the row whose printed figure equals the finding's expected or actual value (in the unit it
    prints in). Only a picture's emphasis: the finding itself never depends on it."""
    from decimal import Decimal, InvalidOperation

    wanted = set()
    for key in ("expected", "actual"):
        value = failure.get(key)
        if value is None:
            continue
        value = Decimal(str(value))
        if failure.get("value_kind") in (None, "money"):
            value = value / _MONEY.get(failure.get("value_unit") or "元", 1)
        wanted.add(value.normalize())
    found = []
    for col, text in row["cells"].items():
        match = _FIGURE.match((text or "").replace(" ", ""))
        if not match or col not in row["by_col"]:
            continue
        try:
            number = Decimal(match.group(1).replace("−", "-") + match.group(2).replace(",", "").replace("，", ""))
        except InvalidOperation:
            continue
        if number.normalize() in wanted:
            found.append(col)
    return found


def crop_box(boxes: list[tuple], width: float, height: float) -> tuple[float, float, float, float]:
    """The part of the page (points: left, top, right, bottom) a picture shows: the given cells and PAD around."""
    return (max(0.0, min(b[0] for b in boxes) - PAD), max(0.0, min(b[1] for b in boxes) - PAD),
            min(width, max(b[2] for b in boxes) + PAD), min(height, max(b[3] for b in boxes) + PAD))


def _render(path: str, failure: dict, crops: list[tuple], report_dir: str, pdf_cache: dict,
            page_cache: dict) -> str | None:
    """One picture of the finding: per printed row it compares (its own, then the second table's), the page
    cropped around the shown rows with the row and its cells outlined; crops stacked top to bottom. Returns the
    picture's path relative to the report."""
    from PIL import Image

    pictures = []
    for page, rows, page_row, shown in crops:
        picture = _crop(path, failure, page, rows, page_row, shown, pdf_cache, page_cache)
        if picture is None:
            return None
        pictures.append(picture)
    gap = 12
    stacked = Image.new("RGB", (max(p.width for p in pictures), sum(p.height for p in pictures) + gap * (len(pictures) - 1)),
                        (255, 255, 255))
    y = 0
    for picture in pictures:
        stacked.paste(picture, (0, y))
        y += picture.height + gap
    folder = os.path.join(report_dir, EVIDENCE_DIR)
    os.makedirs(folder, exist_ok=True)
    name = f"{_file_key(failure)}.png"
    tmp = os.path.join(folder, f".{name}.tmp")
    # zlib level 3, no optimize pass: lossless (the outline colours stay exact) and 5x faster than optimize=True
    # (0.27 -> 0.055 s a picture; 94 of the 181 s a build of the real corpus took went into optimize), files as small
    stacked.save(tmp, format="PNG", compress_level=3)
    os.replace(tmp, os.path.join(folder, name))
    return f"{EVIDENCE_DIR}/{name}"


def _crop(path: str, failure: dict, page: int, rows: dict, page_row: int, shown: list[int], pdf_cache: dict,
          page_cache: dict):
    """The page around the shown rows, the row outlined in red, its cells in orange, the compared figures in blue."""
    from PIL import ImageDraw

    target = rows[page_row]
    width, height = target.get("page_size") or (None, None)
    boxes = [b for r in shown for b in rows[r]["boxes"]]
    if not width or not height or not boxes:
        return None
    key = (path, page)
    try:
        if key not in page_cache:
            import pypdfium2 as pdfium

            if path not in pdf_cache:
                pdf_cache[path] = pdfium.PdfDocument(path)
            pdf = pdf_cache[path]
            if not 1 <= page <= len(pdf):
                return None
            if len(page_cache) >= 2:   # at most two page images held (a finding's two tables)
                page_cache.pop(next(iter(page_cache)))
            page_cache[key] = pdf[page - 1].render(scale=SCALE).to_pil().convert("RGB")
        picture = page_cache[key]
    except Exception:   # a damaged page renders no picture; the excerpt stays
        return None
    sx, sy = picture.width / width, picture.height / height
    left, top, right, bottom = crop_box(boxes, width, height)
    crop = picture.crop((int(left * sx), int(top * sy), int(right * sx) + 1, int(bottom * sy) + 1)).copy()
    draw = ImageDraw.Draw(crop)
    ox, oy = int(left * sx), int(top * sy)

    def rect(box, colour, line):
        draw.rectangle((box[0] * sx - ox, box[1] * sy - oy, box[2] * sx - ox, box[3] * sy - oy), outline=colour,
                       width=line)

    for box in dict.fromkeys(target["boxes"]):       # each printed cell of the row
        rect(box, (230, 81, 0), 2)
    for col in _compared_cells(failure, target):      # the figures the finding names, as printed in the row
        box = target["by_col"][col]
        rect((box[0] + 2, box[1] + 2, box[2] - 2, box[3] - 2), COMPARED, 3)
    row_box = (min(b[0] for b in target["boxes"]), min(b[1] for b in target["boxes"]),
               max(b[2] for b in target["boxes"]), max(b[3] for b in target["boxes"]))
    rect((row_box[0] - 1.5, row_box[1] - 1.5, row_box[2] + 1.5, row_box[3] + 1.5), (198, 40, 40), 4)
    return crop
