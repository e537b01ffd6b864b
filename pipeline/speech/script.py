"""Localized article → what will be said: chapters of utterances, each with its pause.

The script is the frozen contract between the article and the audio: one
chapter per section (what a listener jumps between), one utterance per
sentence (what is cached, timed and highlighted). Each utterance keeps the
sentence as the page shows it (``shown``, the WebVTT cue) and as the engine
gets it (``spoken``, after the lexicon). A block that fell back to the source
language is spoken in the source language: its ``language`` says so.

Each utterance's ``spoken`` text is its sentence's spoken form
(:mod:`pipeline.speech.spoken`: units, dates, times, numbers said as words)
with the structure the eye gets from layout said aloud as the plain-text
version writes it: a table cell after its column's header ("Dose: 500
milligrams"), a numbered step with its number, a picture's alt text as a
picture, a link's phone number or address after its words. The spoken form
is then read back: a quantity it says differently from the page stops the
unit with a :class:`DoseMismatch` naming the source line. The lexicon applies
last. ``shown`` never changes: captions, the EPUB and the page highlight
keep the written text.

Pauses give the ear the structure the eye gets from layout: a sentence end
is short, a paragraph or list item end longer, a heading longer still, and a
section change longest. The last utterance has none, so the programme ends
exactly where its last cue does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import assert_never

from pipeline.article.inline import Inline, Link, Styled, parse_inline, plain_text
from pipeline.article.model import (
    Block,
    Code,
    Heading,
    Image,
    ListBlock,
    Paragraph,
    Quote,
    RawHtml,
    Rule,
    Table,
    Text,
)
from pipeline.errors import HandoutError
from pipeline.languages import parse_language
from pipeline.localize import Localized
from pipeline.speech.lexicon import EMPTY, Lexicon
from pipeline.speech.rules import SpokenRules
from pipeline.speech.sentences import split_sentences
from pipeline.speech.spoken import spoken_form
from pipeline.text.ui import ui_for
from pipeline.words.catalog import BUNDLED_ONLY, WordSource

SENTENCE_PAUSE_MS = 350
ITEM_PAUSE_MS = 650
PARAGRAPH_PAUSE_MS = 800
HEADING_PAUSE_MS = 1000
SECTION_PAUSE_MS = 1400


class DoseMismatch(HandoutError):
    """A spoken form that would say a quantity other than the page's: that language stops."""


@dataclass(frozen=True)
class Spoken:
    """How a block is introduced to the ear: words before its first sentence, and links' targets."""

    prefix: str = ""  # "2. " for a numbered step, "Dose: " for a table cell
    picture: bool = False  # an image's alt text: said as the UI's "Picture: …"


@dataclass(frozen=True)
class Utterance:
    shown: str
    spoken: str
    language: str  # BCP 47 tag of this text
    pause_after_ms: int
    line: int  # source line of the block, for messages


@dataclass(frozen=True)
class Chapter:
    title: str
    anchor: str
    utterances: tuple[Utterance, ...]


@dataclass(frozen=True)
class Script:
    slug: str
    language: str
    title: str
    chapters: tuple[Chapter, ...]

    def utterances(self) -> Iterator[Utterance]:
        for chapter in self.chapters:
            yield from chapter.utterances


def make_script(
    localized: Localized,
    lexicons: Mapping[str, Lexicon],
    rules: Mapping[str, SpokenRules] | None = None,
    words: WordSource = BUNDLED_ONLY,
) -> Script:
    """Everything a listener hears of ``localized``, in reading order.

    ``rules`` (per language tag) turn each sentence into its spoken form;
    without them the engine gets the sentence as written (after the lexicon).
    ``words``: where handout's own words come from (a project's ``handout.po``
    first); only what is spoken depends on them, never what is shown.
    """
    article = localized.article
    page_language = localized.language.bcp47
    say = _Speaker(page_language, lexicons, rules or {}, article.path, words)
    title = plain_text(parse_inline(article.meta.title.markdown))
    chapters: list[Chapter] = []
    for index, section in enumerate(article.sections):
        spoken: list[Utterance] = []
        if section.heading is not None:
            heading_title = plain_text(parse_inline(section.heading.text.markdown))
            spoken += say(section.heading.text, HEADING_PAUSE_MS)
            anchor = section.heading.anchor
        else:
            heading_title, anchor = title, "title"
        if index == 0 and (section.heading is None or section.heading.level != 1):
            spoken = say(article.meta.title, HEADING_PAUSE_MS) + spoken  # as the page shows it
        spoken += _blocks(section.blocks, say)
        if spoken:
            last = spoken[-1]
            spoken[-1] = _with_pause(last, SECTION_PAUSE_MS)
            chapters.append(Chapter(heading_title or title, anchor, tuple(spoken)))
    if chapters:
        final = chapters[-1]
        utterances = (*final.utterances[:-1], _with_pause(final.utterances[-1], 0))
        chapters[-1] = Chapter(final.title, final.anchor, utterances)
    return Script(article.slug, page_language, title, tuple(chapters))


