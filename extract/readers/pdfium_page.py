"""pdfplumber pages whose objects (characters, lines, rectangles, curves) are read by pdfium.

pdfminer parses a page's content streams in Python: it is where most of the extraction time went.
pdfium (pypdfium2, already installed with pdfplumber) parses them in C. `PdfiumPage` is a
pdfplumber `Page` whose `parse_objects` builds the same object dictionaries pdfminer would give,
in the same coordinates, so pdfplumber's table finder, text and word extraction and our code run
on them unchanged. A page pdfium cannot reproduce faithfully (see `NotReproducible`) is parsed by
pdfminer as before; `BW_PDF_SOURCE=pdfminer` forces pdfminer everywhere (for comparisons).

How the objects are made to match pdfminer's:
- Characters: pdfium's loose box gives the advance (x0..x1); bottom and top are the baseline plus
  the font's descent, and plus descent and font size, as pdfminer sizes a character by its font
  size, not by its glyph. pdfium computes in single precision: values are rounded to 1/10000 pt,
  which gives back the numbers written in the content stream, and combined in pdfminer's order.
  pdfium's text layer folds runs of spaces into one and drops spaces at line ends; pdfminer keeps
  every space it is given, and `keep_blank_chars` word extraction depends on them: a space pdfium
  kept is widened back over the gap up to the next character of its text object, as the spaces
  it dropped would have covered. Generated characters (line breaks, spaces pdfium infers) are
  skipped. A character pdfium sets on a rotated or mirrored matrix sends the page to pdfminer.
- Paths: each painted path is split into subpaths at every move, classified as pdfminer does (a
  single segment is a line, a closed axis-aligned four-sided subpath a rectangle, anything else a
  curve through its segments' end points), in the page's user space composed with every form's
  matrix.
- Coordinates: user space → pdfminer's page space (the page's rotation and MediaBox origin, as
  pdfminer's `process_page` sets it) → pdfplumber's top-down space (as `Page.process_object`).
Not reproduced: colours and colour spaces, marked-content ids, dash patterns, a path's original
segments (`path`), images, annotations in `objects` (nothing in this project reads them);
pdfminer's "F" fill operator (pdfminer ignores it).
"""
from __future__ import annotations

import ctypes
import os

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfminer.fontmetrics import FONT_METRICS
from pdfplumber.page import Page

SOURCE_ENV = "BW_PDF_SOURCE"


class NotReproducible(Exception):
    """pdfium cannot give this page's objects as pdfminer would: parse it with pdfminer."""


def pdfium_enabled() -> bool:
    return os.environ.get(SOURCE_ENV, "pdfium").strip().lower() != "pdfminer"


def with_pdfium(pages: list[Page], path: str) -> list[Page]:
    """The document's pdfplumber pages, their objects read by pdfium where it can (the pages as
    given, read by pdfminer, when pdfium is switched off or cannot open the file)."""
    if not pages or not pdfium_enabled():
        return pages
    try:
        document = pdfium.PdfDocument(path)
        if len(document) != len(pages):
            document.close()
            return pages
    except Exception:  # pdfium refuses some files pdfminer reads: keep pdfminer's pages
        return pages
    return [PdfiumPage(page, document) for page in pages]


class PdfiumPage(Page):
    """A pdfplumber page (geometry from pdfminer's page dictionary) whose objects come from pdfium."""

    def __init__(self, page: Page, document: pdfium.PdfDocument):
        super().__init__(page.pdf, page.page_obj, page.page_number, page.initial_doctop)
        self.document = document
        self.source = "pdfium"

    def parse_objects(self):
        try:
            return self._pdfium_objects()
        except NotReproducible:
            pass
        self.source = "pdfminer"
        return super().parse_objects()

    # -- pdfium → pdfplumber ---------------------------------------------------------------------

    def _pdfium_objects(self) -> dict[str, list[dict]]:
        page = self.document[self.page_number - 1]
        try:
            space = _PageSpace(self)
            texts, paths = _page_objects(page)
            text_page = raw.FPDFText_LoadPage(page.raw)
            if not text_page:
                raise NotReproducible("pdfium has no text layer for this page")
            try:
                top_level = {ctypes.cast(obj, ctypes.c_void_p).value for obj, outer in texts if outer is _IDENTITY}
                chars, keys, origins = _chars(text_page, space, self.page_number, top_level)
            finally:
                raw.FPDFText_ClosePage(text_page)
            dropped = _dropped_spaces(texts, set(keys), origins, space, self.page_number)
            _widen_spaces(chars, keys, dropped)
            chars += dropped
            objects: dict[str, list[dict]] = {}
            if chars:
                objects["char"] = chars
            for kind, obj in _paths(paths, space, self.page_number):
                objects.setdefault(kind, []).append(obj)
            return objects
        finally:
            page.close()


