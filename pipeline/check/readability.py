"""The reading level of a source article, against the plain-language target.

Patient materials should read at grade 8 or lower (the usual health-literacy
guidance; many clinics aim for 6). The grade is measured on the prose of the
article (paragraphs and list items as a reader meets them), not on headings and
table cells, whose missing full stops would read as endless sentences.
English uses the Flesch–Kincaid grade and Spanish the Crawford grade, both
through textstat; other source languages have no grade formula we trust, so
their level is reported as not measured rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.article.markdown import markdown_parser
from pipeline.article.model import Article, Text
from pipeline.languages import Language

TARGET_GRADE = 8.0
_NOT_PROSE = ("title", "description", "heading", "table", "image")
_MEASURES = {"en": "Flesch-Kincaid grade", "es": "Crawford grade"}


@dataclass(frozen=True)
class ReadingLevel:
    article: str
    measure: str  # which formula, or "not measured"
    grade: float | None

    @property
    def plain(self) -> bool | None:
        """True if at or under the target grade; None when not measured."""
        return None if self.grade is None else self.grade <= TARGET_GRADE

    def as_json(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "measure": self.measure,
            "grade": self.grade,
            "target": TARGET_GRADE,
            "plain": self.plain,
        }


def reading_level(article: Article, language: Language) -> ReadingLevel:
    measure = _MEASURES.get(language.language)
    prose = " ".join(_plain(t) for t in article.texts() if _is_prose(t))
    if measure is None or not prose.strip():
        return ReadingLevel(article.slug, "not measured", None)
    return ReadingLevel(article.slug, measure, round(_grade(prose, language.language), 1))


def _grade(text: str, language: str) -> float:
    # Imported here: loading its dictionaries is slow, and only ``status`` needs it.
    from textstat.textstat import textstatistics

    meter = textstatistics()  # a private instance: the module's set_lang is global state
    meter.set_lang(language)
    grade = meter.crawford(text) if language == "es" else meter.flesch_kincaid_grade(text)
    return float(grade)


def _is_prose(text: Text) -> bool:
    return text.translatable and not text.kind.startswith(_NOT_PROSE)


def _plain(text: Text) -> str:
    """The words a reader sees: Markdown markers and link targets dropped, a full stop ensured."""
    words: list[str] = []
    for block in markdown_parser(allow_html=True).parseInline(text.markdown, {}):
        for token in block.children or []:
            if token.type in ("text", "code_inline"):
                words.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                words.append(" ")
    plain = "".join(words).strip()
    return plain if plain[-1:] in ".!?:;" else plain + "."
