"""The program's own words as gettext catalogs: shipped files, lookups, and a hostile handout.po."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import polib
import pytest
from babel.dates import format_date
from support.gettext_tools import assert_msgfmt_ok
from support.project import BUNDLED_SLUG

from pipeline.languages import parse_language
from pipeline.project import WORDS_DOMAIN
from pipeline.text.ui import ui_for
from pipeline.words.catalog import (
    BUNDLED,
    DOMAIN,
    TEMPLATE,
    WordSource,
    bundled,
    placeholders,
    read_words,
    template,
)
from pipeline.words.lookup import word

SHIPPED = sorted(BUNDLED.glob("*.po"))
HT_WORDS = Path("locales") / "ht" / "LC_MESSAGES" / "handout.po"


def test_every_shipped_catalog_passes_msgfmt_check() -> None:
    assert len(SHIPPED) == 7  # es, zh-Hans, vi, ar, ko, ru, tl; English is the template
    assert_msgfmt_ok(TEMPLATE, *SHIPPED)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_bundled_language_translates_every_word_usably(path: Path) -> None:
    """A missing or refused word would drop a whole group of the page back to English."""
    words = bundled(path.stem)
    assert words.problems == ()
    assert set(words.texts) == set(template())
    assert words.fuzzy == words.untranslated == 0


def test_the_template_names_each_use_of_a_word_by_its_context() -> None:
    entries = polib.pofile(str(TEMPLATE))
    assert all(e.msgctxt for e in entries)
    assert len({(e.msgctxt, e.msgid) for e in entries}) == len({e.msgctxt for e in entries})
    assert DOMAIN == WORDS_DOMAIN


def test_a_word_carries_the_language_it_is_in() -> None:
    assert word(parse_language("es-419"), "page:skip") == word(parse_language("es"), "page:skip")
    assert word(parse_language("es"), "page:table").lang == "es"
    haitian = word(parse_language("ht"), "page:table")
    assert (haitian.text, haitian.lang) == ("Table", "en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reviewed on {date}", frozenset({"date"})),
        ("no field", frozenset()),
        ("{date!r}", None),  # a conversion reaches into the value
        ("{date:>99999}", None),  # a format spec can blow the page up
        ("{date.__class__}", None),
        ("{0}", None),
        ("unbalanced {", None),
    ],
)
def test_only_bare_named_placeholders_count(text: str, expected: frozenset[str] | None) -> None:
    assert placeholders(text) == expected


def _po(*entries: str) -> bytes:
    header = (
        'msgid ""\nmsgstr ""\n"Language: ht\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
    )
    return (header + "\n".join(entries)).encode()


def test_hostile_entries_are_refused_with_their_line_and_never_crash() -> None:
    data = _po(
        'msgctxt "page:reviewed"\nmsgid "Reviewed on {date}"\nmsgstr "Revize"\n',
        'msgctxt "page:picture"\nmsgid "Picture: {alt}"\nmsgstr "Foto: {alt} {date}"\n',
        'msgctxt "page:table"\nmsgid "Table"\nmsgid_plural "Tables"\n'
        'msgstr[0] "Tab"\nmsgstr[1] "Tab"\nmsgstr[2] "Tab"\n',
        'msgctxt "page:skip"\nmsgid "Skip to main content"\nmsgstr "<b>Ale</b>\\nla"\n',
        '#, fuzzy\nmsgctxt "page:languages"\nmsgid "Languages"\nmsgstr "Lang"\n',
    )
    words = read_words(data, "handout.po")
    lines = [str(problem) for problem in words.problems]
    assert lines[0].startswith("handout.po:7: ") and "{date}" in lines[0]
    assert lines[1].startswith("handout.po:11: ") and "{alt}" in lines[1]
    assert lines[2].startswith("handout.po:15: ") and "3 plural forms" in lines[2]
    assert len(lines) == 3
    # Markup stays text (the renderers escape it); a newline becomes a space.
    assert words.texts == {"page:skip": "<b>Ale</b> la"}
    assert words.fuzzy == 1 and words.untranslated == 3


def test_a_file_that_is_no_catalog_gives_no_words_and_one_problem() -> None:
    words = read_words(b"\xff\xfe not a po file {{{", "handout.po")
    assert words.texts == {}
    assert [p.line for p in words.problems] == [1]
    assert str(words.problems[0]).startswith("handout.po:1: not a readable catalog")


def test_a_hostile_handout_po_keeps_the_page_safe(project: Path, run_cli) -> None:
    toml = project / "handout.toml"
    toml.write_text(toml.read_text().replace('languages = ["es"', 'languages = ["ht", "es"'))
    assert run_cli(project, "init", "ht").code == 0
    catalog = polib.pofile(str(project / HT_WORDS))
    for entry in catalog:
        entry.msgstr = f"Ht {entry.msgid}"
    catalog.find("Skip to main content", msgctxt="page:skip").msgstr = "<script>x()</script>"
    catalog.find(
        "Draft translation, not reviewed", msgctxt="page:draft_title"
    ).msgstr = "Bouyon\nSEKRÈ"
    catalog.save()
    assert run_cli(project, "build", "--draft", "--lang", "ht").code == 0
    html = (project / "build" / "ht" / f"{BUNDLED_SLUG}.html").read_text(encoding="utf-8")
    assert "<script>x()" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html
    text = (project / "build" / "ht" / f"{BUNDLED_SLUG}.txt").read_text(encoding="utf-8")
    assert "[Bouyon SEKRÈ]" in text.splitlines()  # the newline never starts a line of its own
    # A dropped placeholder: check names the line, the page falls back to English, labelled so.
    catalog.find("Picture: {alt}", msgctxt="page:picture").msgstr = "Foto"
    catalog.save()
    checked = run_cli(project, "check", "--lang", "ht")
    assert checked.code != 0
    wrong = [line for line in checked.out.splitlines() if "handout-words" in line]
    assert len(wrong) == 1 and wrong[0].startswith(f"{HT_WORDS.as_posix()}:")
    assert ": error: " in wrong[0] and "{alt}" in wrong[0]
    assert run_cli(project, "build", "--draft", "--lang", "ht").code == 0
    html = (project / "build" / "ht" / f"{BUNDLED_SLUG}.html").read_text(encoding="utf-8")
    assert '<a class="skip-link" href="#main" lang="en">Skip to main content</a>' in html


def test_init_prefills_a_bundled_language_and_changes_none_of_its_words(project, run_cli):
    assert run_cli(project, "init", "es").code == 0
    path = project / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    assert_msgfmt_ok(path)
    catalog = polib.pofile(str(path))
    assert all(entry.translated() for entry in catalog)
    es = parse_language("es")
    assert ui_for(es, WordSource(project, project / "locales")) == ui_for(es)


def test_update_merges_new_words_without_losing_translations(project, run_cli):
    assert run_cli(project, "init", "ht").code == 0
    path = project / HT_WORDS
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = f"Ht {entry.msgid}"
    gone = catalog.find("Table", msgctxt="page:table")
    catalog.remove(gone)  # as if handout had added this word since init
    catalog.save()
    toml = project / "handout.toml"
    toml.write_text(toml.read_text().replace('languages = ["es"', 'languages = ["ht", "es"'))
    result = run_cli(project, "update")
    assert result.code == 0, result.err
    assert f"wrote {HT_WORDS.as_posix()}" in result.out
    merged = polib.pofile(str(path))
    assert merged.find("Table", msgctxt="page:table").msgstr == ""
    assert merged.find("Languages", msgctxt="page:languages").msgstr == "Ht Languages"
    assert len(merged) == len(template())
    assert_msgfmt_ok(path)


def test_an_article_called_handout_is_refused_in_one_line(project, run_cli):
    (project / "source" / "handout.md").write_text("---\ntitle: Handout\n---\n\nText.\n")
    result = run_cli(project, "update")
    assert result.code != 0
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "may not be called 'handout'" in lines[0]


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"\xff\xfe not UTF-8", ":1: error: not UTF-8"),
        (b'msgid "a"\nfoo\n', ":2: error: not a valid"),
    ],
    ids=["not-utf8", "not-po"],
)
def test_a_handout_po_that_is_no_catalog_is_one_error_line(
    project: Path, run_cli, content: bytes, said: str
) -> None:
    """The catalogs' check and the words' check both read the file: it is said once, not twice."""
    toml = project / "handout.toml"
    toml.write_text(toml.read_text().replace('languages = ["es"', 'languages = ["ht", "es"'))
    assert run_cli(project, "init", "ht").code == 0
    (project / HT_WORDS).write_bytes(content)
    checked = run_cli(project, "check", "--lang", "ht")
    assert checked.code == 2
    lines = [ln for ln in (checked.out + checked.err).splitlines() if "handout.po" in ln]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{HT_WORDS.as_posix()}{said}")


def test_where_the_words_fall_back_the_review_date_falls_back_with_them(
    project: Path, run_cli
) -> None:
    """A published Haitian page with no Haitian words: "Reviewed on" is English, marked so,
    and the date inside it is the English date, not CLDR's Haitian "novembre"."""
    toml = project / "handout.toml"
    toml.write_text(toml.read_text().replace('languages = ["es"', 'languages = ["ht", "es"'))
    assert run_cli(project, "init", "ht").code == 0
    (project / HT_WORDS).unlink()  # handout ships no Haitian words: English, marked lang="en"
    catalog = polib.pofile(str(project / HT_WORDS.with_name(f"{BUNDLED_SLUG}.po")))
    for entry in catalog:
        entry.msgstr = entry.msgid  # complete, so published (its words are not the point here)
    catalog.save()
    assert run_cli(project, "build", "--lang", "ht").code == 0
    page = project / "build" / "ht" / BUNDLED_SLUG
    html = page.with_suffix(".html").read_text(encoding="utf-8")
    found = re.search(r'<p class="reviewed" lang="en">Reviewed on <time datetime="([-\d]+)">', html)
    assert found, "the review line is English words, marked lang=en"
    english = format_date(date.fromisoformat(found.group(1)), "long", locale="en")
    haitian = format_date(date.fromisoformat(found.group(1)), "long", locale="ht")
    assert english != haitian  # CLDR writes them differently, or this test proves nothing
    assert f">{english}</time>" in html
    assert f"Reviewed on {english}" in page.with_suffix(".txt").read_text(encoding="utf-8")
    with zipfile.ZipFile(page.with_suffix(".epub")) as book:
        first = book.read("EPUB/section-01.xhtml").decode("utf-8")
    assert f">{english}</time>" in first and haitian not in first


def test_status_reports_a_link_in_place_of_handout_po_even_when_it_leads_nowhere(
    project: Path, run_cli
) -> None:
    """A dangling link is not "no file": status says it is refused, as it does for an article's."""
    toml = project / "handout.toml"
    toml.write_text(toml.read_text().replace('languages = ["es"', 'languages = ["ht", "es"'))
    assert run_cli(project, "init", "ht").code == 0
    (project / HT_WORDS).unlink()
    (project / HT_WORDS).symlink_to(project / "nowhere" / "handout.po")
    status = run_cli(project, "status")
    assert status.code == 2
    lines = [ln for ln in (status.out + status.err).splitlines() if "handout.po" in ln]
    assert lines == [
        f"{HT_WORDS.as_posix()}: error: is a symbolic link; handout reads only regular files "
        "inside the project (put the file itself here)"
    ]
