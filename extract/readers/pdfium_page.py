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
  kept is widened back over the gap up to the next character of its text object, or up to the
  end of its text object (`_widen_spaces`). Generated characters (line breaks, spaces pdfium
  infers) are skipped. A character set rotated in user space is read when it is upright once the
  page's /Rotate is applied (a landscape table on a turned page); any other rotated, skewed or
  mirrored character sends the page to pdfminer.
- Text objects pdfium's text layer leaves out (`_left_out_objects`): a blank glyph (a space
  printed as an object of its own) is one space; a repeat of a text object at the same place
  ("fake bold", stroked then filled) repeats that object's characters; anything else sends the
  page to pdfminer.
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
import math
import os

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfminer.fontmetrics import FONT_METRICS
from pdfminer.pdftypes import PDFStream, resolve1
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
                top_level = {obj for obj, outer in texts if outer is _IDENTITY}   # objects drawn outside any form
                chars, keys = _chars(text_page, space, self.page_number, top_level)
            finally:
                raw.FPDFText_ClosePage(text_page)
            spaces, copies, copy_keys = _left_out_objects(texts, chars, keys, space, self)
            chars += copies  # after the characters they repeat, as pdfminer reads a repeated text object
            keys += copy_keys
            _widen_spaces(chars, keys, _right_edges(texts, space))
            chars += spaces
            objects: dict[str, list[dict]] = {}
            if chars:
                objects["char"] = chars
            for kind, obj in _paths(paths, space, self.page_number):
                objects.setdefault(kind, []).append(obj)
            return objects
        finally:
            page.close()


def _page_objects(page: pdfium.PdfPage) -> tuple[list, list]:
    """The page's text objects and path objects (integer handles), each with the matrix of the
    forms around it."""
    TEXT, PATH, FORM = raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
    object_type = _object_type
    handle = ctypes.cast(page.raw, ctypes.c_void_p).value
    texts, paths = [], []
    stack = [([_object_at(handle, i) for i in range(_count_objects(handle))], _IDENTITY)]
    while stack:
        objects, outer = stack.pop()
        for obj in objects:
            kind = object_type(obj)
            if kind == TEXT:
                texts.append((obj, outer))
            elif kind == PATH:
                paths.append((obj, outer))
            elif kind == FORM:
                children = [_form_object_at(obj, j) for j in range(_form_count(obj))]
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
_count_objects = _by_address(raw.FPDFPage_CountObjects, _INT, _VOID)
_object_at = _by_address(raw.FPDFPage_GetObject, _VOID, _VOID, _INT)
_object_type = _by_address(raw.FPDFPageObj_GetType, _INT, _VOID)
_form_count = _by_address(raw.FPDFFormObj_CountObjects, _INT, _VOID)
_form_object_at = _by_address(raw.FPDFFormObj_GetObject, _VOID, _VOID, ctypes.c_ulong)
_get_object_matrix = _by_address(raw.FPDFPageObj_GetMatrix, _INT, _VOID, _VOID)
_bounds_of = _by_address(raw.FPDFPageObj_GetBounds, _INT, _VOID, _VOID, _VOID, _VOID, _VOID)
_draw_mode = _by_address(raw.FPDFPath_GetDrawMode, _INT, _VOID, _VOID, _VOID)
_segment_count = _by_address(raw.FPDFPath_CountSegments, _INT, _VOID)
_segment_at = _by_address(raw.FPDFPath_GetPathSegment, _VOID, _VOID, _INT)
_segment_point = _by_address(raw.FPDFPathSegment_GetPoint, _INT, _VOID, _VOID, _VOID)
_segment_type = _by_address(raw.FPDFPathSegment_GetType, _INT, _VOID)
_segment_close = _by_address(raw.FPDFPathSegment_GetClose, _INT, _VOID)
_stroke_width_of = _by_address(raw.FPDFPageObj_GetStrokeWidth, _INT, _VOID, _VOID)


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


def _bounds(obj: int) -> tuple[float, float, float, float] | None:
    """pdfium's box of a page object (left, bottom, right, top), in the space it is drawn in."""
    box = (ctypes.c_float * 4)()
    at = ctypes.addressof(box)
    if not _bounds_of(obj, at, at + 4, at + 8, at + 12):
        return None
    return box[0], box[1], box[2], box[3]


