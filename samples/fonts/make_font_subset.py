"""Build samples/fonts/wqy-microhei-gb2312.ttf: the CJK font the sample PDFs embed.

The sample generators draw Chinese with reportlab. Its built-in `STSong-Light` needs no font file but is
not embedded, so a renderer without a Chinese font (pdfium on a bare machine: the report's evidence
pictures) prints figures and rules and no Chinese. reportlab embeds (a subset of) any TrueType font; this
script cuts the one bundled here, once, from WenQuanYi Micro Hei (Apache-2.0, see LICENSE-wqy-microhei.txt):
the 7,445 characters of GB 2312 (every character of simplified-Chinese government print) plus ASCII,
Latin-1, general and CJK punctuation and the full-width forms. It is not run by `make samples`: the
generators read the committed file, so they need no download and give the same bytes everywhere.

    apt-get download fonts-wqy-microhei && dpkg -x fonts-wqy-microhei_*.deb /tmp/wqy
    pip install fonttools
    python samples/fonts/make_font_subset.py /tmp/wqy/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
"""
from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parent / "wqy-microhei-gb2312.ttf"
EXTRA = "≦昇"   # printed in the sample facts, outside GB 2312


def characters() -> set[int]:
    codes = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100)) | set(range(0x2010, 0x2060)) \
        | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0)) | {ord(c) for c in EXTRA}
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                codes.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return codes


def main(source: str) -> None:
    font = TTFont(source, fontNumber=0, recalcTimestamp=False)   # face 0 of the collection: WenQuanYi Micro Hei (proportional Latin)
    options = subset.Options()
    options.hinting = False               # pdfium and browsers render unhinted outlines well at 144 dpi
    options.name_IDs = ["*"]              # keep the copyright and licence names
    options.notdef_outline = True
    options.layout_features = []          # no shaping is needed for horizontal CJK and figures
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(characters() & set(font.getBestCmap())))
    subsetter.subset(font)
    font.save(str(OUT))
    print(f"{OUT.name}: {len(font.getGlyphOrder())} glyphs, {OUT.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
