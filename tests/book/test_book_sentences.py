"""The book's content: one element with an id per sentence, the very sentences the audio speaks.

The sentence elements are what a reading app highlights while the narration
plays, so they are checked against the speech package's own script for every
bundled language, and for an article with every block kind. Translated text
stays text: markup, scripts and control characters in a msgstr never become
elements, and links a book cannot follow lose their target, not their words.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from support.book_tools import XHTML, text_of
from support.project import BUNDLED_SLUG
from support.text_fixtures import edition, rich_article

from pipeline.book.content import book_content
from pipeline.book.model import BookContent
from pipeline.book.xhtml import content_document
from pipeline.config import load_config
from pipeline.languages import parse_language
from pipeline.project import Project
from pipeline.publish.rule import Decision, decide
from pipeline.report import Report
from pipeline.speech.script import make_script
from pipeline.text.edition import Edition

LANGUAGES = ("en", "es", "zh-Hans", "vi", "ar", "ko", "ru", "tl")


def _bundled(project: Path, tag: str) -> Decision:
    loaded = Project(load_config(project))
    article = loaded.load(loaded.config.folders.source / f"{BUNDLED_SLUG}.md")
    decision = decide(loaded, Report(), article, parse_language(tag))
    assert decision is not None and decision.published
    return decision


def _documents(content: BookContent) -> list[ElementTree.Element]:
    """Every content document, parsed by a real XML parser (a malformed one raises)."""
    return [
        ElementTree.fromstring(content_document(content, chapter)) for chapter in content.chapters
    ]


def _sentence_elements(content: BookContent) -> list[ElementTree.Element]:
    return [
        e
        for document in _documents(content)
        for e in document.iter()
        if e.get("id", "").startswith("s_")
    ]


@pytest.mark.parametrize("tag", LANGUAGES)
def test_sentence_elements_are_the_sentences_the_audio_speaks(project: Path, tag: str) -> None:
    decision = _bundled(project, tag)
    content = book_content(Edition(decision.localized, False, "Clinic", ()))
    spoken = [u.shown for u in make_script(decision.localized, {}).utterances()]
    elements = _sentence_elements(content)
    assert [text_of(e) for e in elements] == spoken
    assert [s.text for s in content.sentences()] == spoken
    ids = [e.get("id") for e in elements]
    assert len(set(ids)) == len(ids) == len(spoken) > 20


def test_every_block_kind_keeps_its_markup_around_the_sentences() -> None:
    content = book_content(edition(rich_article(), "en"))
    spoken = [u.shown for u in make_script(content.edition.localized, {}).utterances()]
    elements = _sentence_elements(content)
    # Everything the voice reads has its element, in the same order.
    assert [text_of(e) for e in elements] == spoken
    documents = _documents(content)
    tags = {e.tag.removeprefix(XHTML) for d in documents for e in d.iter()}
    assert {"ol", "ul", "li", "blockquote", "table", "th", "td", "pre", "hr", "strong"} <= tags
    first = documents[0]
    strong = next(e for e in first.iter(f"{XHTML}strong"))
    assert text_of(strong) == "24 hours"
    links = {a.get("href"): text_of(a) for d in documents for a in d.iter(f"{XHTML}a")}
    assert links["https://clinic.example/recovery"] == "our recovery guide"
    assert links["tel:+15551234567"] == "tel:+15551234567"
    assert links["mailto:care@clinic.example"] == "care@clinic.example"
    # The picture cannot travel in the book: its words do, and they are read aloud.
    assert "Picture: A patient resting on a sofa" in {
        text_of(p) for d in documents for p in d.iter(f"{XHTML}p")
    }
    assert "A patient resting on a sofa" in spoken
    assert content.unspoken  # the code block is shown, not read


def test_a_sentence_that_ends_inside_emphasis_closes_and_reopens_it() -> None:
    source = rich_article()
    msgid = next(t.markdown for t in source.texts() if t.markdown.startswith("Rest for"))
    translated = "Descanse *un día entero. Luego camine* un poco. Lea [la guía](#what-to-do)."
    content = book_content(edition(source, "es", {msgid: translated}))
    first = _documents(content)[0]
    paragraph = next(p for p in first.iter(f"{XHTML}p") if text_of(p).startswith("Descanse"))
    spans = [s for s in paragraph if s.get("id", "").startswith("s_")]
    assert [text_of(s) for s in spans] == [
        "Descanse un día entero.",
        "Luego camine un poco.",
        "Lea la guía.",
    ]
    assert [text_of(em) for em in paragraph.iter(f"{XHTML}em")] == [
        "un día entero.",
        "Luego camine",
    ]
    # A link to a heading points into the document that holds that heading.
    link = next(paragraph.iter(f"{XHTML}a"))
    assert link.get("href") == "section-02.xhtml#what-to-do"


def test_translated_markup_and_control_characters_stay_text() -> None:
    source = rich_article()
    msgid = next(t.markdown for t in source.texts() if t.markdown.startswith("Rest for"))
    hostile = (
        '<script>alert(1)</script><img src=x onerror="alert(2)"> Rest\x07 well. '
        "[Click](ftp://files.example/x) [here](../../etc/passwd)."
    )
    content = book_content(edition(source, "es", {msgid: hostile}))
    raw = content_document(content, content.chapters[0]).decode("utf-8")
    document = ElementTree.fromstring(raw)  # still well-formed XML
    assert not [e for e in document.iter() if e.tag in (f"{XHTML}script", f"{XHTML}img")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "\x07" not in raw
    assert "ftp:" not in raw and "passwd" not in raw  # targets dropped, words kept
    assert "Click here." in " ".join(document.itertext())


def test_a_language_without_book_strings_marks_the_english_it_borrows() -> None:
    content = book_content(edition(rich_article(), "fr"))
    assert content.strings.lang == "en"
    assert content.chapters[0].title == "Caring for your back after a PRP injection"
