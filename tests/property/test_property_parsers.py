"""Property tests: any text, any bytes, any .po content gives a result or one clear error.

The article parser, the catalog reader and the translation step each take
whatever a translator's tool or an author's editor produced. For every input
hypothesis can think of, each returns a value or raises :class:`HandoutError`
whose one line names the file (and the line, where there is one) — never
another exception, never a hang. Large inputs (a few megabytes) are checked
to finish too; how fast is the benchmark's business, not a test's.

Examples are bounded and deadlines off, so the suite's time stays predictable
on a loaded two-core machine; nothing is written to a hypothesis database.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.project import REPO
from support.text_fixtures import edition, rich_article

from pipeline.article.model import Article
from pipeline.article.parse import anchor_for, load_article, parse_article
from pipeline.catalog.pofile import read_catalog
from pipeline.errors import HandoutError
from pipeline.languages import parse_language
from pipeline.localize import localize, translations_of
from pipeline.text.html import render_article

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Pieces of Markdown, YAML and PO syntax, and characters parsers trip on, for texts that
#: look enough like the real thing to get past the first line of each parser.
MARKDOWN_BITS = [
    "# ", "## ", "\n", "\n\n", "> ", "- ", "1. ", "* ", "**", "_", "`", "```\n", "~~~\n",
    "| a | b |\n|---|---|\n| c | d |\n", "[", "]", "(", ")", "![", "<", ">", "<div>", "</div>",
    "<!-- translators: x -->\n", "&", "&amp;", "&#0;", "\\", "    ", "\t", "---\n", "...\n",
    "title: ", "description: ", "language: ", "reviewed: ", "keywords: [", "authors:\n  - ",
    "!!python/object:os.system", "&a [", "*a", "{", "}", ": ", '"', "'", "x", "word ", "2026-11-26",
    "é", "中文", "العربية", "\u202e", "\ufeff", "\u2028", "\x00", "\x07", "\r",
]  # fmt: skip
PO_BITS = [
    'msgid "', 'msgstr "', 'msgctxt "', 'msgid_plural "', 'msgstr[0] "', 'msgstr[1] "',
    '"', '"\n', "\n", "\n\n", "#, fuzzy\n", "#: source/a.md:3\n", "#. note\n", "#~ ", "#| ",
    '""\n', "\\n", '\\"', "\\\\", "\\t", "\\r", "\\q", "x", " ", "é", "\x00", "\x0b",
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n', 'msgid "a"\nmsgstr "b"\n\n',
]  # fmt: skip

markdownish = st.lists(st.sampled_from(MARKDOWN_BITS), max_size=60).map("".join)
poish = st.lists(st.sampled_from(PO_BITS), max_size=60).map("".join)


def assert_clear(error: HandoutError, path: str, text: str | bytes | None = None) -> None:
    """One line naming ``path``; a line number, when given, inside the file."""
    assert error.path == path
    rendered = str(error)
    assert "\n" not in rendered and "\r" not in rendered
    assert rendered.startswith(f"{path}:")
    if error.line is not None and text is not None:
        decoded = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        lines = decoded.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1  # as read
        assert 1 <= error.line <= lines + 1


def assert_article(article: Article, text: str) -> None:
    lines = text.count("\n") + 1
    assert all(1 <= t.line <= lines + 1 for t in article.texts())
    anchors = [s.heading.anchor for s in article.sections if s.heading is not None]
    assert len(anchors) == len(set(anchors))


# --- the article parser -----------------------------------------------------------------------


@SETTINGS
@given(st.one_of(st.text(), markdownish, markdownish.map(lambda t: "---\n" + t)))
def test_any_text_is_an_article_or_one_clear_error(text: str) -> None:
    try:
        article = parse_article(text, slug="any", path="source/any.md")
    except HandoutError as error:
        assert_clear(error, "source/any.md", text)
    else:
        assert_article(article, text)


@SETTINGS
@given(st.binary(max_size=400) | markdownish.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_are_an_article_or_one_clear_error(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("source") / "any.md"
    path.write_bytes(data)
    try:
        load_article(path, "source/any.md")
    except HandoutError as error:
        assert_clear(error, "source/any.md", data)


@SETTINGS
@given(st.lists(st.sampled_from(["Side effects", "Side effects 2", "A", "a", "", "1", "é"])))
def test_heading_anchors_are_the_lowest_free_number(texts: list[str]) -> None:
    """The linear anchor numbering gives exactly what numbering by a full scan gave."""
    taken: set[str] = set()
    tried: dict[str, int] = {}
    scanned: set[str] = set()
    for text in texts:
        got = anchor_for(text, taken, tried)
        base = anchor_for(text, set())
        expected, n = base, 2
        while expected in scanned:
            expected, n = f"{base}-{n}", n + 1
        scanned.add(expected)
        assert got == expected


# --- the catalog reader -----------------------------------------------------------------------


@SETTINGS
@given(st.one_of(st.binary(max_size=400), poish.map(lambda t: t.encode("utf-8"))))
def test_any_po_content_is_a_catalog_or_one_clear_error(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("locales") / "any.po"
    path.write_bytes(data)
    try:
        catalog = read_catalog(path, "locales/es/LC_MESSAGES/any.po")
    except HandoutError as error:
        assert_clear(error, "locales/es/LC_MESSAGES/any.po", data)
        assert error.line is not None, str(error)
    else:
        translations_of(catalog)
        catalog.to_binary()


# --- the translation step -----------------------------------------------------------------------


@SETTINGS
@given(st.lists(st.text(max_size=80) | markdownish, min_size=1, max_size=40), st.data())
def test_any_translations_localize_every_text_or_keep_the_source(
    msgstrs: list[str], data: st.DataObject
) -> None:
    article = rich_article()
    sources = sorted({t.markdown for t in article.texts() if t.translatable})
    chosen = data.draw(st.lists(st.sampled_from(sources), max_size=len(msgstrs), unique=True))
    translations = dict(zip(chosen, msgstrs, strict=False))
    fuzzy = set(data.draw(st.lists(st.sampled_from(sources), max_size=3)))
    localized = localize(article, parse_language("es"), parse_language("en"), translations, fuzzy)
    used = {m for m, s in translations.items() if s}
    assert localized.untranslated + localized.fuzzy == len(set(sources) - used)
    kept = [t for t in localized.article.texts() if t.translatable and t.lang == "en"]
    assert {t.markdown for t in kept} == set(sources) - used


# --- a few megabytes --------------------------------------------------------------------------


def big_article(size: int, seed: int) -> str:
    """Megabytes of real-looking Markdown: sections, lists, tables, links, repeated headings."""
    rng = random.Random(seed)
    words = (REPO / "source" / "prp-injections-lower-back-pain.md").read_text("utf-8").split()
    parts = ["---\ntitle: Big\n---\n\n# Big\n\n"]
    total = 0
    while total < size:
        kind = rng.randrange(6)
        text = " ".join(rng.choice(words) for _ in range(rng.randrange(5, 60)))
        if kind == 0:
            block = f"## {rng.choice(['Risks', 'Care', 'Risks'])}\n\n"
        elif kind == 1:
            block = "".join(f"- {text[: rng.randrange(5, 40)]}\n" for _ in range(5)) + "\n"
        elif kind == 2:
            block = "| a | b |\n|---|---|\n" + f"| {text[:30]} | **{text[30:50]}** |\n" * 8 + "\n"
        elif kind == 3:
            block = f"> {text} [link](https://example.org/{rng.randrange(999)})\n\n"
        else:
            block = f"{text}\n\n"
        parts.append(block)
        total += len(block)
    return "".join(parts)


def test_an_article_of_a_few_megabytes_parses() -> None:
    text = big_article(3_000_000, seed=7)
    article = parse_article(text, slug="big", path="source/big.md")
    assert_article(article, text)
    assert len(article.sections) > 1000


PATHOLOGICAL = {
    "100,000 headings of one name": "# T\n\n" + "## Same\n\n" * 100_000,
    "blockquotes 5,000 deep": "# T\n\n" + ">" * 5_000 + " x\n",
    "a list 3,000 deep": "# T\n\n" + "".join("  " * i + "- x\n" for i in range(3_000)),
    "emphasis 50,000 deep": "# T\n\n" + "*" * 50_000 + "x" + "*" * 50_000 + "\n",
    "300,000 brackets": "# T\n\n" + "[" * 300_000 + "\n",
    "links never closed": "# T\n\n" + "[a](" * 200_000 + "\n",
    "a table 1,000 columns wide": "# T\n\n" + "|a" * 1000 + "|\n" + "|-" * 1000 + "|\n"
    + ("|x" * 1000 + "|\n") * 100,
    "one line of a million words": "# T\n\n" + "word " * 1_000_000 + "\n",
    "front matter nested 5,000 deep": "---\ntitle: " + "[" * 5_000 + "\n---\n",
    "a YAML alias bomb": "---\n" + "".join(
        f"k{i}: &a{i} [" + ", ".join([f"*a{i - 1}" if i else "x"] * 9) + "]\n" for i in range(9)
    ) + "---\n",
}  # fmt: skip


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_articles_finish(name: str) -> None:
    """Inputs that used to hang the parser or crash it (recursion) now give a value or an error."""
    text = PATHOLOGICAL[name]
    try:
        article = parse_article(text, slug="big", path="source/big.md")
    except HandoutError as error:
        assert_clear(error, "source/big.md", text)
    else:
        assert_article(article, text)


def test_a_catalog_of_a_few_megabytes_reads(tmp_path: Path) -> None:
    entries = [
        f'#: source/big.md:{i}\nmsgid "Message number {i}: {"word " * 30}"\n'
        f'msgstr "Mensaje número {i}: {"palabra " * 30}"\n\n'
        for i in range(12_000)
    ]
    path = tmp_path / "big.po"
    path.write_text("".join(entries), encoding="utf-8")
    assert path.stat().st_size > 3_000_000
    catalog = read_catalog(path, "big.po")
    translations, fuzzy = translations_of(catalog)
    assert len(translations) == 12_000 and not fuzzy


@SETTINGS
@given(st.lists(st.text(max_size=40) | poish, min_size=1, max_size=12), st.data())
def test_any_catalog_goes_through_the_translation_step_or_is_one_clear_error(
    tmp_path_factory: pytest.TempPathFactory, msgstrs: list[str], data: st.DataObject
) -> None:
    """Raw msgstr text, unescaped, in a catalog of the article's real messages: read, localized
    and rendered as a page, or refused in one line — whatever the translator's tool wrote."""
    article = rich_article()
    sources = sorted({t.markdown for t in article.texts() if t.translatable})
    escape = data.draw(st.booleans())
    entries = []
    for i, msgid in enumerate(sources):
        raw = msgstrs[i % len(msgstrs)]
        msgstr = (
            raw.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") if escape else raw
        )
        quoted = msgid.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        entries.append(f'msgid "{quoted}"\nmsgstr "{msgstr}"\n')
    path = tmp_path_factory.mktemp("locales") / "any.po"
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n' + "\n".join(entries)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        catalog = read_catalog(path, "locales/es/LC_MESSAGES/any.po")
    except HandoutError as error:
        assert_clear(error, "locales/es/LC_MESSAGES/any.po", text)
        assert error.line is not None
        return
    translations, fuzzy = translations_of(catalog)
    localized = localize(article, parse_language("es"), parse_language("en"), translations, fuzzy)
    assert localized.untranslated + localized.fuzzy <= len(sources)
    render_article(edition(article, "es", translations, fuzzy=frozenset(fuzzy)))
