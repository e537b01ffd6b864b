"""The large-print PDFs: the article's sentences in every language, in large, clear, embedded type.

The text is read back with poppler's pdftotext, the fonts with pdffonts, the
layout from WeasyPrint's own boxes (the sizes, alignment and colours it
actually laid out), the right-to-left order from the words' positions on
the page. Page 1 of the English and Arabic PDFs is rendered to PNG for a
person to look at (``preview/`` under the test's temporary folder); no pixel
is asserted.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTCollection, TTFont
from support.book_tools import pdf_objects, pdffonts, pdftotext, require
from support.project import BUNDLED_SLUG
from support.text_fixtures import edition, rich_article
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from pipeline.book.content import book_content
from pipeline.book.model import Book, BookContent
from pipeline.config import load_config
from pipeline.languages import parse_language
from pipeline.print.fonts import font_stack
from pipeline.print.large_print import large_print_html, render_large_print
from pipeline.project import Project
from pipeline.publish.rule import decide
from pipeline.report import Report
from pipeline.text.edition import Edition

LANGUAGES = ("en", "es", "zh-Hans", "vi", "ar", "ko", "ru", "tl")
POINT = 4 / 3  # CSS px per pt
_BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def _pdf(root: Path, tag: str) -> Path:
    return root / "build" / tag / f"{BUNDLED_SLUG}.large-print.pdf"


def _content(root: Path, tag: str) -> BookContent:
    project = Project(load_config(root))
    article = project.load(project.config.folders.source / f"{BUNDLED_SLUG}.md")
    decision = decide(project, Report(), article, parse_language(tag))
    assert decision is not None and decision.published
    return book_content(Edition(decision.localized, False, project.config.clinic, ()))


def _squeeze(text: str) -> str:
    """Text without spaces, line breaks, bidi controls or hyphens.

    pdftotext breaks lines where the page does and joins a word hyphenated at
    a line end ("unti-" + "unti" → "untiunti"), so neither can be compared.
    """
    flat = "".join(unicodedata.normalize("NFC", text).translate(_BIDI_CONTROLS).split())
    return flat.replace("-", "")


def _page_text(pdf: Path) -> str:
    """The PDF's text without the page numbers that interrupt a sentence at a page break."""
    return re.sub(r"^\s*\d+\s*/\s*\d+\s*$", "", pdftotext(pdf), flags=re.M)


def _letters(text: str) -> str:
    """Arabic reduced to its letters and digits (see the Arabic test for why)."""
    text = unicodedata.normalize("NFKC", text).translate(_BIDI_CONTROLS)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN" and ch != "\u0640")


@pytest.mark.parametrize("tag", [t for t in LANGUAGES if t != "ar"])
def test_every_sentence_is_in_the_pdf_text(run_build: Path, tag: str) -> None:
    extracted = _squeeze(_page_text(_pdf(run_build, tag)))
    content = _content(run_build, tag)
    missing = [s.text for s in content.sentences() if _squeeze(s.text) not in extracted]
    assert missing == []
    assert len(content.sentences()) > 20


def test_every_arabic_word_is_in_the_pdf_text(run_build: Path) -> None:
    """Arabic, word by word: pdftotext cannot give the sentences back whole.

    Poppler reverses right-to-left text per glyph, so a lam-alef ligature
    comes back as alef-lam, and it lifts combining marks (shadda) onto lines
    of their own, splitting words and reordering pieces of a line. So each
    word is looked for as its letters, in any order within a window of its
    own length, in the page's letters. A missing word, a glyph that had no
    font or a dropped sentence still fails.
    """
    page = _letters(_page_text(_pdf(run_build, "ar")))
    windows: dict[int, set[str]] = {}
    missing = []
    content = _content(run_build, "ar")
    for sentence in content.sentences():
        for word in sentence.text.split():
            letters = _letters(word)
            if not letters:
                continue
            size = len(letters)
            if size not in windows:
                windows[size] = {
                    "".join(sorted(page[i : i + size])) for i in range(len(page) - size + 1)
                }
            if "".join(sorted(letters)) not in windows[size]:
                missing.append(word)
    assert missing == []
    assert len(content.sentences()) > 20


@pytest.mark.parametrize("tag", LANGUAGES)
def test_every_font_is_embedded_noto(run_build: Path, tag: str) -> None:
    fonts = pdffonts(_pdf(run_build, tag))
    assert fonts
    for font in fonts:
        assert "+Noto-Sans" in font["name"], font  # no fallback to another installed face
        assert font["emb"] == "yes" and font["uni"] == "yes", font


@pytest.mark.parametrize("tag", LANGUAGES)
def test_the_fonts_have_a_glyph_for_every_character(run_build: Path, tag: str) -> None:
    language = parse_language(tag)
    content = _content(run_build, tag)
    text = content.title + "".join(chapter.body.text() for chapter in content.chapters)
    needed = {ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] != "C"}
    covered: set[int] = set()
    for family in font_stack(language)[:2]:  # the language's own face, then Noto Sans
        covered |= _cmap(family)
    assert sorted(ch for ch in needed if ord(ch) not in covered) == []


