"""Property tests: whatever a translation or a setting says, it comes out as text, never markup.

Every value that reaches a page — msgstrs (title and description included),
the clinic's name, index entries — is escaped: for any such values, the
page has only the elements and attributes the templates and a translation's
own Markdown (emphasis, links, code) make, no event handler, no script
beyond the template's, no ``javascript:`` link. The EPUB's documents stay
well-formed XML, and the Markdown edition holds no raw HTML.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.dom import minidom

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.token import Token
from support.html_tools import Page, parse_page
from support.text_fixtures import all_texts, edition, rich_article

from pipeline.article.markdown import markdown_parser
from pipeline.book.content import book_content
from pipeline.book.epub import render_epub
from pipeline.book.model import Book
from pipeline.languages import parse_language
from pipeline.text.edition import Edition
from pipeline.text.html import IndexEntry, render_article, render_language_index
from pipeline.text.markdown import render_markdown
from pipeline.text.plain import render_plain

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

HOSTILE_BITS = [
    "<script>", "</script>", "alert(1)", "<img src=x onerror=alert(1)>", "<svg onload=x>",
    '" onmouseover="x', "' onfocus='x", "<a href=javascript:x>", "</p>", "<!--", "-->",
    "<![CDATA[", "]]>", "<?xml", "&", "&lt;", "&amp;lt;", "&#60;", "&#x3C;", "{{ 7*7 }}",
    "{% raw %}", "[a](javascript:alert(1))", "[a](JaVaScRiPt:x)", "[a](java\tscript:x)",
    "[a](data:text/html,x)", "[a](vbscript:x)", "![i](javascript:x)", "<javascript:x>",
    "[a](https://ok.example/\" onclick=\"x)", "**", "_", "`", "\\", "\n", " ", "x", "é",
    "\u202e", "\U0001f600", "</title>", "</style>", "<style>", "<iframe>", "<base href=x>",
    "<meta http-equiv=refresh>", "<form>", "<input>", "<object>", "<embed>", "<math>",
]  # fmt: skip
hostile = st.lists(st.sampled_from(HOSTILE_BITS), min_size=1, max_size=14).map("".join)
#: What a translation may legitimately add: emphasis, links, code, strikethrough, a break.
RICH = "Texto **negrita** _cursiva_ [enlace](https://clinic.example/x) `c` ~~d~~ fin.  \nmás"
BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.I)


def tags(page: Page) -> set[str]:
    return {e.tag for e in page.elements}


def assert_inert(page: Page, benign: Page) -> None:
    assert tags(page) <= tags(benign), tags(page) - tags(benign)
    assert len(page.all("script")) == len(benign.all("script"))
    for element in page.elements:
        for name, value in element.attrs.items():
            assert not name.startswith("on"), f"<{element.tag} {name}>"
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                squeezed = re.sub(r"[\x00-\x20]", "", value)
                assert not BAD_SCHEME.match(squeezed), f"<{element.tag} {name}={value!r}>"


def hostile_edition(msgstrs: list[str], clinic: str) -> Edition:
    article = rich_article()
    sources = all_texts(article)
    translations = {s: msgstrs[i % len(msgstrs)] for i, s in enumerate(sources)}
    plain = edition(article, "es", translations)
    return Edition(plain.localized, draft=False, clinic=clinic, published=plain.published)


def benign_page() -> Page:
    article = rich_article()
    return parse_page(
        render_article(edition(article, "es", dict.fromkeys(all_texts(article), RICH)))
    )


@SETTINGS
@given(st.lists(hostile, min_size=1, max_size=6), hostile)
def test_a_page_shows_any_translation_and_clinic_name_as_text(
    msgstrs: list[str], clinic: str
) -> None:
    page = parse_page(render_article(hostile_edition(msgstrs, clinic)))
    assert_inert(page, benign_page())


@SETTINGS
@given(st.lists(st.tuples(hostile, hostile), min_size=1, max_size=4), hostile)
def test_an_index_shows_any_title_and_description_as_text(
    entries: list[tuple[str, str]], clinic: str
) -> None:
    language = parse_language("es")
    listed = (parse_language("en"), language)
    items = tuple(IndexEntry(f"a{i}", t, d) for i, (t, d) in enumerate(entries))
    page = parse_page(render_language_index(language, items, listed, clinic, listed[0]))
    benign = parse_page(
        render_language_index(language, (IndexEntry("a", "T", "D"),), listed, "C", listed[0])
    )
    assert_inert(page, benign)


@SETTINGS
@given(st.lists(hostile, min_size=1, max_size=6), hostile)
def test_the_book_stays_well_formed_xml(msgstrs: list[str], clinic: str) -> None:
    epub = render_epub(Book(book_content(hostile_edition(msgstrs, clinic)), None)).data
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        for name in archive.namelist():
            if name.endswith((".xhtml", ".opf", ".xml", ".smil")):
                document = minidom.parseString(archive.read(name))  # raises if not well-formed
                assert not document.getElementsByTagName("script"), name
                assert not document.getElementsByTagName("iframe"), name


def html_tokens(tokens: list[Token]) -> list[str]:
    found = []
    for token in tokens:
        if token.type in ("html_inline", "html_block"):
            found.append(token.content)
        found += html_tokens(token.children or [])
    return found


@SETTINGS
@given(st.lists(hostile, min_size=1, max_size=6))
def test_the_markdown_edition_holds_no_raw_html(msgstrs: list[str]) -> None:
    """Read by a renderer that allows HTML (as most Markdown viewers do), it still has none."""
    made = hostile_edition(msgstrs, "Clinic")
    body = render_markdown(made).split("\n---\n", 1)[1]
    # handout's own <br> (a line break in a heading or table cell: Markdown has no other) only
    tokens = html_tokens(markdown_parser(allow_html=True).parse(body))
    assert [token for token in tokens if token != "<br>"] == []
    assert render_plain(made)  # and the plain text renders
