"""Extraction speed, beside naive pdfplumber extract_tables() in the same run.

    python bench/extraction_speed.py [FOLDER ...]      (default: ../shared/corpus/real and ../shared/corpus/wide)

Prints, per file, per folder and in total, pages per CPU-second for (a) our extraction (reader +
every form, pages read by pdfium unless BW_PDF_SOURCE=pdfminer) and (b) pdfplumber's default
`page.extract_tables()` on every page (pdfminer), and the ratio a/b. Times are the process's CPU
time, i.e. pages per second per core: on a shared machine they are steadier than wall-clock time,
but absolute figures still move with the load; compare the ratio of one run, not pages/s across runs.
"""
import sys
import time
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from extract.forms import FORMS  # noqa: E402
from extract.model import UnreadableDocument  # noqa: E402
from extract.readers import read_document  # noqa: E402

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def ours(path: Path) -> float:
    started = time.process_time()
    document = read_document(str(path))
    for form in FORMS:
        form.extract(document)
    return time.process_time() - started


def naive(path: Path) -> tuple[int, float]:
    started = time.process_time()
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_tables()
        pages = len(pdf.pages)
    return pages, time.process_time() - started


def bench_folder(folder: Path) -> tuple[int, float, float]:
    pages_total = ours_total = naive_total = 0.0
    print(f"\n{folder}")
    print(f"{'file':60} {'pages':>5} {'ours p/s':>9} {'naive p/s':>9} {'ratio':>6}")
    for path in sorted(folder.glob("*.pdf")):
        try:
            seconds = ours(path)
            pages, naive_seconds = naive(path)
        except UnreadableDocument as exc:
            print(f"{path.name[:60]:60} skipped: {exc.reason}")
            continue
        except Exception as exc:  # pdfplumber itself fails on the file: no baseline to compare with
            print(f"{path.name[:60]:60} skipped: {type(exc).__name__}")
            continue
        pages_total += pages
        ours_total += seconds
        naive_total += naive_seconds
        print(f"{path.name[:60]:60} {pages:5d} {pages / seconds:9.1f} {pages / naive_seconds:9.1f} {naive_seconds / seconds:6.2f}")
    return int(pages_total), ours_total, naive_total


def summary(label: str, pages: int, ours_seconds: float, naive_seconds: float) -> str:
    if not pages:
        return f"{label}: no pages"
    return (f"{label}: {pages} pages: ours {pages / ours_seconds:.1f} pages/s, "
            f"naive extract_tables {pages / naive_seconds:.1f} pages/s, ratio {naive_seconds / ours_seconds:.2f}")


def main() -> None:
    folders = [Path(a) for a in sys.argv[1:]] or [CORPORA / "real", CORPORA / "wide"]
    results = [(folder, *bench_folder(folder)) for folder in folders]
    print()
    for folder, pages, ours_seconds, naive_seconds in results:
        print(summary(folder.name, pages, ours_seconds, naive_seconds))
    print(summary("TOTAL", sum(r[1] for r in results), sum(r[2] for r in results), sum(r[3] for r in results)))


if __name__ == "__main__":
    main()