def _page_objects(page: pdfium.PdfPage) -> tuple[list, list]:
    """The page's text objects and path objects, each with the matrix of the forms around it."""
    get_type, TEXT, PATH, FORM = raw.FPDFPageObj_GetType, raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
    texts, paths = [], []
    stack = [([raw.FPDFPage_GetObject(page.raw, i) for i in range(raw.FPDFPage_CountObjects(page.raw))], _IDENTITY)]
    while stack:
        objects, outer = stack.pop()
        for obj in objects:
            kind = get_type(obj)
            if kind == TEXT:
                texts.append((obj, outer))
            elif kind == PATH:
                paths.append((obj, outer))
            elif kind == FORM:
                children = [raw.FPDFFormObj_GetObject(obj, j) for j in range(raw.FPDFFormObj_CountObjects(obj))]
                stack.append((children, _compose(_object_matrix(obj), outer)))
    return texts, paths


class _PageSpace:
    """User space → pdfplumber's coordinates, as pdfminer's `process_page` and pdfplumber's
    `process_object` compose them."""

    def __init__(self, page: Page):
        x0, y0, x1, y1 = page.page_obj.mediabox
        rotate = page.page_obj.rotate
        if rotate == 90:
            self.ctm = (0, -1, 1, 0, -y0, x1)
        elif rotate == 180:
            self.ctm = (-1, 0, 0, -1, x1, y1)
        elif rotate == 270:
            self.ctm = (0, 1, -1, 0, y1, -x0)
        else:
            self.ctm = (1, 0, 0, 1, -x0, -y0)
        self.mb_x0, self.mb_top = page.mediabox[0], page.mediabox[1]
        self.height = page.height
        self.doctop = page.initial_doctop

    def box(self, obj: dict, x0: float, y0: float, x1: float, y1: float) -> dict:
        """Set pdfplumber's box keys from a box in pdfminer's page space."""
        top = self.height - y1 + self.mb_top
        obj.update(x0=x0 + self.mb_x0, y0=y0, x1=x1 + self.mb_x0, y1=y1, width=x1 - x0, height=y1 - y0,
                   top=top, bottom=self.height - y0 + self.mb_top, doctop=self.doctop + top)
        return obj


