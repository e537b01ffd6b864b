"""Reading the words' catalogs: the bundled ones, and a project's own, checked on the way in.

A project's ``handout.po`` comes from outside (a translator, an agency, a
web tool), so it is read like any untrusted catalog: a size cap, no symlink
out of the project, and each entry checked before it is used. A translation
that drops or adds a placeholder (``{date}``), or has the wrong number of
plural forms, is a :class:`Problem` with file and line, and the word falls
back as if it were untranslated: the page is built, never broken. Control
characters (a newline, a tab) become spaces, so a word never becomes a line
of its own in the plain-text edition; markup stays text (every renderer
escapes it). The files are parsed with polib, like the articles' catalogs:
Babel's ``read_po`` prints a malformed line of the file to stdout, which
would put untrusted text into a command's output. Dates and plural rules
still come from CLDR through Babel (:mod:`pipeline.languages`).
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polib

from pipeline.errors import HandoutError
from pipeline.fsio import check_folder_inside, decode_utf8, read_confined
from pipeline.limits import UNCONFINED
from pipeline.project import WORDS_DOMAIN

BUNDLED = Path(__file__).resolve().parent.parent / "locales"
TEMPLATE = BUNDLED / "handout.pot"
DOMAIN = WORDS_DOMAIN  # the project's file: locales/<lang>/LC_MESSAGES/handout.po
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")


@dataclass(frozen=True)
class Word:
    """One of the program's words, and the language it is actually in (BCP 47)."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Problem:
    """Why one entry of a ``handout.po`` is not used."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Words:
    """One catalog's usable words (msgctxt → text), and what it counts and refused."""

    texts: Mapping[str, str]
    fuzzy: int
    untranslated: int
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class WordSource:
    """Where a project keeps its own words; ``None``: the bundled words alone."""

    root: Path | None = None
    locales: Path | None = None

    def path(self, gettext_tag: str) -> Path | None:
        """``locales/<lang>/LC_MESSAGES/handout.po``, refused if a link leads out of the project."""
        if self.root is None or self.locales is None:
            return None
        path = self.locales / gettext_tag / "LC_MESSAGES" / f"{DOMAIN}.po"
        check_folder_inside(path.parent, self.root, str(path))
        return path


BUNDLED_ONLY = WordSource()


@lru_cache(maxsize=1)
def template() -> Mapping[str, str]:
    """The English words by msgctxt (``page:skip`` → "Skip to main content"), in file order."""
    catalog = polib.pofile(TEMPLATE.read_text(encoding="utf-8"))
    return {e.msgctxt: e.msgid for e in catalog if e.msgid and e.msgctxt}


def placeholders(text: str) -> frozenset[str] | None:
    """The ``{name}`` fields of ``text``; None if it is no plain format string.

    Only bare names count: ``{date!r}``, ``{date:>99999}`` or ``{date.year}``
    would let a catalog reach into the value or blow up the page.
    """
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return None
    names = set()
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            return None
        names.add(name)
    return frozenset(names)


def read_words(data: bytes, shown: str) -> Words:
    """The usable words of one catalog's bytes; a file that is no catalog is one problem."""
    try:
        catalog = polib.pofile(decode_utf8(data, shown), check_for_duplicates=False)
    except (HandoutError, OSError, ValueError, KeyError, IndexError) as exc:
        return Words({}, 0, 0, (Problem(shown, 1, f"not a readable catalog ({exc})"),))
    english = template()
    plurals = _plurals(catalog.metadata.get("Plural-Forms", ""))
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    fuzzy = untranslated = 0
    for entry in catalog:
        context = entry.msgctxt
        if entry.obsolete or context is None or english.get(context) != entry.msgid:
            continue  # not one of handout's words (or an old wording): stale, like obsolete
        if entry.fuzzy:
            fuzzy += 1
            continue
        text, problem = _checked(entry, english[context], plurals)
        if problem:
            problems.append(Problem(shown, entry.linenum or 1, problem))
        if text is None:
            untranslated += 1
        else:
            texts[context] = text
    return Words(texts, fuzzy, untranslated, tuple(problems))


def _plurals(header: str) -> int | None:
    """``nplurals`` of the catalog's Plural-Forms header; None if it says none."""
    match = re.search(r"nplurals\s*=\s*(\d+)", header)
    return int(match.group(1)) if match else None


def _checked(entry: polib.POEntry, english: str, plurals: int | None) -> tuple[str | None, str]:
    """The entry's text (None: untranslated or refused) and why it was refused ("" if not)."""
    if entry.msgid_plural:
        forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
        if plurals is None or len(forms) != plurals:
            return None, f"{len(forms)} plural forms, the catalog's Plural-Forms says {plurals}"
        text = forms[0] if forms else ""
    else:
        text = entry.msgstr
    if not text:
        return None, ""
    if placeholders(text) != placeholders(english):
        wanted = ", ".join(sorted(f"{{{n}}}" for n in placeholders(english) or ())) or "none"
        return None, f"the translation must keep the placeholders of the English ({wanted})"
    return _CONTROL.sub(" ", text), ""


@lru_cache(maxsize=64)
def bundled(gettext_tag: str) -> Words:
    """The words shipped for ``gettext_tag`` (``zh_Hans``); empty if handout has none."""
    path = BUNDLED / f"{gettext_tag}.po"
    if not path.is_file():
        return Words({}, 0, 0, ())
    return read_words(path.read_bytes(), f"{gettext_tag}.po")


def project_words(source: WordSource, gettext_tag: str) -> Words:
    """The project's ``handout.po`` for ``gettext_tag``; empty if it has none."""
    path = source.path(gettext_tag)
    if path is None:
        return Words({}, 0, 0, ())
    try:
        info = os.stat(path)
    except OSError:
        return Words({}, 0, 0, ())
    return _project_words(path, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=64)
def _project_words(path: Path, mtime_ns: int, size: int) -> Words:
    """Read once per version of the file (the key holds its time and size).

    Through the one door for input files (a regular file, not followed
    through a link, within the catalogs' size limit); a file that cannot be
    read gives no words, and ``handout check`` says why.
    """
    try:
        data = read_confined(path, str(path), UNCONFINED, "catalog_bytes").data
    except HandoutError as exc:
        return Words({}, 0, 0, (Problem(str(path), 1, f"not read: {exc}"),))
    return read_words(data, str(path))
