"""A msgstr cannot open a block or a script in any published format (issue 13, defects 1–2).

Through the real commands (extract, init, check, build) on a small project: a translator's
link or image title holding a newline and ``<script>`` stays one attribute's text, and a
translation holding table rows or an empty line stays the inline text of its one paragraph
in the ``.md``, the ``.txt``, the page and the EPUB. ``check`` passes these translations (they
change no number, link target or markup), so the renderers are what must hold.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from support.html_tools import Page, parse_page
from support.project import CliResult

from pipeline.article.markdown import markdown_parser
from pipeline.catalog.pofile import read_catalog, write_catalog

Run = Callable[..., CliResult]
SCRIPT = "más\n<script>alert(document.domain)</script>"
SOURCE = """\
---
title: Clinic information
---

# Clinic information

Read more at [our site](https://clinic.example/info).

See the ![map](https://clinic.example/map.png) before you come.

Call us before your visit.

Bring your card.
"""
TRANSLATIONS = {
    "Clinic information": "Información de la clínica",
    "Read more at [our site](https://clinic.example/info).": (
        f'Lea más en [nuestro sitio](https://clinic.example/info "{SCRIPT}").'
    ),
    "See the ![map](https://clinic.example/map.png) before you come.": (
        f'Vea el ![mapa](https://clinic.example/map.png "{SCRIPT}") antes de venir.'
    ),
    "Call us before your visit.": "Llámenos antes\n| a | b |\n|---|---|\n| x | y |",
    "Bring your card.": "Traiga\n\nsu tarjeta.",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipeline.cli import main

    root = tmp_path_factory.mktemp("hostile") / "project"
    (root / "source").mkdir(parents=True)
    (root / "source" / "clinic.md").write_text(SOURCE, encoding="utf-8")
    (root / "handout.toml").write_text('clinic = "Clinic"\nlanguages = ["es"]\n', "utf-8")
    assert main(["--root", str(root), "extract"]) == 0
    assert main(["--root", str(root), "init", "es"]) == 0
    path = root / "locales" / "es" / "LC_MESSAGES" / "clinic.po"
    catalog = read_catalog(path)
    for entry in catalog:
        entry.msgstr = TRANSLATIONS[entry.msgid]
    write_catalog(path, catalog)
    assert main(["--root", str(root), "check", "--lang", "es"]) == 0
    assert main(["--root", str(root), "build", "--lang", "es"]) == 0
    return root / "build" / "es"


def _markdown_page(built: Path) -> Page:
    markdown = (built / "clinic.md").read_text("utf-8")
    body = markdown.split("\n---\n", 1)[1]
    return parse_page(markdown_parser(allow_html=True).render(body))


def _epub_page(built: Path) -> Page:
    with zipfile.ZipFile(built / "clinic.epub") as book:
        names = [n for n in book.namelist() if n.endswith(".xhtml") and "nav" not in n]
        return parse_page("".join(book.read(n).decode("utf-8") for n in sorted(names)))


def _pages(built: Path) -> dict[str, Page]:
    return {
        "page": parse_page((built / "clinic.html").read_text("utf-8")),
        "md": _markdown_page(built),
        "epub": _epub_page(built),
    }


def test_a_title_with_a_newline_and_a_script_stays_an_attribute(built: Path) -> None:
    markdown = (built / "clinic.md").read_text("utf-8")
    assert not re.search(r"^\s*<", markdown, re.M), markdown  # no line opens raw HTML
    pages = _pages(built)
    for name, page in pages.items():
        link = next(
            a for a in page.all("a") if a.attrs.get("href") == "https://clinic.example/info"
        )
        assert link.attrs["title"] == SCRIPT, name
    for name in ("page", "md"):  # books carry no pictures
        assert pages[name].one("img").attrs["title"] == SCRIPT, name
    assert pages["md"].all("script") == [] and pages["epub"].all("script") == []
    html_page = (built / "clinic.html").read_text("utf-8")
    assert "<script" not in html_page[html_page.index("<article>") : html_page.index("</article>")]


def _paragraphs(page: str) -> list[str]:
    """The whole text of each ``<p>`` (sentence spans and all), whitespace squeezed."""
    found = re.findall(r"<p\b[^>]*>(.*?)</p>", page, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]*>", "", p)).split()) for p in found]


def test_a_translation_stays_the_inline_text_of_its_one_paragraph(built: Path) -> None:
    markdown = (built / "clinic.md").read_text("utf-8").split("\n---\n", 1)[1]
    with zipfile.ZipFile(built / "clinic.epub") as book:
        epub = "".join(book.read(n).decode("utf-8") for n in sorted(book.namelist()))
    outputs = {
        "page": (built / "clinic.html").read_text("utf-8"),
        "md": markdown_parser(allow_html=True).render(markdown),
        "epub": epub,
    }
    for name, page in outputs.items():
        assert "<table" not in page, name
        texts = _paragraphs(page)
        assert "Traiga su tarjeta." in texts, (name, texts)
        table = next(t for t in texts if t.startswith("Llámenos antes"))
        assert table == "Llámenos antes | a | b | |---|---| | x | y |", name
    plain = (built / "clinic.txt").read_text("utf-8")
    assert "Traiga su tarjeta." in plain
    assert "Llámenos antes | a | b | |---|---| | x | y |" in plain
