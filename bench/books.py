"""What the books cost a build: EPUB and large-print PDF render times per language.

The bundled article is spoken in English first (so the English EPUB carries
its narration and MP3, the heaviest book to pack), then each language's
book is made and rendered ``--repeat`` times; the median is printed. Then a
whole ``handout build`` is timed cold and again with nothing changed (the
books are rendered again and compared, not rewritten).

Run: ``make bench`` or ``.venv/bin/python bench/books.py [--repeat N]``. Not a test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.book.epub import render_epub  # noqa: E402
from pipeline.book.make import make_book  # noqa: E402
from pipeline.config import load_config  # noqa: E402
from pipeline.languages import parse_language  # noqa: E402
from pipeline.print.large_print import render_large_print  # noqa: E402
from pipeline.project import Project  # noqa: E402
from pipeline.publish.rule import decide  # noqa: E402
from pipeline.report import Report  # noqa: E402
from pipeline.site.build import BuildRequest, build  # noqa: E402
from pipeline.speech import build as speech_build  # noqa: E402
from pipeline.text.edition import Edition  # noqa: E402

SLUG = "prp-injections-lower-back-pain"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        root.mkdir()
        for name in ("source", "locales"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "handout.toml", root / "handout.toml")
        project = Project(load_config(root))
        request = speech_build.AudioRequest(languages=(parse_language("en"),))
        speech_build.build_audio(project, Report(), request)
        article = project.load(project.config.folders.source / f"{SLUG}.md")
        config = project.config
        print(f"{'language':10} {'EPUB s':>8} {'PDF s':>8} {'EPUB KB':>9} {'PDF KB':>8}")
        for language in (config.source_language, *config.languages):
            decision = decide(project, Report(), article, language)
            assert decision is not None and decision.published
            edition = Edition(decision.localized, False, config.clinic, ())
            epub_times, pdf_times = [], []
            for _ in range(repeat):
                started = time.perf_counter()
                book = make_book(project, edition, Report())
                epub = render_epub(book)
                epub_times.append(time.perf_counter() - started)
                started = time.perf_counter()
                pdf = render_large_print(book)
                pdf_times.append(time.perf_counter() - started)
            print(
                f"{language.bcp47:10} {statistics.median(epub_times):8.3f} "
                f"{statistics.median(pdf_times):8.3f} {len(epub.data) / 1024:9.0f} "
                f"{len(pdf.data) / 1024:8.0f}"
            )
        for label in ("cold", "unchanged"):
            started = time.perf_counter()
            result = build(project, Report(), BuildRequest())
            wall = time.perf_counter() - started
            print(f"handout build, {label}: {wall:.2f} s, {len(result.written)} file(s) written")


if __name__ == "__main__":
    main()