def _chars(text_page, space: _PageSpace, page_number: int, top_level: set[int] = frozenset()) -> tuple[list[dict], list[int]]:
    """The characters of pdfium's text layer as pdfminer reads them, and each one's text object. A character of
    a page-level text object whose centre lies outside the object's clipping paths is not shown: it is marked
    `clipped` (what the page shows leaves it out, see `extract.readers.pdf._visible`)."""
    count = raw.FPDFText_CountChars(text_page)
    if count <= 0:
        return [], []
    texts = (ctypes.c_ushort * (count + 1))()
    raw.FPDFText_GetText(text_page, 0, count, texts)  # UTF-16: one unit per character, unless outside the BMP
    codes = texts[:count]
    if any(0xD800 <= code <= 0xDFFF for code in codes):
        codes = [raw.FPDFText_GetUnicode(text_page, index) for index in range(count)]
        if any(0xD800 <= code <= 0xDFFF for code in codes):
            raise NotReproducible("a character outside the BMP, split in two by pdfium")
    loose = raw.FS_RECTF()
    loose_at = ctypes.addressof(loose)
    tp = ctypes.cast(text_page, ctypes.c_void_p).value
    is_generated, get_unicode = raw.FPDFText_IsGenerated, raw.FPDFText_GetUnicode
    unmapped, owner_of, get_box = _has_unicode_map_error, _text_object_of, _loose_char_box
    advance = ctypes.c_float()
    advance_at = ctypes.addressof(advance)
    objects: dict[int, _TextObject] = {}  # text object → what its characters share
    alike: dict[tuple, _TextObject] = {}  # (font, size, matrix but for its x) → what the objects share
    font_of, font_size_of, get_matrix = _font_of, _font_size_of, _char_matrix
    size, matrix = ctypes.c_float(), raw.FS_MATRIX()
    size_at, matrix_at = ctypes.addressof(size), ctypes.addressof(matrix)
    fonts: dict[int, tuple] = {}  # font → (font name, descent per unit of size, embedded)
    ce = space.ctm[4]
    shift_x = space.mb_x0
    out: list[dict] = []
    keys: list[int] = []  # each character's text object
    last_key = shared = clip = None
    clips: dict[int, tuple | None] = {}  # text object → its clip box (page-level objects only)
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
        if key != last_key:
            if not key:
                raise NotReproducible("a character without its text object")
            shared = objects.get(key)
            if shared is None:
                # Many producers print one text object per character: what the objects of one
                # font, size and line share is worked out once.
                font = font_of(key)
                if not font or not font_size_of(key, size_at) or size.value <= 0:
                    raise NotReproducible("a text object without font or size")
                get_matrix(tp, index, matrix_at)  # the text object's matrix: the same for its characters
                params = (font, size.value, matrix.a, matrix.b, matrix.c, matrix.d, matrix.f)
                shared = alike.get(params)
                if shared is None or not shared.plain:
                    shared = alike[params] = _TextObject(font, size.value, (*params[2:6], matrix.e, matrix.f), fonts, space,
                                                         page_number)
                objects[key] = shared
            last_key = key
            clip = clips.get(key, _UNSEEN)
            if clip is _UNSEEN:
                clip = clips[key] = _clip_box(key) if key in top_level else None
        get_box(tp, index, loose_at)
        keys.append(key)
        if not shared.plain:
            out.append(shared.char(code, loose, advance, advance_at, space, page_number))
            if clip is not None:
                _mark_clipped(out[-1], loose, clip)
            continue
        # The common case, an unturned page and a character upright in user space: what
        # `_TextObject.char` computes, with the ctm's zeros and ones left out (same numbers).
        ux0 = round(loose.left, 4)
        if shared.embedded:
            ux1 = ux0 + round(loose.right - loose.left, 4)  # origin + advance, as pdfminer adds them
        else:
            if not _glyph_width(shared.font, code, shared.size, advance_at):
                raise NotReproducible("no declared width for a character of a substituted font")
            ux1 = ux0 + round(advance.value, 4) * shared.a
        x0, x1 = ux0 + ce, ux1 + ce
        char = shared.template.copy()  # what the object's characters share, filled in below
        char["text"] = chr(code)
        char["adv"] = ux1 - ux0
        char["matrix"] = (shared.a, 0.0, 0.0, shared.d, x0, shared.oy)
        if x1 < x0:
            x0, x1 = x1, x0
        char["x0"] = x0 + shift_x
        char["x1"] = x1 + shift_x
        char["width"] = x1 - x0
        if clip is not None:
            _mark_clipped(char, loose, clip)
        out.append(char)
    return out, keys


_UNSEEN = object()


