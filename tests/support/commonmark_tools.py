"""Run CommonMark spec examples through handout and compare with markdown-it-py's own rendering.

Each example becomes one article (front matter with a title, then the example as its body),
goes through the same functions the commands use — extract (``template_for``), a PO file
written and read back with every msgstr = msgid, ``check_catalog``, ``translations_of`` and
``localize`` into Spanish — and is rendered as a page, a ``.txt`` and a ``.md``. Outputs are
compared as a browser would read them, not byte for byte:

* **page text** (the English page and the Spanish one): the visible words of the article
  body (image alt text included), with runs of ASCII whitespace collapsed;
* **page structure**: the elements (paragraphs, lists, emphasis, links …) in order, with the
  attributes that carry meaning (``href``, ``src``, ``start``, a code block's language) and
  code blocks' text exactly;
* **md**: the Spanish ``.md`` rendered by the same parser gives the same text and structure;
* **txt**, **book**: no word (a run of letters or digits) of the reference is missing from
  the ``.txt``, or from the EPUB's content documents (which show a picture's alt text).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import polib

from pipeline.article.markdown import markdown_parser
from pipeline.article.parse import parse_article
from pipeline.book.content import book_content
from pipeline.book.xhtml import content_document
from pipeline.catalog.extract import template_for
from pipeline.check.findings import ERROR
from pipeline.check.runner import check_catalog
from pipeline.errors import HandoutError
from pipeline.languages import parse_language
from pipeline.localize import localize, translations_of
from pipeline.text.edition import Edition
from pipeline.text.html import render_article
from pipeline.text.markdown import render_markdown
from pipeline.text.plain import render_plain

SPEC = Path(__file__).resolve().parents[1] / "data" / "commonmark" / "spec.json"
ASPECTS = ("error", "check", "page_text", "page_structure", "md", "txt", "book")
_KEEP = {
    "a": ("href", "title"),
    "img": ("src", "title"),
    "ol": ("start",),
    "code": ("class",),
}
_RENAME = {"s": "del"}
_DROP = {"section", "header"}
_BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "table",
    "thead", "tbody", "tr", "th", "td", "hr", "br", "div",
}  # fmt: skip
_HIDDEN = {"script", "style", "template"}
_VOID = {"br", "hr", "img", "input", "meta", "link"}
_SPACE = re.compile(r"[ \t\n\r\f]+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Example:
    number: int
    section: str
    markdown: str


def examples() -> list[Example]:
    data = json.loads(SPEC.read_text(encoding="utf-8"))
    return [Example(e["example"], e["section"], e["markdown"]) for e in data]


@dataclass
class _Canon(HTMLParser):
    """Elements and text as a reader meets them."""

    structure: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    _pre: int = 0
    _hidden: int = 0

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = _RENAME.get(tag, tag)
        if tag in _DROP:
            return
        values = dict(attrs)
        kept = [f'{k}="{values[k]}"' for k in _KEEP.get(tag, ()) if values.get(k)]
        self.structure.append("<" + " ".join([tag, *kept]) + ">")
        if tag == "img":
            self.text.append(" " + (values.get("alt") or "") + " ")
        if tag in _BLOCKS:
            self.text.append(" ")
        if tag == "pre":
            self._pre += 1
        self._hidden += tag in _HIDDEN
        if tag in _VOID:
            self.structure.append(f"</{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        tag = _RENAME.get(tag, tag)
        if tag in _DROP or tag in _VOID:
            return
        if tag == "code" and self._pre and self.structure[-1].endswith("\n"):
            # A code block's one final newline is invisible, and missing only where a fence
            # is left open at the very end of a file with no newline (no fence can close it).
            self.structure[-1] = self.structure[-1][:-1]
        self.structure.append(f"</{tag}>")
        if tag in _BLOCKS:
            self.text.append(" ")
        if tag == "pre":
            self._pre -= 1
        self._hidden -= tag in _HIDDEN and self._hidden > 0

    def handle_data(self, data: str) -> None:
        if self.lasttag in _HIDDEN and self._hidden:  # a script's code is no visible text
            self.structure.append(f"{self.lasttag}:{data}")
            return
        self.text.append(data)
        if self._pre:
            self.structure.append("pre:" + data)
        elif _SPACE.sub("", data):
            self.structure.append("#text")


@dataclass(frozen=True)
class Reading:
    structure: tuple[str, ...]
    text: str

    @property
    def words(self) -> Counter[str]:
        return Counter(_WORD.findall(self.text))


def read_html(html: str) -> Reading:
    canon = _Canon()
    # "<!-->" and "<!--->" are whole (empty) comments to a browser (HTML's "abrupt closing
    # of empty comment"), not to Python's parser, which would read on to the next "-->".
    canon.feed(re.sub(r"<!---?>", "<!---->", html))
    canon.close()
    structure: list[str] = []
    for item in canon.structure:  # neighbouring text runs are one run
        if not (item == "#text" and structure and structure[-1] == "#text"):
            structure.append(item)
    text = _SPACE.sub(" ", "".join(canon.text)).strip()
    return Reading(tuple(structure), text)


def reference(markdown: str) -> Reading:
    """markdown-it-py's rendering of the example under handout's parser configuration."""
    return read_html(markdown_parser(allow_html=True).render(markdown))


def page_body(page: str, with_headline: bool) -> str:
    """The article's own content on a built page: the body, and the headline if it is the body's."""
    start = page.index("<article>")
    header_end = page.index("</header>", start)
    headline = re.search(r"<h1 [^>]*>.*?</h1>", page[start:header_end], re.S)
    body = page[header_end + len("</header>") : page.index('<section class="formats"')]
    head = headline.group(0) if with_headline and headline else ""
    return head + body


def markdown_body(markdown: str) -> str:
    """A ``.md`` file without its front matter."""
    assert markdown.startswith("---\n")
    end = markdown.index("\n---\n", 4)
    return markdown[end + len("\n---\n") :]


@dataclass(frozen=True)
class Outcome:
    """What went wrong with one example, aspect by aspect (empty: nothing)."""

    number: int
    problems: dict[str, str]


def run_example(example: Example) -> Outcome:
    """Extract, translate (identity) into Spanish, check, render; compare each output."""
    problems: dict[str, str] = {}
    source = f"---\ntitle: Example {example.number}\n---\n\n{example.markdown}"
    try:
        article = parse_article(source, slug="example", path="source/example.md")
    except HandoutError as exc:
        return Outcome(example.number, {"error": str(exc)})
    template = template_for(article, "en")
    catalog = polib.pofile(str(template))
    for entry in catalog:
        entry.msgstr = entry.msgid
    catalog = polib.pofile(str(catalog))  # through the PO syntax, as a translator's file is
    english, spanish = parse_language("en"), parse_language("es")
    checked = check_catalog(
        catalog, "es.po", source_language=english, language=spanish, glossary=()
    )
    errors = [f.message for f in checked.findings if f.severity == ERROR]
    if errors:
        problems["check"] = "; ".join(errors)
    usable, fuzzy = translations_of(catalog)
    localized = localize(article, spanish, english, usable, fuzzy)
    edition = Edition(localized, draft=False, clinic="", published=(english, spanish))
    original = Edition(
        localize(article, english, english, {}), draft=False, clinic="", published=(english,)
    )
    expected = reference(example.markdown)
    sections = localized.article.sections
    headline = bool(sections) and sections[0].heading is not None and sections[0].heading.level == 1
    for shown in (original, edition):  # the English page, then the Spanish one
        page = read_html(page_body(render_article(shown), headline))
        tag = shown.language.bcp47
        if page.text != expected.text:
            problems.setdefault("page_text", f"{tag}: {page.text!r} != {expected.text!r}")
        if page.structure != expected.structure:
            problems.setdefault(
                "page_structure", f"{tag}: {page.structure} != {expected.structure}"
            )
    md = reference(markdown_body(render_markdown(edition)))
    if md != expected:
        problems["md"] = f"{md} != {expected}"
    lost = expected.words - Counter(_WORD.findall(render_plain(edition)))
    if lost:
        problems["txt"] = f"lost {sorted(lost.elements())}"
    content = book_content(edition)
    book = "".join(content_document(content, c).decode("utf-8") for c in content.chapters)
    lost = expected.words - read_html(book).words
    if lost:
        problems["book"] = f"lost {sorted(lost.elements())}"
    return Outcome(example.number, problems)


def in_quote(markdown: str) -> str:
    """The example as the content of a block quote."""
    return "\n".join("> " + line if line else ">" for line in markdown.split("\n"))


def in_list_item(markdown: str) -> str:
    """The example as the content of a numbered list's one item."""
    lines = markdown.split("\n")
    return "\n".join(
        ("1. " if i == 0 else "   ") + line if line else "" for i, line in enumerate(lines)
    )


def run_all(wrap: Callable[[str], str] | None = None) -> dict[str, dict[int, str]]:
    """Every example (each wrapped by ``wrap``): aspect → {example number: what differs}."""
    found: dict[str, dict[int, str]] = {aspect: {} for aspect in ASPECTS}
    for example in examples():
        if wrap is not None:
            example = Example(example.number, example.section, wrap(example.markdown))
        outcome = run_example(example)
        for aspect, problem in outcome.problems.items():
            found[aspect][outcome.number] = problem
    return found


if __name__ == "__main__":  # python tests/commonmark_tools.py: the counts, and what differs
    import sys

    results = run_all()
    for aspect, failures in results.items():
        print(f"{aspect}: {len(failures)} {sorted(failures)}")
    if len(sys.argv) > 1:
        for number, problem in sorted(results[sys.argv[1]].items()):
            print(f"--- {number}: {problem[:600]}")
