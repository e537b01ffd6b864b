"""Issue 17's test: a Haitian Creole draft, before and after a translator fills ``handout.po``.

A clinic adds ``ht``, which handout has no words for. The draft page must
label every one of the program's words it shows: English marked
``lang="en"`` until the translator fills ``locales/ht/LC_MESSAGES/handout.po``,
then those words in Haitian Creole, labelled ``ht``: no text in a language
other than the one a screen reader is told.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
from support.gettext_tools import assert_msgfmt_ok
from support.project import BUNDLED_SLUG
from support.words_pages import english_fragments, labelled_text, program_words_in

from pipeline.words.catalog import template

WORDS = Path("locales") / "ht" / "LC_MESSAGES" / "handout.po"


def _add_ht(project: Path, run_cli) -> Path:
    toml = project / "handout.toml"
    toml.write_text(toml.read_text().replace('languages = ["es"', 'languages = ["ht", "es"'))
    result = run_cli(project, "init", "ht")
    assert result.code == 0, result.err
    assert f"wrote {WORDS.as_posix()}" in result.out
    return project / WORDS


def _draft(project: Path, run_cli) -> Path:
    result = run_cli(project, "build", "--draft", "--lang", "ht")
    assert result.code == 0, result.err
    return project / "build" / "ht" / f"{BUNDLED_SLUG}.html"


def test_an_untranslated_language_shows_its_program_words_labelled_english(project, run_cli):
    words = _add_ht(project, run_cli)
    catalog = polib.pofile(str(words))
    assert catalog.metadata["Language"] == "ht"
    assert len(catalog) == len(template()) == 48
    assert all(not entry.msgstr for entry in catalog)  # handout has no Haitian words to prefill
    assert_msgfmt_ok(words)
    page = _draft(project, run_cli)
    fragments = english_fragments()
    shown = [
        (lang, text) for lang, text in labelled_text(page) if program_words_in(text, fragments)
    ]
    assert len(shown) >= 7  # skip link, banner (2), menu, formats (3)
    mislabelled = [(lang, text) for lang, text in shown if lang != "en"]
    assert mislabelled == []
    html = page.read_text(encoding="utf-8")
    title = re.search(r"<title>(.*)</title>", html)
    assert title is not None and "Draft" not in title.group(1)  # no English inside an ht title
    # The banner is an English sentence: it names English in English, not in Haitian.
    assert "shown in English." in html


def test_a_translators_words_appear_in_haitian_and_are_labelled_ht(project, run_cli):
    words = _add_ht(project, run_cli)
    _draft(project, run_cli)  # built once in English: the translation must rebuild the page
    catalog = polib.pofile(str(words))
    for entry in catalog:
        entry.msgstr = f"Kreyòl {entry.msgid}"
    catalog.save()
    assert_msgfmt_ok(words)
    page = _draft(project, run_cli)
    labelled = labelled_text(page)
    haitian = [(lang, text) for lang, text in labelled if "Kreyòl " in text]
    assert len(haitian) >= 8
    assert all(lang == "ht" for lang, _ in haitian), haitian
    fragments = english_fragments()
    left = [
        (lang, text)
        for lang, text in labelled
        if "Kreyòl " not in text and program_words_in(text, fragments)
    ]
    assert left == []  # every program word on the page is now the translator's
    html = page.read_text(encoding="utf-8")
    assert "<title>Kreyòl Draft: " in html  # now in the page's language, the title says so
    status = run_cli(project, "status")
    row = next(line for line in status.out.splitlines() if line.startswith("handout "))
    assert row.split()[1] == "ht" and row.rstrip().endswith("100%")


def test_a_half_translated_group_stays_english_and_says_so(project, run_cli):
    """The page's chrome is one group: a half-done translation never mixes two languages in it."""
    words = _add_ht(project, run_cli)
    catalog = polib.pofile(str(words))
    catalog.find("Skip to main content", msgctxt="page:skip").msgstr = "Ale nan kontni prensipal la"
    catalog.save()
    page = _draft(project, run_cli)
    html = page.read_text(encoding="utf-8")
    assert "Ale nan kontni" not in html
    assert '<a class="skip-link" href="#main" lang="en">Skip to main content</a>' in html
