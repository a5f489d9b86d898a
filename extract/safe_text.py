"""Untrusted text (file names, document text) made safe to show: `shown()` is used wherever such
text reaches a terminal, the HTML report, an e-mail or a chat robot.

- control characters (C0, C1, DEL) and line/paragraph separators become visible escapes (`\\x0a`,
  `\\u2028`), so a newline in a file name cannot forge a line of output and no escape sequence reaches
  a terminal;
- bidirectional controls (U+202A–202E, U+2066–2069, U+200E/200F, U+061C) become visible escapes, so
  "invoice\\u202efdp.exe" cannot pose as "invoiceexe.pdf";
- zero-width characters (U+200B–200D, U+2060, U+FEFF, U+180E) are removed, so two names that look
  the same are the same text.
Markup escaping (HTML, markdown) is the caller's job, after this.
"""
from __future__ import annotations

import re

_VISIBLE_CHARACTERS = r"\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
_INVISIBLE_CHARACTERS = r"\u200b-\u200d\u2060\ufeff\u180e"
_VISIBLE = re.compile(f"[{_VISIBLE_CHARACTERS}]")
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARACTERS}]")
# The characters shown() changes, as the inside of a regex character class (a caller's fast path: text without any
# of them is shown as it is).
CHANGED_WHEN_SHOWN = _VISIBLE_CHARACTERS + _INVISIBLE_CHARACTERS


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(value, limit: int | None = None) -> str:
    """`value` as text that is safe to show (see module doc), cut to `limit` characters with "…"."""
    text = _VISIBLE.sub(_escape, _INVISIBLE.sub("", "" if value is None else str(value)))
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text
