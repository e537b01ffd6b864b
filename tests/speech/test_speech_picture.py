"""An image's alt text is announced as a picture in the listener's language, never in English.

The page can mark a fallback English word ``lang="en"`` so a screen reader
switches voice; the audio cannot, so a word handout has no translation for
must not reach the voice (espeak-ng reads an English word with German rules).
"""

from __future__ import annotations

from pipeline.article import parse_article
from pipeline.languages import parse_language
from pipeline.localize import localize
from pipeline.speech.script import make_script

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
