"""Run the real checks on one message, through a real catalog parsed by polib."""

from __future__ import annotations

import polib

from pipeline.check import Finding, check_catalog
from pipeline.languages import parse_language


def catalog_text(entries: list[tuple[str, str, tuple[str, ...]]], language: str) -> str:
    catalog = polib.POFile()
    catalog.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": parse_language(language).gettext,
    }
    for msgid, msgstr, flags in entries:
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(flags)))
    return str(catalog)


def run_checks(
    source: str,
    translation: str,
    language: str,
    *,
    glossary: tuple[str, ...] = ("PRP",),
    flags: tuple[str, ...] = (),
) -> list[Finding]:
    """All findings for one entry, as ``handout check`` would report them."""
    catalog = polib.pofile(catalog_text([(source, translation, flags)], language))
    result = check_catalog(
        catalog,
        "test.po",
        source_language=parse_language("en"),
        language=parse_language(language),
        glossary=glossary,
    )
    return list(result.findings)


def messages(source: str, translation: str, language: str, check: str, **kw: object) -> list[str]:
    """The messages of one check (the others may fire too; tests of misses use run_checks)."""
    found = run_checks(source, translation, language, **kw)  # type: ignore[arg-type]
    return [f.message for f in found if f.check == check]
