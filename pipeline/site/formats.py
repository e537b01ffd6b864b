"""Every file the site build writes for one unit: where a new output format goes.

A text format is one entry in :data:`RENDERERS` (suffix → renderer of an
:class:`~pipeline.text.edition.Edition`); a book or a printable one, which
needs the narration too, is one entry in :data:`BOOK_RENDERERS`. The build
renders, writes, caches and takes down every entry alike, so a new format
needs no other change here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.book.epub import render_epub
from pipeline.book.model import Book, BookFile
from pipeline.print.large_print import render_large_print
from pipeline.print.standard import render_standard
from pipeline.project import Project
from pipeline.publish.rule import Unit
from pipeline.site.audio import linked_outputs
from pipeline.text.edition import Edition
from pipeline.text.html import render_article
from pipeline.text.markdown import render_markdown
from pipeline.text.plain import render_plain

#: Each text format: file suffix and renderer, from the edition alone (the books and PDFs,
#: which need the narration too, are :data:`BOOK_RENDERERS`).
RENDERERS: dict[str, Callable[[Edition], str]] = {
    ".html": render_article,
    ".txt": render_plain,
    ".md": render_markdown,
}

#: The books (EPUB talking book, large-print PDF): bytes, from the edition plus the narration
#: ``handout audio`` left in ``audio/``. Published units only: a draft is proofread as a page,
#: never handed out as a book or printed.
BOOK_RENDERERS: dict[str, Callable[[Book], BookFile]] = {
    ".epub": render_epub,
    ".pdf": render_standard,
    ".large-print.pdf": render_large_print,
}


def unit_outputs(project: Project, unit: Unit) -> list[Path]:
    """Every file the build keeps for a unit (present or not), for its cache record."""
    language, slug = unit.language, unit.slug
    paths = [project.page_path(language, slug, suffix) for suffix in RENDERERS]
    paths += [project.book_path(language, slug, suffix) for suffix in BOOK_RENDERERS]
    paths += linked_outputs(project, language, slug)
    return paths
