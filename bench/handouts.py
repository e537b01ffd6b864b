"""What the paper handouts cost: render time, size and pages per style and paper size.

Each bundled language's article is rendered as the standard handout (13 pt) and the large
print (20 pt), on US Letter and on A4, with the QR code and address of its page (a
``base_url`` is set), ``--repeat`` times each; the median time is printed with the PDF's
size and page count. Run: ``.venv/bin/python bench/handouts.py [--repeat N]``. Not a test.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.book.content import book_content  # noqa: E402
from pipeline.book.model import Book  # noqa: E402
from pipeline.config import load_config  # noqa: E402
from pipeline.languages import parse_language  # noqa: E402
from pipeline.print.large_print import LARGE_PRINT, render_print  # noqa: E402
from pipeline.print.standard import STANDARD  # noqa: E402
from pipeline.printing import PrintSettings  # noqa: E402
from pipeline.project import Project  # noqa: E402
from pipeline.publish.rule import decide  # noqa: E402
from pipeline.report import Report  # noqa: E402
from pipeline.text.edition import Edition  # noqa: E402

SLUG = "prp-injections-lower-back-pain"
LANGUAGES = ("en", "es", "zh-Hans", "vi", "ar", "ko", "ru", "tl")


def _pages(pdf: bytes) -> int:
    """The page count, as poppler's pdfinfo reads it."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(found.group(1)) if found else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    project = Project(load_config(REPO))
    article = project.load(project.config.folders.source / f"{SLUG}.md")
    print(f"{'language':9} {'style':9} {'paper':7} {'median s':>8} {'KB':>6} {'pages':>5}")
    totals: dict[tuple[str, str], list[float]] = {}
    for tag in LANGUAGES:
        decision = decide(project, Report(), article, parse_language(tag))
        assert decision is not None
        edition = Edition(decision.localized, False, project.config.clinic, ())
        content = book_content(edition)
        for name, style in (("standard", STANDARD), ("large", LARGE_PRINT)):
            for paper in ("letter", "a4"):
                settings = PrintSettings(paper, "https://clinic.example/handouts/")
                book = dataclasses.replace(Book(content, None), printing=settings)
                times, data = [], b""
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    data = render_print(book, style).data
                    times.append(time.perf_counter() - started)
                pages = _pages(data)
                median = statistics.median(times)
                totals.setdefault((name, paper), []).append(median)
                print(
                    f"{tag:9} {name:9} {paper:7} {median:8.2f} {len(data) / 1024:6.1f} {pages:5}"
                )
    for (name, paper), values in totals.items():
        print(f"all 8     {name:9} {paper:7} mean {statistics.mean(values):.2f} s per PDF")


if __name__ == "__main__":
    main()
