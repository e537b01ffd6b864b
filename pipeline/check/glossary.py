"""``glossary``: do-not-translate terms ("PRP") must appear unchanged in the translation.

Terms come from ``[glossary] terms`` in handout.toml and from a glossary file
beside the catalogs, ``locales/glossary.csv`` or ``locales/glossary.tbx``, the
formats Weblate, Poedit and CAT tools exchange. A term is matched as a whole
word in its own script, so "PRP" is found in "PRP注射" and "حقن PRP" but not in
"PRPs" or "SPRP".
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from pipeline.check.base import Check, Pair
from pipeline.check.findings import ERROR
from pipeline.errors import HandoutError
from pipeline.fsio import read_text_utf8
from pipeline.languages import Language, parse_language
from pipeline.limits import UNCONFINED, FileRules

GLOSSARY_FILES = ("glossary.csv", "glossary.tbx")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TERM_COLUMNS = ("term", "source", "msgid")


def missing_terms(pair: Pair) -> Iterator[str]:
    for term in pair.glossary:
        if contains_term(pair.source, term) and not contains_term(pair.translation, term):
            yield f'"{term}" must stay as it is, but it is not in the translation'


def contains_term(text: str, term: str) -> bool:
    return _term_pattern(term).search(text) is not None


@lru_cache(maxsize=512)
def _term_pattern(term: str) -> re.Pattern[str]:
    """The term, not touching a letter or digit of the same script on either side."""
    before = _same_script_class(term[0])
    after = _same_script_class(term[-1])
    return re.compile(f"(?<!{before}){re.escape(term)}(?!{after})")


def _same_script_class(char: str) -> str:
    """A regex class of word characters that would make ``char`` part of a longer word."""
    script = _script(char)
    if script == "LATIN":
        return r"[A-Za-z0-9\u00C0-\u024F]"
    if script == "DIGIT":
        return r"\d"
    if script in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI"):
        return "(?!)"  # no spaces between words in these scripts: any neighbour is fine
    return r"\w"


def _script(char: str) -> str:
    if char.isdigit():
        return "DIGIT"
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else ""


def read_glossary_file(
    path: Path, shown: str, source: Language, language: Language, rules: FileRules = UNCONFINED
) -> list[str]:
    """Do-not-translate terms from a CSV or TBX glossary, for one target language."""
    text = read_text_utf8(path, shown, rules)
    if path.suffix == ".csv":
        return _csv_terms(text, shown)
    return _tbx_terms(text, shown, source, language)


def _csv_terms(text: str, shown: str) -> list[str]:
    """One term per row (first column, or a column headed term/source); ``#`` rows are notes."""
    rows = list(csv.reader(io.StringIO(text)))
    column = 0
    if rows and any(cell.strip().lower() in _TERM_COLUMNS for cell in rows[0]):
        header = [cell.strip().lower() for cell in rows[0]]
        column = next(header.index(name) for name in _TERM_COLUMNS if name in header)
        rows = rows[1:]
    terms: list[str] = []
    for row in rows:
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if column >= len(row):
            raise HandoutError(f"glossary row has no column {column + 1}", shown)
        term = row[column].strip()
        if term:
            terms.append(term)
    return terms


def _tbx_terms(text: str, shown: str, source: Language, language: Language) -> list[str]:
    """Source-language terms of entries with no different term for ``language``.

    An entry translated into this language (a target term unlike the source
    term) is a terminology entry, not a do-not-translate one.
    """
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise HandoutError("glossary.tbx must not declare a DOCTYPE or entities", shown)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise HandoutError(f"not valid XML: {exc}", shown, exc.position[0]) from exc
    terms: list[str] = []
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        by_language: dict[str, list[str]] = {}
        for lang_set in entry:
            if _local(lang_set.tag) not in ("langSet", "langSec"):
                continue
            tag = lang_set.get(_XML_LANG) or lang_set.get("lang") or ""
            words = [(t.text or "").strip() for t in lang_set.iter() if _local(t.tag) == "term"]
            by_language.setdefault(_language_key(tag), []).extend(w for w in words if w)
        own = by_language.get(source.language, [])
        target = by_language.get(language.language, [])
        terms.extend(term for term in own if not target or term in target)
    return terms


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _language_key(tag: str) -> str:
    try:
        return parse_language(tag).language
    except HandoutError:
        return tag.lower()


def glossary_for(
    configured: tuple[str, ...],
    locales: Path,
    shown: Callable[[Path], str],
    source: Language,
    language: Language,
    rules: FileRules = UNCONFINED,
) -> tuple[str, ...]:
    """The configured terms plus any glossary file's, in order, each once."""
    terms = list(configured)
    for name in GLOSSARY_FILES:
        path = locales / name
        if path.exists() or path.is_symlink():  # a link or FIFO is refused when read, not skipped
            terms.extend(read_glossary_file(path, shown(path), source, language, rules))
    return tuple(dict.fromkeys(terms))


CHECK = Check(
    "glossary", ERROR, "a do-not-translate term of the glossary is missing", missing_terms
)
