"""The font the sample PDFs print Chinese in, embedded so that any renderer shows it.

reportlab's built-in `STSong-Light` needs no font file, but a PDF that uses it does not embed it: a
renderer without a Chinese font of its own (pdfium on a bare machine, which draws the report's evidence
pictures) prints the figures and rules and no Chinese. The generators therefore draw with the subset of
WenQuanYi Micro Hei bundled in `fonts/` (Apache-2.0; `fonts/make_font_subset.py` says how it was cut), and
reportlab embeds the glyphs each PDF uses.

Every character keeps the advance width and the descent STSong-Light gave it: lines wrap, cells fill and
characters sit exactly where they sat before the font was embedded, so the samples print the same facts
at the same places (the extraction tests' expectations are unchanged); only the glyphs' shapes come from
Micro Hei. A character outside the subset (not in GB 2312) prints as an empty box but still reads back as
itself (reportlab writes a ToUnicode map).

`UNEMBEDDED` (STSong-Light itself) stays for `seed002_budget_hrules.pdf`, the sample that stands for the
published PDFs whose fonts are not embedded (tests/readers/test_pdfium_source.py reads it for that).
"""
from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_FILE = Path(__file__).resolve().parent / "fonts" / "wqy-microhei-gb2312.ttf"
UNEMBEDDED = "STSong-Light"
FONT = "WenQuanYiMicroHei"


def _register() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    metrics = UnicodeCIDFont(UNEMBEDDED)
    pdfmetrics.registerFont(metrics)
    font = TTFont(FONT, str(FONT_FILE))
    face = font.face
    face.charWidths = {code: metrics.stringWidth(chr(code), 1000) for code in face.charWidths}
    face.defaultWidth = metrics.stringWidth("\u4e00", 1000)
    face.ascent, face.descent = metrics.face.ascent, metrics.face.descent
    pdfmetrics.registerFont(font)


_register()


class UnembeddedCanvas(canvas.Canvas):
    """A canvas that prints what is set in FONT in STSong-Light instead: same widths, nothing embedded."""

    def setFont(self, psfontname, size, leading=None):
        super().setFont(UNEMBEDDED if psfontname == FONT else psfontname, size, leading)