def _mark_clipped(char: dict, loose, clip: tuple[float, float, float, float]) -> None:
    """Mark a character whose centre (user space: pdfium's loose box) lies outside its object's clip box."""
    x, y = (loose.left + loose.right) / 2, (loose.bottom + loose.top) / 2
    if not (clip[0] <= x <= clip[2] and clip[1] <= y <= clip[3]):
        char["clipped"] = True


class _TextObject:
    """What the characters of a text object share: font, size, matrix and, on an unturned page
    where the text is upright (`plain`), the vertical extent of every character."""

    __slots__ = ("font", "size", "fontname", "descent", "embedded", "matrix", "a", "d", "plain", "oy", "template")

    def __init__(self, font: int, size: float, matrix: tuple, fonts: dict, space: _PageSpace, page_number: int):
        known = fonts.get(font)
        if known is None:
            known = fonts[font] = _font_metrics(ctypes.cast(font, raw.FPDF_FONT))
        self.font, self.size, self.matrix = font, size, matrix
        self.fontname, self.descent, self.embedded = known
        a, b, c, d = round(matrix[0], 6), matrix[1], matrix[2], round(matrix[3], 6)
        self.a, self.d = a, d
        ca, cb, cc, cd, ce, cf = space.ctm
        self.plain = (ca, cb, cc, cd) == (1, 0, 0, 1) and b == 0 and c == 0 and a > 0 and d > 0
        if self.plain:
            # As pdfminer: the box (0, descent, advance, descent + size) in text space through the
            # matrix, then the page's ctm (a shift here) and pdfplumber's top-down space.
            baseline, font_size = round(matrix[5], 4), round(size, 4)
            y0 = d * (self.descent * font_size) + baseline + cf
            y1 = d * (self.descent * font_size + font_size) + baseline + cf
            top = space.height - y1 + space.mb_top
            self.oy = baseline + cf
            # Every key of a character but its text, advance, matrix and horizontal extent.
            self.template = {"object_type": "char", "page_number": page_number, "fontname": self.fontname,
                             "size": y1 - y0, "upright": True, "mcid": None, "tag": None,
                             "stroking_color": None, "non_stroking_color": None, "y0": y0, "y1": y1,
                             "height": y1 - y0, "top": top, "bottom": space.height - y0 + space.mb_top,
                             "doctop": space.doctop + top}

    def char(self, code: int, loose, advance, advance_at: int, space: _PageSpace, page_number: int) -> dict:
        """A character of this object on a turned page (pdfminer's page space is not user space)."""
        matrix, a, d = self.matrix, self.a, self.d
        if matrix[1] != 0 or matrix[2] != 0 or a <= 0 or d <= 0:
            # Rotated in user space: upright once the page is turned (a landscape table on a
            # page with /Rotate), or not reproducible.
            return _turned_char(code, matrix, loose, self.size, self.descent, self.embedded, self.font,
                                self.fontname, space, page_number)
        # Box in user space: the advance across, the font size tall from the descent up (as
        # pdfminer, from the font's declared widths and descent). pdfium's loose box has both for an
        # embedded font; for a font it substitutes, its widths are the substitute's.
        # pdfium computes in single precision: round to the 1/10000 pt a producer writes at most,
        # which gives back the numbers pdfminer parses from the content stream.
        ux0, baseline, font_size = round(loose.left, 4), round(matrix[5], 4), round(self.size, 4)
        if self.embedded:
            ux1 = ux0 + round(loose.right - loose.left, 4)  # origin + advance, as pdfminer adds them
        else:
            if not _glyph_width(self.font, code, self.size, advance_at):
                raise NotReproducible("no declared width for a character of a substituted font")
            ux1 = ux0 + round(advance.value, 4) * a
        uy0 = d * (self.descent * font_size) + baseline
        uy1 = d * (self.descent * font_size + font_size) + baseline
        # To pdfminer's page space (the page's ctm), then to pdfplumber's top-down space.
        ca, cb, cc, cd, ce, cf = space.ctm
        px0, py0 = ca * ux0 + cc * uy0 + ce, cb * ux0 + cd * uy0 + cf
        px1, py1 = ca * ux1 + cc * uy1 + ce, cb * ux1 + cd * uy1 + cf
        x0, x1 = (px0, px1) if px0 <= px1 else (px1, px0)
        y0, y1 = (py0, py1) if py0 <= py1 else (py1, py0)
        ox, oy = ca * ux0 + cc * baseline + ce, cb * ux0 + cd * baseline + cf
        # pdfminer's char matrix is the text matrix at the glyph composed with the page's ctm.
        ma, mb, mc, md = a * ca, a * cb, d * cc, d * cd
        upright = ma * md > 0 and mb * mc <= 0
        top = space.height - y1 + space.mb_top
        return {"object_type": "char", "page_number": page_number, "text": chr(code), "fontname": self.fontname,
                "size": (y1 - y0) if upright else (x1 - x0), "adv": ux1 - ux0, "upright": upright,
                "matrix": (ma, mb, mc, md, ox, oy), "mcid": None, "tag": None,
                "stroking_color": None, "non_stroking_color": None,
                "x0": x0 + space.mb_x0, "y0": y0, "x1": x1 + space.mb_x0, "y1": y1, "width": x1 - x0,
                "height": y1 - y0, "top": top, "bottom": space.height - y0 + space.mb_top, "doctop": space.doctop + top}


