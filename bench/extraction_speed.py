"""Extraction speed over ../shared/corpus/real, beside naive pdfplumber extract_tables() in the same run.

    python bench/extraction_speed.py [FOLDER]

Prints, per file and in total, pages per second for (a) our extraction (reader + every form) and
(b) pdfplumber's default `page.extract_tables()` on every page, and the ratio a/b.
"""
import sys
import time
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from extract.forms import FORMS  # noqa: E402
from extract.model import UnreadableDocument  # noqa: E402
from extract.readers import read_document  # noqa: E402


def ours(path: Path) -> float:
    started = time.perf_counter()
    document = read_document(str(path))
    for form in FORMS:
        form.extract(document)
    return time.perf_counter() - started


def naive(path: Path) -> tuple[int, float]:
    started = time.perf_counter()
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_tables()
        pages = len(pdf.pages)
    return pages, time.perf_counter() - started


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
    total_pages = total_ours = total_naive = 0.0
    print(f"{'file':60} {'pages':>5} {'ours p/s':>9} {'naive p/s':>9}")
    for path in sorted(folder.glob("*.pdf")):
        try:
            seconds = ours(path)
            pages, naive_seconds = naive(path)
        except UnreadableDocument as exc:
            print(f"{path.name[:60]:60} skipped: {exc.reason}")
            continue
        total_pages += pages
        total_ours += seconds
        total_naive += naive_seconds
        print(f"{path.name[:60]:60} {pages:5d} {pages / seconds:9.1f} {pages / naive_seconds:9.1f}")
    print(f"\nTOTAL {int(total_pages)} pages: ours {total_pages / total_ours:.1f} pages/s, "
          f"naive extract_tables {total_pages / total_naive:.1f} pages/s, ratio {total_naive / total_ours:.2f}")


if __name__ == "__main__":
    main()
