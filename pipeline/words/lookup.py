"""Looking words up: the page's language, then the project's English, then handout's English.

Words that appear together (the page's chrome, the player's labels, the
provenance lines) are looked up as one *group*, and a group is in one
language: the first in the chain that translates every word of it. A
half-translated group falls back as a whole, so one element never mixes two
languages and the group's ``lang`` is always the truth about its text (the
renderers mark it with ``lang="en"`` when it is not the page's language);
``handout status`` counts the words still missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.languages import Language
from pipeline.words.catalog import BUNDLED_ONLY, Word, WordSource, bundled, project_words, template

ENGLISH = "en"


@dataclass(frozen=True)
class Group:
    """A group's words by name (``skip``, ``reviewed`` …), all in ``lang``."""

    lang: str
    texts: Mapping[str, str]


def chain(
    language: Language, source: WordSource = BUNDLED_ONLY
) -> tuple[tuple[str, Mapping[str, str]], ...]:
    """Each language to try, best first, with its words: the project's over the bundled ones.

    English closes the chain and is complete: the template's msgids are
    handout's English, which a project may reword in its own ``en`` catalog.
    """
    tried = []
    for tag in language.candidates():
        if tag == ENGLISH:
            break
        gettext_tag = tag.replace("-", "_")
        texts = {**bundled(gettext_tag).texts, **project_words(source, gettext_tag).texts}
        if texts:
            tried.append((tag, texts))
    english = {**template(), **project_words(source, ENGLISH).texts}
    return (*tried, (ENGLISH, english))


def group(
    language: Language, name: str, keys: tuple[str, ...], source: WordSource = BUNDLED_ONLY
) -> Group:
    """The words ``name:key`` for each key, from the first language that has all of them."""
    wanted = [f"{name}:{key}" for key in keys]
    for tag, texts in chain(language, source):
        if all(context in texts for context in wanted):
            return Group(tag, {key: texts[ctx] for key, ctx in zip(keys, wanted, strict=True)})
    raise KeyError(f"handout.pot has no words {wanted}")  # English is complete: a typo here


def word(language: Language, context: str, source: WordSource = BUNDLED_ONLY) -> Word:
    """One word (``page:draft_short``) in the first language of the chain that has it."""
    for tag, texts in chain(language, source):
        if context in texts:
            return Word(texts[context], tag)
    raise KeyError(f"handout.pot has no word {context!r}")