def _upright_on_page(matrix: tuple, ctm: tuple) -> tuple:
    """A character's matrix (a, b, c, d in user space) in pdfminer's page space, when it is
    upright there (no rotation, skew or mirroring left), else NotReproducible."""
    a, b, c, d = matrix
    ca, cb, cc, cd = ctm[:4]
    pa, pb = round(a * ca + b * cc, 6), round(a * cb + b * cd, 6)
    pc, pd = round(c * ca + d * cc, 6), round(c * cb + d * cd, 6)
    if pb != 0 or pc != 0 or pa <= 0 or pd <= 0:
        raise NotReproducible("a rotated, skewed or mirrored character")
    return pa, pb, pc, pd


def _turned_char(code: int, matrix, loose, size: float, descent: float, embedded: bool, font: int, fontname: str,
                 space: _PageSpace, page_number: int) -> dict:
    """A character set rotated in user space on a page turned by /Rotate so that it reads
    upright: its box and matrix in pdfminer's page space, where it is upright (as `_chars` makes
    them for an unrotated page)."""
    pa, pb, pc, pd = _upright_on_page(tuple(round(v, 6) for v in matrix[:4]), space.ctm)
    ca, cb, cc, cd, ce, cf = space.ctm
    # The loose box (the advance across, the font's height) turned with the page: the page's
    # rotation maps a box on the axes to a box on the axes.
    corners = [(round(x, 4), round(y, 4)) for x, y in ((loose.left, loose.bottom), (loose.right, loose.top))]
    xs = [ca * x + cc * y + ce for x, y in corners]
    x0 = min(xs)
    font_size = round(size, 4)
    if embedded:
        adv = round(max(xs) - x0, 4)
    else:
        advance = ctypes.c_float()
        if not _glyph_width(font, code, size, ctypes.addressof(advance)):
            raise NotReproducible("no declared width for a character of a substituted font")
        adv = round(advance.value, 4) * pa
    e, f = round(matrix[4], 4), round(matrix[5], 4)  # the text object's origin: on the character's baseline
    baseline = cb * e + cd * f + cf
    y0 = pd * (descent * font_size) + baseline
    y1 = pd * (descent * font_size + font_size) + baseline
    x1 = x0 + adv
    top = space.height - y1 + space.mb_top
    return {"object_type": "char", "page_number": page_number, "text": chr(code), "fontname": fontname,
            "size": y1 - y0, "adv": adv, "upright": True, "matrix": (pa, pb, pc, pd, x0, baseline),
            "mcid": None, "tag": None, "stroking_color": None, "non_stroking_color": None,
            "x0": x0 + space.mb_x0, "y0": y0, "x1": x1 + space.mb_x0, "y1": y1, "width": x1 - x0, "height": y1 - y0,
            "top": top, "bottom": space.height - y0 + space.mb_top, "doctop": space.doctop + top}


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