def _cmap(family: str) -> set[int]:
    """The code points ``family`` (as fontconfig resolves it) has glyphs for."""
    found = subprocess.run(
        ["fc-match", "-f", "%{family}\t%{file}\t%{index}", f"{family}:style=Regular"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    families, file, index = found.split("\t")
    assert family in families.split(","), f"{family} is not installed (got {families})"
    font = (
        TTCollection(file).fonts[int(index)] if file.endswith(".ttc") else TTFont(file, lazy=True)
    )
    cmap = font.getBestCmap()
    assert cmap is not None
    return set(cmap)


@pytest.mark.parametrize("tag", ["en", "ar", "zh-Hans"])
def test_the_pdf_is_tagged_titled_and_in_its_language(run_build: Path, tag: str) -> None:
    pdf = _pdf(run_build, tag)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    title = _content(run_build, tag).title
    assert re.search(rf"^Title:\s+{re.escape(title)}$", info, re.M)
    objects = pdf_objects(pdf)
    assert f"/Lang ({tag})".encode() in objects
    assert b"/DisplayDocTitle true" in objects and b"/StructTreeRoot" in objects
    meta = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True).stdout
    assert 'pdfuaid:part="1"' in meta
    structure = subprocess.run(
        ["pdfinfo", "-struct", str(pdf)], capture_output=True, text=True
    ).stdout
    assert re.search(r"^\s+H1\b", structure, re.M) and re.search(r"^\s+H2\b", structure, re.M)


def _texts(content: BookContent) -> Iterator[tuple[Any, tuple[str, ...]]]:
    """Every laid-out box of the PDF's HTML, with the tags of the elements around it."""
    document = HTML(string=large_print_html(content)).render()
    for page in document.pages:
        yield from _walk(page._page_box, ())


def _walk(box: Any, outer: tuple[str, ...]) -> Iterator[tuple[Any, tuple[str, ...]]]:
    tags = (*outer, box.element_tag) if getattr(box, "element_tag", None) else outer
    yield box, tags
    for child in getattr(box, "children", []):
        yield from _walk(child, tags)


def _line_height(style: Any) -> float:
    value = style["line_height"]
    return float(value[0] if isinstance(value, tuple) else value)


@pytest.mark.parametrize("tag", ["en", "ar", "ko"])
def test_layout_follows_large_print_guidance(run_build: Path, tag: str) -> None:
    laid_out = list(_texts(_content(run_build, tag)))
    texts = [(b, tags) for b, tags in laid_out if isinstance(b, boxes.TextBox) and b.text.strip()]
    assert (
        min(b.style["font_size"] / POINT for b, _ in texts) >= 18
    )  # nothing small, page numbers too
    body = [b for b, tags in texts if "p" in tags and not {"h1", "h2", "header"} & set(tags)]
    body_size = Counter(b.style["font_size"] / POINT for b in body).most_common(1)[0][0]
    assert body_size >= 20
    headings = [b for b, tags in texts if {"h1", "h2"} & set(tags)]
    assert len(headings) >= 5
    assert all(b.style["font_size"] / POINT >= 1.3 * body_size for b in headings)
    assert all(b.style["font_weight"] >= 700 for b in headings)
    assert {tuple(b.style["color"]) for b, _ in texts} == {(0.0, 0.0, 0.0, 1.0)}
    html = next(b for b, tags in laid_out if tags == ("html",))
    assert tuple(html.style["background_color"]) == (1.0, 1.0, 1.0, 1.0)
    lines = [b for b, tags in laid_out if isinstance(b, boxes.LineBox) and "p" in tags]
    assert {b.style["text_align_all"] for b in lines} == {"start"}  # never justified
    assert min(_line_height(b.style) for b in lines) >= 1.5
    assert {b.style["font_style"] for b, _ in texts} == {"normal"}  # no italics
    families = Counter(b.style["font_family"][0] for b in body)
    assert families.most_common(1)[0][0] == font_stack(parse_language(tag))[0]


def _words(pdf: Path, page: int) -> list[dict[str, Any]]:
    """Each word on ``page`` with its box (points from the top left), from ``pdftotext -bbox``."""
    html = pdftotext(pdf, "-bbox", "-f", str(page), "-l", str(page))
    pattern = (
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        {"xMin": float(a), "yMin": float(b), "xMax": float(c), "yMax": float(d), "text": t}
        for a, b, c, d, t in re.findall(pattern, html)
    ]


def _lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words grouped into lines by their vertical centre (faces differ in height)."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (w["yMin"] + w["yMax"]) / 2):
        centre = (word["yMin"] + word["yMax"]) / 2
        if lines and centre - (lines[-1][0]["yMin"] + lines[-1][0]["yMax"]) / 2 < 12:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


@pytest.mark.parametrize(("tag", "flush"), [("en", "left"), ("ar", "right")])
def test_lines_share_one_margin_and_are_ragged_on_the_other(
    run_build: Path, tag: str, flush: str
) -> None:
    # no footer (page numbers sit in the bottom 24 mm of Letter or A4)
    words = [w for w in _words(_pdf(run_build, tag), page=1) if w["yMax"] < 700]
    lines = _lines(words)
    lefts = {round(min(w["xMin"] for w in line)) for line in lines}
    rights = {round(max(w["xMax"] for w in line)) for line in lines}
    flush_edges, ragged_edges = (lefts, rights) if flush == "left" else (rights, lefts)
    assert len(flush_edges) == 1, flush_edges
    assert len(ragged_edges) > len(lines) // 2, ragged_edges  # not justified
    assert len(lines) > 8


def _find(words: list[dict[str, Any]], word: str) -> dict[str, Any]:
    """The first word on the page with ``word``'s letters (pdftotext gives RTL words reversed)."""
    target = sorted(_letters(word))
    return next(w for w in words if sorted(_letters(w["text"])) == target)


def test_arabic_reads_from_the_right(run_build: Path) -> None:
    words = _words(_pdf(run_build, "ar"), page=1)
    first, second = _content(run_build, "ar").title.split()[:2]
    one, two = _find(words, first), _find(words, second)
    line = next(line for line in _lines(words) if one in line)
    assert max(line, key=lambda w: w["xMax"]) is one  # the headline starts at the right margin
    assert two["xMax"] < one["xMin"]  # and goes on to the left


@pytest.mark.parametrize("tag", ["en", "ar"])
def test_page_one_renders_for_a_look(
    run_build: Path, tmp_path_factory: pytest.TempPathFactory, tag: str
) -> None:
    require("poppler")
    preview = tmp_path_factory.getbasetemp() / "preview"
    preview.mkdir(exist_ok=True)
    stem = preview / f"{tag}-page-1"
    pdf = str(_pdf(run_build, tag))
    subprocess.run(
        ["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-singlefile", "-png", pdf, str(stem)],
        check=True,
    )
    png = stem.with_suffix(".png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    # US Letter at 100 dpi: the bundled clinic's source language is English, whose likely
    # region (CLDR) is the US, which prints on Letter (pipeline.printing)
    assert abs(width - 850) <= 1 and abs(height - 1100) <= 1


def test_links_print_their_address_once(tmp_path: Path) -> None:
    content = book_content(edition(rich_article(), "en"))
    rendered = render_large_print(Book(content, None))
    assert rendered.warnings == ()
    pdf = tmp_path / "rich.pdf"
    pdf.write_bytes(rendered.data)
    text = _squeeze(pdftotext(pdf))
    assert _squeeze("our recovery guide (https://clinic.example/recovery)") in text
    assert text.count("care@clinic.example") == 1  # an address already shown is not repeated
    assert _squeeze("Picture: A patient resting on a sofa") in text


def test_translated_markup_is_printed_as_text(tmp_path: Path) -> None:
    source = rich_article()
    msgid = next(t.markdown for t in source.texts() if t.markdown.startswith("Rest for"))
    hostile = "Descanse <b>24 horas</b> & <i>beba</i>."
    content = book_content(edition(source, "es", {msgid: hostile}))
    pdf = tmp_path / "es.pdf"
    pdf.write_bytes(render_large_print(Book(content, None)).data)
    assert _squeeze(hostile) in _squeeze(pdftotext(pdf))


def test_a_pdf_is_the_same_whatever_the_process_printed_before() -> None:
    """Regression: one font configuration serves a worker's every PDF (a new one per PDF
    leaked native memory, 0.23 MB each); sharing it must not change a byte."""
    english = book_content(edition(rich_article(), "en"))
    fresh = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from support.text_fixtures import edition, rich_article; "
            "from pipeline.book.content import book_content; from pipeline.book.model import Book; "
            "from pipeline.print.large_print import render_large_print; "
            "sys.stdout.buffer.write(render_large_print("
            "Book(book_content(edition(rich_article(), 'en')), None)).data)",
        ],
        capture_output=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout
    for tag in ("zh-Hans", "ar", "ko"):
        render_large_print(Book(book_content(edition(rich_article(), tag)), None))
    assert render_large_print(Book(english, None)).data == fresh


def test_a_worker_makes_one_font_configuration_for_all_its_pdfs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The leak's cause, pinned: WeasyPrint is handed the same configuration every time."""
    from weasyprint.text import fonts

    from pipeline.print import large_print

    made: list[object] = []
    original = fonts.FontConfiguration.__init__

    def counted(self: object, *args: Any, **kwargs: Any) -> None:
        made.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(fonts.FontConfiguration, "__init__", counted)
    large_print._font_config.cache_clear()
    for tag in ("en", "ar", "en"):
        render_large_print(Book(book_content(edition(rich_article(), tag)), None))
    assert len(made) == 1