def _by_address(function, restype, *argtypes):
    """`function` (a pypdfium2 binding) taking and giving handles as plain integers: per character,
    ctypes' pointer objects (made and unwrapped at every call) cost more than the C call itself."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


_VOID, _INT = ctypes.c_void_p, ctypes.c_int
_has_unicode_map_error = _by_address(raw.FPDFText_HasUnicodeMapError, _INT, _VOID, _INT)
_text_object_of = _by_address(raw.FPDFText_GetTextObject, _VOID, _VOID, _INT)
_char_matrix = _by_address(raw.FPDFText_GetMatrix, _INT, _VOID, _INT, _VOID)
_loose_char_box = _by_address(raw.FPDFText_GetLooseCharBox, _INT, _VOID, _INT, _VOID)
_font_of = _by_address(raw.FPDFTextObj_GetFont, _VOID, _VOID)
_font_size_of = _by_address(raw.FPDFTextObj_GetFontSize, _INT, _VOID, _VOID)
_clip_path_of = _by_address(raw.FPDFPageObj_GetClipPath, _VOID, _VOID)
_glyph_width = _by_address(raw.FPDFFont_GetGlyphWidth, _INT, _VOID, ctypes.c_uint32, ctypes.c_float, _VOID)


def _clip_box(text_object: int) -> tuple[float, float, float, float] | None:
    """The box (user space) outside which a page-level text object's clipping paths show nothing:
    the intersection of their bounding boxes; None when it is not clipped."""
    address = _clip_path_of(text_object)
    if not address:
        return None
    clip = ctypes.cast(address, raw.FPDF_CLIPPATH)
    box = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(raw.FPDFClipPath_CountPaths(clip)):
        points = []
        for k in range(raw.FPDFClipPath_CountPathSegments(clip, i)):
            segment = raw.FPDFClipPath_GetPathSegment(clip, i, k)
            if segment and raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
                points.append((x.value, y.value))
        if len(points) < 3:
            continue
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        path_box = (min(xs), min(ys), max(xs), max(ys))
        box = path_box if box is None else (max(box[0], path_box[0]), max(box[1], path_box[1]),
                                             min(box[2], path_box[2]), min(box[3], path_box[3]))
    return box


def _chars(text_page, space: _PageSpace, page_number: int, top_level: set[int] = frozenset()) -> list[dict]:
    """The page's characters as pdfminer gives them. A character of a page-level text object whose
    centre lies outside the object's clipping paths is not shown: it is marked `clipped` (what the
    page shows leaves it out, see `extract.readers.pdf._visible`)."""
    count = raw.FPDFText_CountChars(text_page)
    if count <= 0:
        return [], [], []
    texts = (ctypes.c_ushort * (count + 1))()
    raw.FPDFText_GetText(text_page, 0, count, texts)  # UTF-16: one unit per character, unless outside the BMP
    codes = texts[:count]
    if any(0xD800 <= code <= 0xDFFF for code in codes):
        codes = [raw.FPDFText_GetUnicode(text_page, index) for index in range(count)]
        if any(0xD800 <= code <= 0xDFFF for code in codes):
            raise NotReproducible("a character outside the BMP, split in two by pdfium")
    loose, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    loose_at, matrix_at = ctypes.addressof(loose), ctypes.addressof(matrix)
    tp = ctypes.cast(text_page, ctypes.c_void_p).value
    is_generated, get_unicode = raw.FPDFText_IsGenerated, raw.FPDFText_GetUnicode
    unmapped, owner_of, get_matrix, get_box = _has_unicode_map_error, _text_object_of, _char_matrix, _loose_char_box
    advance = ctypes.c_float()
    advance_at = ctypes.addressof(advance)
    owners: dict[int, tuple] = {}  # text object → (font, font size, font name, descent per unit of size, embedded)
    fonts: dict[int, tuple] = {}  # font → (font name, descent per unit of size, embedded)
    ca, cb, cc, cd, ce, cf = space.ctm
    shift_x, height, mb_top, doctop = space.mb_x0, space.height, space.mb_top, space.doctop
    out: list[dict] = []
    origins: list[tuple[float, float]] = []  # user space, to tell a left-out doubled glyph
    keys: list[int] = []  # each character's text object
    for index in range(count):
        code = codes[index]
        if code in (0x20, 0x0D, 0x0A, 0x02, 0xFFFE, 0xFFFF):
            if is_generated(text_page, index):
                continue
            code = get_unicode(text_page, index)
            if code == 0x02:
                code = 0x2D  # pdfium marks a hyphen it takes for a line-end hyphen (its own test: - or soft hyphen)
            elif code in (0xFFFE, 0xFFFF, 0):
                raise NotReproducible("a character pdfium cannot map to Unicode")
        if unmapped(tp, index):
            raise NotReproducible("a character without Unicode mapping (pdfminer prints its cid)")
        key = owner_of(tp, index)
        if not key:
            raise NotReproducible("a character without its text object")
        info = owners.get(key)
        if info is None:
            info = owners[key] = _font_info(key, fonts) + (_clip_box(key) if key in top_level else None,)
        font, size, fontname, descent, embedded, clip = info
        get_matrix(tp, index, matrix_at)
        a, b, c, d = round(matrix.a, 6), matrix.b, matrix.c, round(matrix.d, 6)
        if b != 0 or c != 0 or a <= 0 or d <= 0:
            raise NotReproducible("a rotated, skewed or mirrored character")
        get_box(tp, index, loose_at)
        # Box in user space: the advance across, the font size tall from the descent up (as
        # pdfminer, from the font's declared widths and descent). pdfium's loose box has both for an
        # embedded font; for a font it substitutes, its widths are the substitute's.
        # pdfium computes in single precision: round to the 1/10000 pt a producer writes at most,
        # which gives back the numbers pdfminer parses from the content stream.
        ux0, baseline, font_size = round(loose.left, 4), round(matrix.f, 4), round(size, 4)
        if embedded:
            ux1 = ux0 + round(loose.right - loose.left, 4)  # origin + advance, as pdfminer adds them
        else:
            if not _glyph_width(font, code, size, advance_at):
                raise NotReproducible("no declared width for a character of a substituted font")
            ux1 = ux0 + round(advance.value, 4) * a
        # As pdfminer: the box (0, descent, advance, descent + size) in text space through the matrix.
        uy0 = d * (descent * font_size) + baseline
        uy1 = d * (descent * font_size + font_size) + baseline
        origins.append((ux0, baseline))
        keys.append(key)
        # To pdfminer's page space (the page's ctm), then to pdfplumber's top-down space.
        px0, py0 = ca * ux0 + cc * uy0 + ce, cb * ux0 + cd * uy0 + cf
        px1, py1 = ca * ux1 + cc * uy1 + ce, cb * ux1 + cd * uy1 + cf
        x0, x1 = (px0, px1) if px0 <= px1 else (px1, px0)
        y0, y1 = (py0, py1) if py0 <= py1 else (py1, py0)
        ox, oy = ca * ux0 + cc * baseline + ce, cb * ux0 + cd * baseline + cf
        # pdfminer's char matrix is the text matrix at the glyph composed with the page's ctm.
        ma, mb, mc, md = a * ca, a * cb, d * cc, d * cd
        upright = ma * md > 0 and mb * mc <= 0
        top = height - y1 + mb_top
        char = {"object_type": "char", "page_number": page_number, "text": chr(code), "fontname": fontname,
                "size": (y1 - y0) if upright else (x1 - x0), "adv": ux1 - ux0, "upright": upright,
                "matrix": (ma, mb, mc, md, ox, oy), "mcid": None, "tag": None,
                "stroking_color": None, "non_stroking_color": None,
                "x0": x0 + shift_x, "y0": y0, "x1": x1 + shift_x, "y1": y1, "width": x1 - x0, "height": y1 - y0,
                "top": top, "bottom": height - y0 + mb_top, "doctop": doctop + top}
        if clip is not None and not (clip[0] <= (ux0 + ux1) / 2 <= clip[2] and clip[1] <= (uy0 + uy1) / 2 <= clip[3]):
            char["clipped"] = True
        out.append(char)
    return out, keys, origins


def _font_info(text_object: int, fonts: dict) -> tuple:
    """(font handle, font size, font name, descent per unit of size, embedded) of a text object (by address)."""
    font = _font_of(text_object)
    size = ctypes.c_float()
    if not font or not _font_size_of(text_object, ctypes.addressof(size)) or size.value <= 0:
        raise NotReproducible("a text object without font or size")
    known = fonts.get(font)
    if known is None:
        known = fonts[font] = _font_metrics(ctypes.cast(font, raw.FPDF_FONT))
    return (font, size.value, *known)


def _font_metrics(font) -> tuple[str, float, bool]:
    """(base font name, descent per unit of font size, embedded). For a standard font the PDF does
    not embed, pdfminer takes the descent from its own Adobe metrics, pdfium from its substitute:
    take pdfminer's."""
    name, embedded = _font_name(font), bool(raw.FPDFFont_GetIsEmbedded(font))
    standard = None if embedded else FONT_METRICS.get(name.split("+")[-1])
    if standard is not None:
        return name, standard[0].get("Descent", 0) * 0.001, embedded
    descent = ctypes.c_float()
    if not raw.FPDFFont_GetDescent(font, ctypes.c_float(1.0), descent):
        descent.value = 0.0
    # Font descriptors give the descent in thousandths, as pdfminer scales it (descent × 0.001).
    return name, round(descent.value * 1000) * 0.001, embedded