def _left_out_objects(texts: list, chars: list[dict], keys: list[int], space: _PageSpace,
                      page: Page) -> tuple[list[dict], list[dict], list[int]]:
    """The characters of text objects pdfium's text layer leaves out, as pdfminer reads them:
    (spaces, repeated characters, the repeats' text objects).

    pdfium leaves out a text object whose glyphs have no width (a blank glyph: a space printed as
    an object of its own; it keeps no space after another space either) and one that repeats a
    text object just printed at (nearly) the same place (a "fake bold" text drawn twice).
    - An object of no width is one blank glyph (pdfium's box covers every glyph after the first):
      one space (U+0020) at its origin, as wide as its font's space. For a font the PDF does not
      embed, pdfium's glyphs are a substitute's, which may lack the character (a Chinese
      character of a font the machine does not have has no box either): only a font that can
      print nothing but Latin text (`_latin_only`) is read so; any other sends the page to pdfminer.
    - A repeat is given the characters of the one kept object it lies on (same font, size and
      matrix, same origin within a tenth of an em, same width), moved by the difference of
      their origins: pdfium drops an object as a repeat only when its character codes are the
      same. An object it drops for text replaced by /ActualText is not a repeat: pdfminer reads
      the page.
    Any other left-out object with visible glyphs is not reproducible (pdfminer reads the page).
    """
    owners = set(keys)
    missing = [(obj, outer) for obj, outer in texts if obj not in owners]
    if not missing:
        return [], [], []
    size, advance = ctypes.c_float(), ctypes.c_float()
    ca, cb, cc, cd, ce, cf = space.ctm
    by_row: dict[int, list] = {}  # kept characters' origins in user space by baseline (an em is more than a point)
    det = ca * cd - cb * cc
    for char in chars:
        px, py = char["matrix"][4] - ce, char["matrix"][5] - cf  # pdfminer's page space → user space
        x, y = (cd * px - cc * py) / det, (-cb * px + ca * py) / det
        by_row.setdefault(round(y), []).append((x, y))
    kept = None  # kept text objects by font, for repeats: built on first need
    out, copies, copy_keys = [], [], []
    for obj, outer in missing:
        a, b, c, d, e, f = _compose(_object_matrix(obj), outer)
        font = _font_of(obj)
        if not font or not _font_size_of(obj, ctypes.addressof(size)) or size.value <= 0:
            continue
        em = size.value * math.hypot(a, b)
        bounds = _bounds(obj)
        if bounds is None:
            raise NotReproducible("a left-out text object without bounds")
        width = bounds[2] - bounds[0]
        if width >= _NO_WIDTH:
            if width > 0.3 * em or any(abs(x - e) < 0.1 * em and abs(y - f) < 0.1 * em
                                       for row in (round(f) - 1, round(f), round(f) + 1) for x, y in by_row.get(row, ())):
                # Visible glyphs: a repeat of a kept object, or not reproducible.
                if kept is None:
                    kept = _kept_objects(texts, owners)
                repeated = _repeated_object(obj, font, (a, b, c, d, e, f), size.value, width, em, kept)
                for char in _repeat(chars, keys, repeated, e, f, space):
                    copies.append(char)
                    copy_keys.append(obj)
                continue
        font = ctypes.cast(font, raw.FPDF_FONT)
        embedded = bool(raw.FPDFFont_GetIsEmbedded(font))
        if not embedded and width >= _NO_WIDTH:
            # Some width but less than a glyph's, on no kept glyph, of a substituted font: its
            # glyph boxes are the substitute's, nothing tells a space from a character.
            raise NotReproducible("a text object of a substituted font left out of pdfium's text layer")
        if not embedded and not _latin_only(page, _font_name(font)):
            raise NotReproducible("a text object of a substituted font left out of pdfium's text layer")
        if not raw.FPDFFont_GetGlyphWidth(font, 0x20, size, advance):
            raise NotReproducible("a left-out space of unknown width")
        fontname, descent, _ = _font_metrics(font)
        if b != 0 or c != 0 or a <= 0 or d <= 0:
            # Rotated in user space: upright once the page is turned (pdfminer's page space), or not reproducible.
            pa, pb, pc, pd = _upright_on_page((a, b, c, d), space.ctm)
            pe, pf = ca * e + cc * f + ce, cb * e + cd * f + cf
            x0, x1 = pe, pe + advance.value * pa
            y0 = pf + descent * size.value * pd
            y1 = y0 + size.value * pd
            ma, mb, mc, md, ox, oy = pa, pb, pc, pd, pe, pf
            adv = x1 - x0
        else:
            ux0, uy0 = e, f + descent * size.value * d
            ux1, uy1 = e + advance.value * a, uy0 + size.value * d
            px0, py0 = ca * ux0 + cc * uy0 + ce, cb * ux0 + cd * uy0 + cf
            px1, py1 = ca * ux1 + cc * uy1 + ce, cb * ux1 + cd * uy1 + cf
            x0, x1 = min(px0, px1), max(px0, px1)
            y0, y1 = min(py0, py1), max(py0, py1)
            ma, mb, mc, md = a * ca, a * cb, d * cc, d * cd
            ox, oy = ca * e + cc * f + ce, cb * e + cd * f + cf
            adv = ux1 - ux0
        upright = ma * md > 0 and mb * mc <= 0
        top_ = space.height - y1 + space.mb_top
        out.append({"object_type": "char", "page_number": page.page_number, "text": " ", "fontname": fontname,
                    "size": (y1 - y0) if upright else (x1 - x0), "adv": adv, "upright": upright,
                    "matrix": (ma, mb, mc, md, ox, oy),
                    "mcid": None, "tag": None, "stroking_color": None, "non_stroking_color": None,
                    "x0": x0 + space.mb_x0, "y0": y0, "x1": x1 + space.mb_x0, "y1": y1, "width": x1 - x0,
                    "height": y1 - y0, "top": top_, "bottom": space.height - y0 + space.mb_top,
                    "doctop": space.doctop + top_})
    return out, copies, copy_keys


