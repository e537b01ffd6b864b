"""Pronunciation lexicons in W3C PLS 1.0, applied to the text before it is spoken.

PLS is what DAISY talking books and the cloud speech services read, so the
clinic's lexicons stay useful with any engine. espeak-ng takes no SSML and no
PLS, so pronunciation is applied to the *text*: each ``<grapheme>`` found as
a whole word is replaced by the lexeme's ``<alias>`` ("PRP" → "P R P"). A
lexeme with only a ``<phoneme>`` cannot be applied that way and is reported.

Matching is case-sensitive (an acronym is not the word spelled the same way
in lower case) and on word boundaries, except in scripts written without
spaces (Chinese, Japanese, Thai), where "PRP注射" must still match "PRP".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from pipeline.errors import HandoutError
from pipeline.fsio import read_confined
from pipeline.languages import Language, parse_language
from pipeline.limits import UNCONFINED, FileRules

PLS_NAMESPACE = "http://www.w3.org/2005/01/pronunciation-lexicon"
_XML_LANG = "http://www.w3.org/XML/1998/namespace lang"

#: Characters of scripts that do not separate words with spaces: no boundary there.
_SPACELESS = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
)
#: A word character of a spaced script; a grapheme must not touch one.
_WORDISH = rf"[^\W{_SPACELESS}]"


@dataclass(frozen=True)
class Lexeme:
    graphemes: tuple[str, ...]
    alias: str
    line: int


@dataclass(frozen=True)
class Lexicon:
    """One language's pronunciations, ready to apply."""

    language: str
    lexemes: tuple[Lexeme, ...]
    source: str = ""

    def apply(self, text: str) -> str:
        """``text`` with every grapheme replaced by its alias, longest grapheme first."""
        pattern = _pattern(self)
        if pattern is None:
            return text
        table = {g: lexeme.alias for lexeme in self.lexemes for g in lexeme.graphemes}
        return pattern.sub(lambda m: table[m.group(0)], text)


EMPTY = Lexicon(language="", lexemes=())


_patterns: dict[tuple[Lexeme, ...], re.Pattern[str] | None] = {}


def _pattern(lexicon: Lexicon) -> re.Pattern[str] | None:
    key = lexicon.lexemes
    if key not in _patterns:
        graphemes = sorted(
            {g for lexeme in lexicon.lexemes for g in lexeme.graphemes}, key=lambda g: (-len(g), g)
        )
        if not graphemes:
            _patterns[key] = None
        else:
            _patterns[key] = re.compile("|".join(_guarded(g) for g in graphemes))
    return _patterns[key]


def _guarded(grapheme: str) -> str:
    before = f"(?<!{_WORDISH})" if _is_wordish(grapheme[0]) else ""
    after = f"(?!{_WORDISH})" if _is_wordish(grapheme[-1]) else ""
    return before + re.escape(grapheme) + after


def _is_wordish(char: str) -> bool:
    return re.match(_WORDISH, char) is not None


def load_lexicon(
    path: Path, shown: str, language: Language, rules: FileRules = UNCONFINED
) -> Lexicon:
    """Parse a PLS file (read by :func:`pipeline.fsio.read_confined`); errors name file and line."""
    data = read_confined(path, shown, rules).data
    lexemes = _Parser(shown).parse(data, language)
    return Lexicon(language=language.bcp47, lexemes=lexemes, source=shown)


class _Parser:
    """A small expat walk: ElementTree keeps no line numbers, and errors must name one."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.stack: list[str] = []
        self.text: list[str] = []
        self.lexemes: list[Lexeme] = []
        self.graphemes: list[str] = []
        self.aliases: list[str] = []
        self.phonemes = 0
        self.lexeme_line = 0
        self.root_lang: str | None = None

    def error(self, message: str, line: int | None = None) -> HandoutError:
        return HandoutError(message, self.shown, line or self.parser.CurrentLineNumber)

    def parse(self, data: bytes, language: Language) -> tuple[Lexeme, ...]:
        self.parser.StartDoctypeDeclHandler = self._refuse_doctype
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self.text.append
        try:
            self.parser.Parse(data, True)
        except expat.ExpatError as exc:
            raise HandoutError(
                f"not a valid PLS lexicon: {expat.ErrorString(exc.code)}", self.shown, exc.lineno
            ) from exc
        if self.root_lang is None:
            raise self.error("not a PLS lexicon: no <lexicon> root element", 1)
        try:
            declared = parse_language(self.root_lang)
        except HandoutError as exc:
            raise self.error(f"xml:lang: {exc.message}", 1) from exc
        if declared.language != language.language:
            raise self.error(
                f"xml:lang is {self.root_lang!r} but this file is the {language} lexicon", 1
            )
        return tuple(self.lexemes)

    def _refuse_doctype(self, *args: object) -> None:
        raise self.error("a DOCTYPE is not allowed in a lexicon")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if not self.stack:
            if local != "lexicon" or namespace != PLS_NAMESPACE:
                raise self.error(f"the root element must be <lexicon xmlns={PLS_NAMESPACE!r}>")
            if attributes.get("version") != "1.0":
                raise self.error('the <lexicon> must have version="1.0"')
            self.root_lang = attributes.get(_XML_LANG)
            if not self.root_lang:
                raise self.error("the <lexicon> must have an xml:lang attribute")
        elif local == "lexeme":
            self.graphemes, self.aliases, self.phonemes = [], [], 0
            self.lexeme_line = self.parser.CurrentLineNumber
        self.stack.append(local)
        self.text.clear()

    def _end(self, name: str) -> None:
        local = self.stack.pop()
        content = unicodedata.normalize("NFC", " ".join("".join(self.text).split()))
        self.text.clear()
        if local == "grapheme":
            if not content:
                raise self.error("empty <grapheme>")
            self.graphemes.append(content)
        elif local == "alias":
            self.aliases.append(content)
        elif local == "phoneme":
            self.phonemes += 1
        elif local == "lexeme":
            self._end_lexeme()

    def _end_lexeme(self) -> None:
        line = self.lexeme_line
        if not self.graphemes:
            raise self.error("a <lexeme> needs at least one <grapheme>", line)
        if not self.aliases:
            raise self.error(
                "this <lexeme> has no <alias>: espeak-ng takes no phonemes, "
                "so write how the word should be read as text",
                line,
            )
        self.lexemes.append(Lexeme(tuple(self.graphemes), self.aliases[0], line))