def _dropped_spaces(texts: list, owners: set[int], origins: list, space: _PageSpace, page_number: int) -> list[dict]:
    """Spaces printed as text objects of their own, which pdfium's text layer leaves out (it keeps
    no space after another space, even one it generated itself). A text object with none of its
    characters in the text layer and no visible glyph is taken as one space (U+0020) at its origin,
    as wide as its font's space; one with visible glyphs left out (a doubled "fake bold" glyph) is
    not reproducible: pdfminer reads the page; so is one of a font pdfium substitutes (no glyph
    boxes to tell a space from a glyph)."""
    missing = [(obj, outer) for obj, outer in texts if ctypes.addressof(obj.contents) not in owners]
    if not missing:
        return []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    size, advance = ctypes.c_float(), ctypes.c_float()
    ca, cb, cc, cd, ce, cf = space.ctm
    by_row: dict[int, list] = {}  # kept characters' origins by baseline (an em is more than a point)
    for x, y in origins:
        by_row.setdefault(round(y), []).append((x, y))
    out = []
    for obj, outer in missing:
        a, b, c, d, e, f = _compose(_object_matrix(obj), outer)
        if b != 0 or c != 0 or a <= 0 or d <= 0:
            raise NotReproducible("a rotated, skewed or mirrored space")
        font = raw.FPDFTextObj_GetFont(obj)
        if not font or not raw.FPDFTextObj_GetFontSize(obj, size) or size.value <= 0:
            continue
        em = size.value * a
        # A space's glyph box is empty or a sliver; a glyph's is not, and a doubled glyph lies on
        # a kept one.
        if raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top) and (
                right.value - left.value > 0.3 * em or any(
                    abs(x - e) < 0.1 * em and abs(y - f) < 0.1 * em
                    for row in (round(f) - 1, round(f), round(f) + 1) for x, y in by_row.get(row, ()))):
            raise NotReproducible("a visible glyph left out of pdfium's text layer")
        if not raw.FPDFFont_GetIsEmbedded(font):
            # A font pdfium substitutes has no glyph boxes: a left-out object may be any text
            # (pdfium also drops a text object it takes for a repeat of a recent one).
            raise NotReproducible("a text object of a substituted font left out of pdfium's text layer")
        if not raw.FPDFFont_GetGlyphWidth(font, 0x20, size, advance):
            raise NotReproducible("a left-out space of unknown width")
        fontname, descent, _ = _font_metrics(font)
        ux0, uy0 = e, f + descent * size.value * d
        ux1, uy1 = e + advance.value * a, uy0 + size.value * d
        px0, py0 = ca * ux0 + cc * uy0 + ce, cb * ux0 + cd * uy0 + cf
        px1, py1 = ca * ux1 + cc * uy1 + ce, cb * ux1 + cd * uy1 + cf
        x0, x1 = min(px0, px1), max(px0, px1)
        y0, y1 = min(py0, py1), max(py0, py1)
        ma, mb, mc, md = a * ca, a * cb, d * cc, d * cd
        upright = ma * md > 0 and mb * mc <= 0
        top_ = space.height - y1 + space.mb_top
        out.append({"object_type": "char", "page_number": page_number, "text": " ", "fontname": fontname,
                    "size": (y1 - y0) if upright else (x1 - x0), "adv": ux1 - ux0, "upright": upright,
                    "matrix": (ma, mb, mc, md, ca * e + cc * f + ce, cb * e + cd * f + cf),
                    "mcid": None, "tag": None, "stroking_color": None, "non_stroking_color": None,
                    "x0": x0 + space.mb_x0, "y0": y0, "x1": x1 + space.mb_x0, "y1": y1, "width": x1 - x0,
                    "height": y1 - y0, "top": top_, "bottom": space.height - y0 + space.mb_top,
                    "doctop": space.doctop + top_})
    return out