_NO_WIDTH = 0.01  # pdfium's own bound (kSizeEpsilon): a text object narrower than this is left out


def _kept_objects(texts: list, owners: set[int]) -> dict[int, list]:
    """Text objects in pdfium's text layer by font handle: (object, outer matrix)."""
    kept: dict[int, list] = {}
    for obj, outer in texts:
        if obj in owners:
            font = _font_of(obj)
            if font:
                kept.setdefault(font, []).append((obj, outer))
    return kept


def _repeated_object(obj: int, font: int, matrix: tuple, size: float, width: float, em: float, kept: dict) -> tuple:
    """(kept object, its matrix) that the left-out `obj` repeats, else NotReproducible."""
    if _has_actual_text(obj):
        raise NotReproducible("a left-out text object with /ActualText")
    other_size = ctypes.c_float()
    found = []
    for other, outer in kept.get(font, ()):
        m = _compose(_object_matrix(other), outer)
        if m[:4] != matrix[:4] or abs(m[4] - matrix[4]) >= 0.1 * em or abs(m[5] - matrix[5]) >= 0.1 * em:
            continue
        if not _font_size_of(other, ctypes.addressof(other_size)) or other_size.value != size:
            continue
        bounds = _bounds(other)
        if bounds is None or abs(bounds[2] - bounds[0] - width) >= 0.1 * em:
            continue
        found.append((other, m))
    if len(found) != 1 or _has_actual_text(found[0][0]):
        raise NotReproducible("a visible glyph left out of pdfium's text layer")
    return found[0]


def _repeat(chars: list[dict], keys: list[int], repeated: tuple, e: float, f: float, space: _PageSpace) -> list[dict]:
    """The kept object's characters moved to the repeat's origin (e, f in user space)."""
    other, m = repeated
    ca, cb, cc, cd = space.ctm[:4]
    ux, uy = e - m[4], f - m[5]
    dx, dy = ca * ux + cc * uy, -(cb * ux + cd * uy)  # to pdfplumber's top-down space
    out = []
    for char, owner in zip(chars, keys):
        if owner != other:
            continue
        ma, mb, mc, md, ox, oy = char["matrix"]
        out.append(dict(char, x0=char["x0"] + dx, x1=char["x1"] + dx, y0=char["y0"] - dy, y1=char["y1"] - dy,
                        top=char["top"] + dy, bottom=char["bottom"] + dy, doctop=char["doctop"] + dy,
                        matrix=(ma, mb, mc, md, ox + dx, oy - dy)))
    if not out:
        raise NotReproducible("a repeated text object without characters")
    return out


def _has_actual_text(obj: int) -> bool:
    """Whether the object is marked with /ActualText (pdfium then gives that text, pdfminer the glyphs)."""
    obj = ctypes.cast(obj, raw.FPDF_PAGEOBJECT)
    for index in range(max(raw.FPDFPageObj_CountMarks(obj), 0)):
        mark = raw.FPDFPageObj_GetMark(obj, index)
        if mark and raw.FPDFPageObjMark_GetParamValueType(mark, b"ActualText") != raw.FPDF_OBJECT_UNKNOWN:
            return True
    return False


_LATIN_ENCODINGS = {"WinAnsiEncoding", "MacRomanEncoding", "StandardEncoding"}
_STANDARD_LATIN = {"Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Helvetica", "Helvetica-Bold",
                   "Helvetica-Oblique", "Helvetica-BoldOblique", "Courier", "Courier-Bold", "Courier-Oblique",
                   "Courier-BoldOblique"}


def _latin_only(page: Page, name: str) -> bool:
    """Whether every font of the page (or of its forms) named `name` that the PDF does not embed
    can print nothing but Latin text: a simple font (one byte a character), not symbolic, with a
    standard Latin encoding, no /Differences and no /ToUnicode. pdfium substitutes a Latin font
    for it, which has a glyph for every such character but the spaces: a left-out object of no
    width is a space. (Font dictionaries are matched by name: pdfium gives no other link.)"""
    cache = page.__dict__.setdefault("_bw_latin_only", {})
    if name not in cache:
        fonts = [font for font in _page_fonts(page) if _literal(font.get("BaseFont")) == name and not _embedded(font)]
        cache[name] = bool(fonts) and all(_is_latin_only(font) for font in fonts)
    return cache[name]