@dataclass(frozen=True)
class _Speaker:
    """One text → its utterances: split into sentences, each said in its spoken form.

    A text that fell back to the source language is said in it (``text.lang``).
    """

    page_language: str
    lexicons: Mapping[str, Lexicon]
    rules: Mapping[str, SpokenRules]
    path: str  # the article's, for a DoseMismatch
    words: WordSource = BUNDLED_ONLY

    def __call__(self, text: Text, pause_ms: int, how: Spoken = Spoken()) -> list[Utterance]:
        language = text.lang or self.page_language
        lexicon = self.lexicons.get(language, EMPTY)
        tokens = parse_inline(text.markdown)
        words = plain_text(tokens)
        sentences = [s for s in split_sentences(words, language) if _speakable(s)]
        targets = _link_targets(tokens)
        said = []
        for i, sentence in enumerate(sentences):
            spoken = _with_targets(sentence, targets)
            if i == 0 and how.picture:
                spoken = _as_picture(spoken, language, self.words)
            if i == 0 and how.prefix:
                spoken = how.prefix + spoken
            found = self.rules.get(language)
            if found is not None:
                spoken = _checked(spoken, found, self.path, text.line)
            said.append(
                Utterance(
                    shown=sentence,
                    spoken=lexicon.apply(spoken),
                    language=language,
                    pause_after_ms=pause_ms if i == len(sentences) - 1 else SENTENCE_PAUSE_MS,
                    line=text.line,
                )
            )
        return said


Say = Callable[[Text, int, Spoken], list[Utterance]]


def _blocks(blocks: tuple[Block, ...], say: Say, prefix: str = "") -> list[Utterance]:
    """Blocks in reading order; ``prefix`` goes before the first block's first sentence."""
    spoken: list[Utterance] = []
    for block in blocks:
        first, prefix = prefix, ""
        match block:
            case Heading():
                spoken += say(block.text, HEADING_PAUSE_MS, Spoken(first))
            case Paragraph():
                spoken += say(block.text, PARAGRAPH_PAUSE_MS, Spoken(first))
            case Image():
                spoken += say(block.alt, PARAGRAPH_PAUSE_MS, Spoken(first, picture=True))
            case ListBlock():
                spoken += _list(block, say, first)
                if spoken:
                    spoken[-1] = _with_pause(spoken[-1], PARAGRAPH_PAUSE_MS)
            case Quote():
                spoken += _blocks(block.blocks, say, first)
            case Table():
                headers = [plain_text(parse_inline(cell.markdown)) for cell in block.header]
                spoken += _row(block.header, [""] * len(block.header), say)
                for row in block.rows:
                    spoken += _row(row, headers, say)
            case Code() | RawHtml() | Rule():
                pass  # not read aloud
            case _:
                assert_never(block)
    return spoken


def _list(block: ListBlock, say: Say, first: str) -> list[Utterance]:
    """Each item in turn, a numbered step with its number; ``first`` before the first item."""
    spoken: list[Utterance] = []
    for number, item in enumerate(block.items, start=block.start):
        marker = f"{number}. " if block.ordered else ""
        said = _blocks(item.blocks, say, first + marker)
        first = ""
        if said:
            said[-1] = _with_pause(said[-1], ITEM_PAUSE_MS)
        spoken += said
    return spoken


def _row(row: tuple[Text, ...], headers: list[str], say: Say) -> list[Utterance]:
    """A table row as the plain text writes it: each cell after its column's header."""
    cells: list[Utterance] = []
    for index, cell in enumerate(row):
        header = headers[index] if index < len(headers) else ""
        cells += say(cell, SENTENCE_PAUSE_MS, Spoken(f"{header}: " if header else ""))
    if cells:
        cells[-1] = _with_pause(cells[-1], ITEM_PAUSE_MS)
    return cells


def _link_targets(tokens: tuple[Inline, ...]) -> list[tuple[str, str]]:
    """(link words, where it leads) for each phone or e-mail link whose words are not its address.

    A listener can dial a number or write to an address heard once, so those
    are said after the words, as the plain-text version shows them. A web
    address read out letter by letter helps nobody who cannot click it: a
    web link is its words (the page and the plain text carry the address).
    """
    found: list[tuple[str, str]] = []
    for token in tokens:
        if isinstance(token, Link):
            words = plain_text(token.children)
            scheme = next((s for s in ("tel:", "mailto:") if token.href.startswith(s)), None)
            target = token.href.removeprefix(scheme or "")
            if scheme and not token.autolink and words and target not in words:
                found.append((words, target))
        elif isinstance(token, Styled):
            found += _link_targets(token.children)
    return found


def _with_targets(sentence: str, targets: list[tuple[str, str]]) -> str:
    for words, target in targets:
        if words in sentence:
            sentence = sentence.replace(words, f"{words} ({target})", 1)
    return sentence


def _checked(sentence: str, rules: SpokenRules, path: str, line: int) -> str:
    """The sentence's spoken form, if it says the page's quantities; else the unit stops."""
    form = spoken_form(sentence, rules)
    if not form.safe:
        written = ", ".join(q.describe() for q in form.written_quantities) or "none"
        said = ", ".join(q.describe() for q in form.spoken_quantities) or "none"
        raise DoseMismatch(
            f"{rules.language}: the spoken form would say other quantities than the page "
            f"(page: {written}; spoken: {said}) in {form.spoken[:80]!r}",
            path,
            line,
        )
    return form.spoken


def _with_pause(utterance: Utterance, pause_ms: int) -> Utterance:
    return Utterance(
        utterance.shown, utterance.spoken, utterance.language, pause_ms, utterance.line
    )


def _speakable(sentence: str) -> bool:
    return any(ch.isalnum() for ch in sentence)


def _as_picture(alt: str, language: str, words: WordSource) -> str:
    """An image's alt text, introduced as a picture in the voice's own language.

    A language handout has no word for keeps the alt text alone: its voice
    would read the English fallback "Picture:" with its own rules, noise the
    listener cannot make out (the page marks that word ``lang="en"``; speech
    has no such mark).
    """
    tag = parse_language(language)
    ui = ui_for(tag, words)
    if not tag.shares_language(ui.lang):
        return alt
    return ui.picture.format(alt=alt)
