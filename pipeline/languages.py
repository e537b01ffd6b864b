"""Language tags: one validated value that knows its BCP 47 and gettext spellings.

Users type ``pt-BR`` (web, BCP 47) or ``pt_BR`` (gettext, folders); both must
mean the same catalog. A tag is also untrusted text that becomes a folder name,
so it is checked against a strict pattern *and* against Babel's CLDR data before
anything is done with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from pipeline.errors import HandoutError

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_](?:[A-Za-z]{4}|[A-Za-z]{2}|[0-9]{3}))*$")

#: Scripts written right to left that CLDR may not flag for every locale variant.
_RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "sd", "yi", "dv", "ckb", "ug"})


@dataclass(frozen=True)
class Language:
    """A locale the project can publish in, normalised once at the edge."""

    language: str
    script: str | None
    territory: str | None

    @property
    def bcp47(self) -> str:
        """``zh-Hans``, ``pt-BR``: for URLs, ``lang`` attributes and build folders."""
        return "-".join(p for p in (self.language, self.script, self.territory) if p)

    def shares_language(self, tag: str) -> bool:
        """Whether text tagged ``tag`` (a BCP 47 tag) is in this language, whatever its
        region: a page needs no ``lang`` of its own for it, and a voice for this language
        can say it."""
        return tag.split("-")[0] == self.language

    @property
    def gettext(self) -> str:
        """``zh_Hans``, ``pt_BR``: for catalog folders and the ``Language`` header."""
        return "_".join(p for p in (self.language, self.script, self.territory) if p)

    @property
    def locale(self) -> Locale:
        """Babel's locale data (CLDR) for names, dates, plural rules and direction."""
        return _babel_locale(self.gettext)

    @property
    def direction(self) -> str:
        """``rtl`` or ``ltr`` for the ``dir`` attribute."""
        if self.language in _RTL_LANGUAGES:
            return "rtl"
        return "rtl" if self.locale.text_direction == "rtl" else "ltr"

    @property
    def plural_forms(self) -> str:
        """The ``Plural-Forms`` header value, from CLDR through Babel."""
        plural = get_plural(self.gettext)
        return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"

    @property
    def native_name(self) -> str:
        """The language named in itself ("Español", "العربية"), capitalised for a menu."""
        loc = self.locale
        if loc.language != self.language:  # a CLDR alias, e.g. tl → fil: keep the user's language
            name: str = loc.languages.get(self.language) or self.bcp47
        else:
            own = Locale(loc.language, script=self.script and loc.script, territory=self.territory)
            name = own.get_display_name(loc) or self.bcp47
        return name[:1].upper() + name[1:]

    def __str__(self) -> str:
        return self.bcp47

    def candidates(self) -> tuple[str, ...]:
        """The tags whose words serve this language, best first: the exact tag, then the
        bare language, never across scripts (``zh-Hant`` never gets ``zh-Hans`` words).
        The program's own words (:mod:`pipeline.words`) are looked up this one way."""
        tags = [self.bcp47]
        if self.script is None:
            tags.append(self.language)
        elif self.territory is not None:
            tags.append(f"{self.language}-{self.script}")
        return tuple(dict.fromkeys(tags))


@lru_cache(maxsize=256)
def _babel_locale(identifier: str) -> Locale:
    return Locale.parse(identifier)


@lru_cache(maxsize=1024)
def parse_language(tag: str) -> Language:
    """Accept a BCP 47 tag or a gettext locale; refuse anything that is not a real locale."""
    if not isinstance(tag, str) or not _TAG.fullmatch(tag):
        raise HandoutError(f"{tag!r} is not a language tag (examples: es, zh-Hans, pt-BR)")
    parts = re.split(r"[-_]", tag)
    language = parts[0].lower()
    script = territory = None
    for part in parts[1:]:
        if len(part) == 4 and script is None and territory is None:
            script = part.title()
        elif territory is None and (len(part) == 2 or part.isdigit()):
            territory = part.upper()
        else:
            raise HandoutError(f"{tag!r} is not a language tag (examples: es, zh-Hans, pt-BR)")
    result = Language(language, script, territory)
    try:
        _babel_locale(result.gettext)
    except (UnknownLocaleError, ValueError) as exc:
        raise HandoutError(f"unknown language {tag!r}: not a locale in CLDR") from exc
    return result
