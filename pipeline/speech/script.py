"""Localized article → what will be said: chapters of utterances, each with its pause.

The script is the frozen contract between the article and the audio: one
chapter per section (what a listener jumps between), one utterance per
sentence (what is cached, timed and highlighted). Each utterance keeps the
sentence as the page shows it (``shown``, the WebVTT cue) and as the engine
gets it (``spoken``, after the lexicon). A block that fell back to the source
language is spoken in the source language: its ``language`` says so.

Pauses give the ear the structure the eye gets from layout: a sentence end
is short, a paragraph or list item end longer, a heading longer still, and a
section change longest. The last utterance has none, so the programme ends
exactly where its last cue does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from pipeline.article.model import (
    Block,
    Heading,
    Image,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    Text,
)
from pipeline.localize import Localized
from pipeline.speech.lexicon import EMPTY, Lexicon
from pipeline.speech.sentences import split_sentences
from pipeline.text.inline import parse_inline, plain_text

SENTENCE_PAUSE_MS = 350
ITEM_PAUSE_MS = 650
PARAGRAPH_PAUSE_MS = 800
HEADING_PAUSE_MS = 1000
SECTION_PAUSE_MS = 1400


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


def make_script(localized: Localized, lexicons: Mapping[str, Lexicon]) -> Script:
    """Everything a listener hears of ``localized``, in reading order."""
    article = localized.article
    page_language = localized.language.bcp47

    def say(text: Text, pause_ms: int) -> list[Utterance]:
        language = text.lang or page_language
        lexicon = lexicons.get(language, EMPTY)
        words = plain_text(parse_inline(text.markdown))
        sentences = [s for s in split_sentences(words, language) if _speakable(s)]
        return [
            Utterance(
                shown=sentence,
                spoken=lexicon.apply(sentence),
                language=language,
                pause_after_ms=pause_ms if i == len(sentences) - 1 else SENTENCE_PAUSE_MS,
                line=text.line,
            )
            for i, sentence in enumerate(sentences)
        ]

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


def _blocks(
    blocks: tuple[Block, ...], say: Callable[[Text, int], list[Utterance]]
) -> list[Utterance]:
    spoken: list[Utterance] = []
    for block in blocks:
        if isinstance(block, Heading):
            spoken += say(block.text, HEADING_PAUSE_MS)
        elif isinstance(block, Paragraph):
            spoken += say(block.text, PARAGRAPH_PAUSE_MS)
        elif isinstance(block, Image):
            spoken += say(block.alt, PARAGRAPH_PAUSE_MS)
        elif isinstance(block, ListBlock):
            for item in block.items:
                said = _blocks(item.blocks, say)
                if said:
                    said[-1] = _with_pause(said[-1], ITEM_PAUSE_MS)
                spoken += said
            if spoken:
                spoken[-1] = _with_pause(spoken[-1], PARAGRAPH_PAUSE_MS)
        elif isinstance(block, Quote):
            spoken += _blocks(block.blocks, say)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                cells = [u for cell in row for u in say(cell, SENTENCE_PAUSE_MS)]
                if cells:
                    cells[-1] = _with_pause(cells[-1], ITEM_PAUSE_MS)
                spoken += cells
        # Code, raw HTML and rules are not read aloud.
    return spoken


def _with_pause(utterance: Utterance, pause_ms: int) -> Utterance:
    return Utterance(
        utterance.shown, utterance.spoken, utterance.language, pause_ms, utterance.line
    )


def _speakable(sentence: str) -> bool:
    return any(ch.isalnum() for ch in sentence)
