"""Raw text flow (pdftotext without -layout): cells separated by single spaces, empty cells dropped."""
from __future__ import annotations


def looks_like_flowed(content: str) -> bool:
    return False


def read_flowed(content: str):
    raise NotImplementedError