def _page_fonts(page: Page) -> list[dict]:
    """The font dictionaries of the page's resources and of its forms' (pdfminer's objects)."""
    fonts, seen = [], set()
    stack = [page.page_obj.resources]
    while stack:
        resources = resolve1(stack.pop())
        if not isinstance(resources, dict) or id(resources) in seen:
            continue
        seen.add(id(resources))
        for ref in (resolve1(resources.get("Font")) or {}).values():
            font = resolve1(ref)
            if isinstance(font, dict):
                fonts.append(font)
        for ref in (resolve1(resources.get("XObject")) or {}).values():
            xobject = resolve1(ref)
            if isinstance(xobject, PDFStream) and _literal(xobject.attrs.get("Subtype")) == "Form":
                stack.append(xobject.attrs.get("Resources"))
    return fonts


def _embedded(font: dict) -> bool:
    if _literal(font.get("Subtype")) == "Type0":
        descendants = resolve1(font.get("DescendantFonts"))
        font = resolve1(descendants[0]) if isinstance(descendants, list) and descendants else {}
    descriptor = resolve1(font.get("FontDescriptor")) if isinstance(font, dict) else None
    return isinstance(descriptor, dict) and any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3"))


def _is_latin_only(font: dict) -> bool:
    if _literal(font.get("Subtype")) not in ("Type1", "TrueType", "MMType1") or "ToUnicode" in font:
        return False
    descriptor = resolve1(font.get("FontDescriptor"))
    if isinstance(descriptor, dict):
        if int(resolve1(descriptor.get("Flags")) or 0) & 4:  # symbolic: its own character set
            return False
    elif _literal(font.get("BaseFont")) not in _STANDARD_LATIN:
        return False
    encoding = resolve1(font.get("Encoding"))
    if isinstance(encoding, dict):
        if "Differences" in encoding:
            return False
        encoding = encoding.get("BaseEncoding")
    return encoding is None or _literal(encoding) in _LATIN_ENCODINGS


def _literal(value) -> str | None:
    """A PDF name as text (pdfminer keeps a name that is not UTF-8 as bytes)."""
    value = resolve1(value)
    name = getattr(value, "name", value)
    if isinstance(name, bytes):
        return name.decode("utf-8", "replace")
    return name if isinstance(name, str) else None


def _font_name(font) -> str:
    length = raw.FPDFFont_GetBaseFontName(font, None, 0)
    if length <= 0:
        return ""
    buffer = ctypes.create_string_buffer(length)
    raw.FPDFFont_GetBaseFontName(font, buffer, length)
    return buffer.value.decode("utf-8", "replace")


def _widen_spaces(chars: list[dict], keys: list[int], right_edge) -> None:
    """pdfium keeps one space of a run of spaces: add back the ones it dropped, as pdfminer reads
    them. Inside a text object they fill the gap up to its next character (same width, side by
    side). At the end of a text object they reach as far as the object does: pdfium's box of a
    text object ends at its last glyph, and a space's glyph box is empty, at the space's origin
    (`right_edge(key)`: the right end of that box in pdfplumber's coordinates). (pdfium gives no
    count of a text object's characters.)"""
    expanded = None
    last = len(chars) - 1
    for i, char in enumerate(chars):
        if char["text"] != " ":
            continue
        width = char["x1"] - char["x0"]
        if width <= 0:
            continue
        if i < last and keys[i + 1] == keys[i]:
            following = chars[i + 1]
            if abs(following["top"] - char["top"]) > 0.01 or following["x0"] <= char["x1"] + 0.01:
                continue
            runs = round((following["x0"] - char["x0"]) / width)
            if runs < 2:
                continue
            step = (following["x0"] - char["x0"]) / runs
        else:
            # As many more as fit side by side up to the object's end: character or word spacing
            # only moves spaces apart.
            reach = right_edge(keys[i]) - char["x0"]
            runs = math.floor(reach / width + 0.1) + 1
            if runs < 2:
                continue
            step = reach / (runs - 1)
        if expanded is None:
            expanded = {}
        expanded[i] = [dict(char, x0=char["x0"] + k * step, x1=char["x0"] + k * step + width) for k in range(1, runs)]
    if expanded:
        chars[:] = [c for i, char in enumerate(chars) for c in [char] + expanded.get(i, [])]