def _font_name(font) -> str:
    length = raw.FPDFFont_GetBaseFontName(font, None, 0)
    if length <= 0:
        return ""
    buffer = ctypes.create_string_buffer(length)
    raw.FPDFFont_GetBaseFontName(font, buffer, length)
    return buffer.value.decode("utf-8", "replace")


def _widen_spaces(chars: list[dict], keys: list[int], dropped: list[dict]) -> None:
    """pdfium keeps one space of a run of spaces: add back the ones it dropped over the gap to the
    next character (same width, side by side), as pdfminer reads them. Across text objects only
    when the gap holds a whole number of spaces and no space object of its own."""
    expanded = None
    for i, char in enumerate(chars[:-1]):
        if char["text"] != " ":
            continue
        following = chars[i + 1]
        width = char["x1"] - char["x0"]
        if width <= 0 or abs(following["top"] - char["top"]) > 0.01 or following["x0"] <= char["x1"] + 0.01:
            continue
        share = (following["x0"] - char["x0"]) / width
        runs = round(share)
        if runs < 2:
            continue
        if keys[i + 1] != keys[i] and (abs(share - runs) > 0.1 or any(
                abs(d["top"] - char["top"]) < 0.5 and char["x0"] < d["x0"] < following["x0"] for d in dropped)):
            continue
        if expanded is None:
            expanded = {}
        step = (following["x0"] - char["x0"]) / runs
        expanded[i] = [dict(char, x0=char["x0"] + k * step, x1=char["x0"] + k * step + width) for k in range(1, runs)]
    if expanded:
        chars[:] = [c for i, char in enumerate(chars) for c in [char] + expanded.get(i, [])]


