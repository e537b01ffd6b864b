"""Run every check over every translated entry of a catalog.

Only entries that would be published are checked: translated, not fuzzy, not
obsolete. The rest are counted (``handout status`` shows them) but not flagged,
since an untranslated entry is work in progress, not a wrong translation.
"""

from __future__ import annotations

from collections.abc import Iterator

import polib

from pipeline.check.base import Check, Pair
from pipeline.check.findings import CatalogCheck, Finding
from pipeline.check.registry import CHECKS
from pipeline.languages import Language


def check_catalog(
    catalog: polib.POFile,
    shown_path: str,
    *,
    source_language: Language,
    language: Language,
    glossary: tuple[str, ...],
) -> CatalogCheck:
    """Check every translated entry of ``catalog``; findings come in file order."""
    findings: list[Finding] = []
    checked = untranslated = fuzzy = obsolete = 0
    for entry in catalog:
        if entry.obsolete:
            obsolete += 1
        elif not entry.msgid and not entry.msgid_plural:
            continue  # the header
        elif entry.fuzzy:
            fuzzy += 1
        elif not _has_translation(entry):
            untranslated += 1
        else:
            checked += 1
            for pair in _pairs(entry, source_language, language, glossary):
                findings.extend(_findings(entry, pair, shown_path))
    return CatalogCheck(
        path=shown_path,
        findings=tuple(_unique(findings)),
        checked=checked,
        untranslated=untranslated,
        fuzzy=fuzzy,
        obsolete=obsolete,
    )


def _has_translation(entry: polib.POEntry) -> bool:
    """Translated as gettext sees it: some msgstr is non-empty (even if only whitespace)."""
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _pairs(
    entry: polib.POEntry, source: Language, language: Language, glossary: tuple[str, ...]
) -> Iterator[Pair]:
    if not entry.msgid_plural:
        yield Pair(entry.msgid, entry.msgstr, source, language, glossary)
        return
    for index in sorted(entry.msgstr_plural):
        msgid = entry.msgid if index == 0 else entry.msgid_plural
        yield Pair(msgid, entry.msgstr_plural[index], source, language, glossary)


def _findings(entry: polib.POEntry, pair: Pair, shown_path: str) -> Iterator[Finding]:
    checks = active_checks(entry)
    if not pair.translation.strip():
        # Blank: one error says it all; every other check would only repeat it.
        checks = [check for check in checks if check.name == "empty"]
    for check in checks:
        for message in check.run(pair):
            yield Finding(shown_path, entry.linenum, check.severity, check.name, message)


def active_checks(entry: polib.POEntry) -> list[Check]:
    """The checks not silenced by a ``#, handout-ignore-<name>`` flag on the entry."""
    flags = set(entry.flags)
    return [check for check in CHECKS if check.ignore_flag not in flags]


def _unique(findings: list[Finding]) -> Iterator[Finding]:
    """Plural forms often repeat one problem: report each line once."""
    seen: set[Finding] = set()
    for finding in findings:
        if finding not in seen:
            seen.add(finding)
            yield finding
