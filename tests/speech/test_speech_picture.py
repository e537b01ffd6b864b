"""An image's alt text is announced as a picture in the listener's language, never in English.

The page can mark a fallback English word ``lang="en"`` so a screen reader
switches voice; the audio cannot, so a word handout has no translation for
must not reach the voice (espeak-ng reads an English word with German rules).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import polib
from support.project import CliResult

from pipeline.article import parse_article
from pipeline.languages import parse_language
from pipeline.localize import localize
from pipeline.speech.script import make_script
from pipeline.words import catalog as words_catalog

Run = Callable[..., CliResult]

SOURCE = """\
---
title: Wundpflege
language: {lang}
reviewed: 2026-11-20
---

# Wundpflege

![{alt}](images/pflaster.png)
"""


def _spoken(lang: str, alt: str) -> list[str]:
    article = parse_article(SOURCE.format(lang=lang, alt=alt), slug="wound", path="source/wound.md")
    language = parse_language(lang)
    localized = localize(article, language, language, {}, frozenset())
    return [u.spoken for u in make_script(localized, {}).utterances()]


def test_a_language_with_handouts_words_hears_its_own_word_for_picture() -> None:
    assert "Imagen: Una tirita en el brazo" in _spoken("es", "Una tirita en el brazo")
    assert "Picture: A plaster on the arm" in _spoken("en", "A plaster on the arm")


def test_a_language_without_them_hears_the_alt_text_alone() -> None:
    spoken = _spoken("de", "Ein Pflaster auf dem Arm")
    assert "Ein Pflaster auf dem Arm" in spoken
    assert not any("Picture" in line for line in spoken)


GERMAN = """\
---
title: Wundpflege
language: de
reviewed: 2026-11-20
---

# Wundpflege

Halten Sie den Verband trocken.

![Ein Pflaster auf dem Arm](images/pflaster.png)
"""


def _german_project(root: Path) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "source" / "wunde.md").write_text(GERMAN, encoding="utf-8")
    (root / "handout.toml").write_text(
        'clinic = "Praxis"\nsource_language = "de"\nlanguages = []\nregion = "DE"\n',
        encoding="utf-8",
    )
    return root


def _translate_page_words(root: Path) -> None:
    """The clinic's translator fills the page's words of handout.po ("Bild: {alt}")."""
    template = Path(words_catalog.__file__).parents[1] / "locales" / "handout.pot"
    catalog = polib.pofile(str(template))
    for entry in catalog:
        if entry.msgctxt.startswith("page:"):
            entry.msgstr = "Bild: {alt}" if entry.msgctxt == "page:picture" else entry.msgid
    catalog.metadata["Language"] = "de"
    folder = root / "locales" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog.save(str(folder / "handout.po"))


def _spoken_alt(run_cli: Run, root: Path) -> str:
    result = run_cli(root, "script", "--json")
    assert result.code == 0, result.err
    lines = json.loads(result.out)
    return next(line["spoken"] for line in lines if line["written"] == "Ein Pflaster auf dem Arm")


def test_the_projects_handout_po_gives_the_spoken_word_and_remakes_that_sentence(
    tmp_path: Path, run_cli: Run
) -> None:
    root = _german_project(tmp_path / "praxis")
    assert _spoken_alt(run_cli, root) == "Ein Pflaster auf dem Arm"
    first = run_cli(root, "audio")
    assert first.code == 0, first.err
    _translate_page_words(root)
    assert _spoken_alt(run_cli, root) == "Bild: Ein Pflaster auf dem Arm"
    second = run_cli(root, "audio")
    assert second.code == 0, second.err
    assert "1 sentence(s) synthesized" in second.out  # the picture's, and only it
    third = run_cli(root, "audio")
    assert "0 sentence(s) synthesized" in third.out