# -- paths -----------------------------------------------------------------------------------------

_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(m1, m2):
    """m1 then m2 (PDF row-vector convention: [x y 1] · m1 · m2)."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _object_matrix(obj) -> tuple:
    matrix = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, matrix):
        return _IDENTITY
    return (round(matrix.a, 6), round(matrix.b, 6), round(matrix.c, 6), round(matrix.d, 6),
            round(matrix.e, 4), round(matrix.f, 4))


def _paths(paths: list, space: _PageSpace, page_number: int):
    """(kind, object) of every painted path (with the forms' matrices around it), as pdfminer reads them."""
    get_draw_mode, count_segments = raw.FPDFPath_GetDrawMode, raw.FPDFPath_CountSegments
    get_segment, get_point = raw.FPDFPath_GetPathSegment, raw.FPDFPathSegment_GetPoint
    segment_type, segment_close = raw.FPDFPathSegment_GetType, raw.FPDFPathSegment_GetClose
    MOVETO, LINETO, BEZIERTO = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO, raw.FPDF_SEGMENT_BEZIERTO
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj, outer in paths:
        if not get_draw_mode(obj, fill_mode, stroke):
            continue
        if fill_mode.value == 0 and not stroke.value:
            continue  # a path that is neither filled nor stroked (pdfminer never sees it)
        a, b, c, d, e, f = _compose(_compose(_object_matrix(obj), outer), space.ctm)  # to pdfminer's page space
        segments = []  # pdfminer's ops: ("m"|"l"|"c"|"h", points in user space)
        curve = []
        for s in range(count_segments(obj)):
            segment = get_segment(obj, s)
            get_point(segment, x, y)
            px, py = round(x.value, 4), round(y.value, 4)
            point = (a * px + c * py + e, b * px + d * py + f)
            kind_s = segment_type(segment)
            if kind_s == LINETO:
                segments.append(("l", (point,)))
            elif kind_s == MOVETO:
                segments.append(("m", (point,)))
            elif kind_s == BEZIERTO:
                curve.append(point)
                if len(curve) < 3:
                    continue
                segments.append(("c", tuple(curve)))
                curve = []
            else:
                raise NotReproducible("an unknown path segment")
            if segment_close(segment):
                segments.append(("h", ()))
        if curve:
            raise NotReproducible("an incomplete curve")
        attrs = {"stroke": bool(stroke.value), "fill": fill_mode.value != 0, "evenodd": fill_mode.value == 1,
                 "linewidth": _stroke_width(obj)}
        yield from _classify(segments, attrs, space, page_number)


def _stroke_width(obj) -> float:
    width = ctypes.c_float()
    return width.value if raw.FPDFPageObj_GetStrokeWidth(obj, width) else 0.0


def _classify(segments, attrs, space: _PageSpace, page_number: int):
    """pdfminer's `PDFLayoutAnalyzer.paint_path`: one object per subpath (points in pdfminer's page space)."""
    if not segments or segments[0][0] != "m":
        return
    subpaths, current = [], []
    for op in segments:
        if op[0] == "m" and current:
            subpaths.append(current)
            current = []
        current.append(op)
    subpaths.append(current)
    shift_x, base = space.mb_x0, space.mb_top + space.height
    for path in subpaths:
        shape = "".join(op for op, _ in path)
        # Every op's end point; "h" repeats the start.
        start = path[0][1][-1]
        pts = [points[-1] if op != "h" else start for op, points in path]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in ("mlh", "ml"):
            kind = "line"
            pts = pts[:2]
        elif shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            closed = pts[0] == pts[4]
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
            kind = "rect" if closed and square else "curve"
            if kind == "rect":  # LTRect's corners, from its first and third points
                (rx0, ry0), (rx1, ry1) = pts[0], pts[2]
                pts = [(rx0, ry0), (rx1, ry0), (rx1, ry1), (rx0, ry1)]
        else:
            kind = "curve"
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        obj = {"object_type": kind, "page_number": page_number, **attrs,
               "stroking_color": None, "non_stroking_color": None, "dash": None, "mcid": None, "tag": None,
               "pts": [(shift_x + x, base - y) for x, y in pts]}
        yield kind, space.box(obj, min(xs), min(ys), max(xs), max(ys))