def _right_edges(texts: list, space: _PageSpace):
    """key → the right end (pdfplumber's x) of pdfium's box of that text object, computed on demand."""
    outers = None

    def right_edge(key: int) -> float:
        nonlocal outers
        if outers is None:
            outers = dict(texts)
        bounds = _bounds(key)
        if bounds is None:
            return float("-inf")
        left, bottom, right, top = bounds
        a, b, c, d, e, f = _compose(outers[key], space.ctm)
        return max(a * x + c * y + e for x in (left, right) for y in (bottom, top)) + space.mb_x0

    return right_edge


# -- paths -----------------------------------------------------------------------------------------

_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(m1, m2):
    """m1 then m2 (PDF row-vector convention: [x y 1] · m1 · m2)."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _object_matrix(obj: int) -> tuple:
    matrix = raw.FS_MATRIX()
    if not _get_object_matrix(obj, ctypes.addressof(matrix)):
        return _IDENTITY
    return (round(matrix.a, 6), round(matrix.b, 6), round(matrix.c, 6), round(matrix.d, 6),
            round(matrix.e, 4), round(matrix.f, 4))


def _paths(paths: list, space: _PageSpace, page_number: int):
    """(kind, object) of every painted path (with the forms' matrices around it), as pdfminer reads them."""
    MOVETO, LINETO, BEZIERTO = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO, raw.FPDF_SEGMENT_BEZIERTO
    get_segment, get_point, segment_type, segment_close = _segment_at, _segment_point, _segment_type, _segment_close
    modes = (ctypes.c_int * 2)()
    fill_at = ctypes.addressof(modes)
    point_xy = (ctypes.c_float * 2)()
    x_at = ctypes.addressof(point_xy)
    width = ctypes.c_float()
    width_at = ctypes.addressof(width)
    object_matrix = (ctypes.c_float * 6)()  # an FS_MATRIX: a, b, c, d, e, f
    matrix_at = ctypes.addressof(object_matrix)
    to_page: dict[tuple, tuple] = {}  # (object matrix, forms' matrix) → matrix to pdfminer's page space
    for obj, outer in paths:
        if not _draw_mode(obj, fill_at, fill_at + 4):
            continue
        fill_mode, stroke = modes[0], modes[1]
        if fill_mode == 0 and not stroke:
            continue  # a path that is neither filled nor stroked (pdfminer never sees it)
        own = tuple(object_matrix) if _get_object_matrix(obj, matrix_at) else None
        matrix = to_page.get((own, outer))
        if matrix is None:
            rounded = _IDENTITY if own is None else (*(round(v, 6) for v in own[:4]), round(own[4], 4), round(own[5], 4))
            matrix = to_page[(own, outer)] = _compose(_compose(rounded, outer), space.ctm)
        a, b, c, d, e, f = matrix
        # pdfminer's ops ("m", "l", "c", "h") and each one's end point in pdfminer's page space: a
        # curve's control points are read by no one ("h" ends where its subpath starts).
        ops, ends = [], []
        in_curve = 0
        for index in range(_segment_count(obj)):
            segment = get_segment(obj, index)
            kind = segment_type(segment)
            if kind == BEZIERTO:
                in_curve += 1
                if in_curve < 3:
                    continue
                in_curve = 0
                ops.append("c")
            elif kind == LINETO:
                ops.append("l")
            elif kind == MOVETO:
                ops.append("m")
            else:
                raise NotReproducible("an unknown path segment")
            get_point(segment, x_at, x_at + 4)
            px, py = round(point_xy[0], 4), round(point_xy[1], 4)
            ends.append((a * px + c * py + e, b * px + d * py + f))
            if segment_close(segment):
                ops.append("h")
                ends.append(None)
        if in_curve:
            raise NotReproducible("an incomplete curve")
        attrs = {"stroke": bool(stroke), "fill": fill_mode != 0, "evenodd": fill_mode == 1,
                 "linewidth": width.value if _stroke_width_of(obj, width_at) else 0.0}
        yield from _classify(ops, ends, attrs, space, page_number)


def _classify(ops: list[str], ends: list, attrs: dict, space: _PageSpace, page_number: int):
    """pdfminer's `PDFLayoutAnalyzer.paint_path`: one object per subpath (points in pdfminer's page space)."""
    if not ops or ops[0] != "m":
        return
    starts = [i for i, op in enumerate(ops) if op == "m"] + [len(ops)]
    shift_x, base = space.mb_x0, space.mb_top + space.height
    for first, stop in zip(starts, starts[1:]):
        shape = "".join(ops[first:stop])
        start = ends[first]
        pts = [start if point is None else point for point in ends[first:stop]]  # "h" ends at the start
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
