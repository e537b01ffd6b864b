"""Where a printed handout leads and what paper it is laid out for, from ``handout.toml``.

``paper`` is ``"letter"`` or ``"a4"``. Unset, it follows the clinic's region
(``region``, an ISO 3166 code; else the source language's own region, as
``en-US``; else the region CLDR thinks most likely for that language, US for
``en``): the territories CLDR lists as printing on US Letter get Letter,
every other gets A4. ``base_url`` is where ``build/`` is published; only with
it does a handout print the QR code and written address of its page.

These are settings, not printing: they sit at the base beside
:mod:`pipeline.config`, which parses them for every command, so the
configuration never imports the PDF writers in :mod:`pipeline.print`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from babel.core import get_global

from pipeline.errors import HandoutError
from pipeline.languages import Language

PAPERS = ("letter", "a4")
#: CLDR supplemental ``measurementData``: ``<paperSize type="US-Letter" territories="…"/>``
#: (Babel does not ship it); every other territory prints on A4.
LETTER_TERRITORIES = frozenset(
    ["BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE"]
)
_REGION = re.compile(r"[A-Z]{2}")
_URL_UNSAFE = re.compile(r"[\s\"'<>\\^`{|}\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class PrintSettings:
    """What the PDFs of one project share: the paper, and the site's address (or none)."""

    paper: str = "a4"
    base_url: str = ""  # absolute, ends with "/"; empty: no QR code, no address, no feed

    def page_url(self, language: Language, slug: str) -> str | None:
        """The address of the article's page in ``language``, or None without ``base_url``."""
        if not self.base_url:
            return None
        return f"{self.base_url}{language.bcp47}/{slug}.html"


def check_paper(value: object, path: str) -> str:
    """``paper`` as written in ``handout.toml`` ("" when unset), lower-cased and checked."""
    if value is None:
        return ""
    if not isinstance(value, str) or value.lower() not in PAPERS:
        raise HandoutError('paper must be "letter" or "a4"', path)
    return value.lower()


def check_base_url(value: object, path: str) -> str:
    """An ``http(s)`` address with a host and no query or fragment, ending in ``/``."""
    if value is None or value == "":
        return ""
    message = 'base_url must be the web address build/ is published at, as "https://host/path/"'
    if not isinstance(value, str) or _URL_UNSAFE.search(value):
        raise HandoutError(message, path)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise HandoutError(message, path)
    if parts.username or parts.password:
        raise HandoutError("base_url must not hold a user name or password", path)
    return value if value.endswith("/") else value + "/"


def default_paper(region: str, source: Language) -> str:
    """Letter for the territories that print on it, A4 elsewhere (see the module's note)."""
    territory = region or source.territory or _likely_territory(source)
    return "letter" if territory in LETTER_TERRITORIES else "a4"


def _likely_territory(language: Language) -> str:
    found = get_global("likely_subtags").get(language.language)
    if isinstance(found, str):
        parts = [p for p in found.split("_") if _REGION.fullmatch(p)]
        if parts:
            return parts[0]
    return ""


def written_address(url: str) -> str:
    """The address as printed under the QR code: without ``https://``, which nobody types."""
    return url.split("://", 1)[1]
