"""Run every check over every translated entry of a catalog.

Only entries that would be published are checked: translated, not fuzzy, not
obsolete. The rest are counted (``handout status`` shows them) but not flagged,
since an untranslated entry is work in progress, not a wrong translation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import polib

from pipeline.check.accepted import NOTHING_ACCEPTED, Accepted, message_key, short_digest
from pipeline.check.base import Check, Pair, show_hidden
from pipeline.check.findings import WARNING, CatalogCheck, Finding
from pipeline.check.hidden import has_visible
from pipeline.check.registry import CHECKS
from pipeline.languages import Language
from pipeline.quantity.words import NO_EXTRA_WORDS, ExtraWords

NEEDS_REVIEW = "ignored by the translator, needs a reviewer"


@dataclass(frozen=True)
class Context:
    """What the runner needs beyond the catalog: the article, the clinic's words and exceptions."""

    article: str = ""
    extra_words: ExtraWords = NO_EXTRA_WORDS
    accepted: Accepted = NOTHING_ACCEPTED
    #: (message digest, check) a valid approval of this article × language lists: a reviewer
    #: accepted the translator-flagged finding (``handout approve``).
    reviewed: frozenset[tuple[str, str]] = frozenset()


def check_catalog(
    catalog: polib.POFile,
    shown_path: str,
    *,
    source_language: Language,
    language: Language,
    glossary: tuple[str, ...],
    context: Context = Context(),
) -> CatalogCheck:
    """Check every translated entry of ``catalog``; findings come in file order.

    A translator's ``handout-ignore-<check>`` flag silences a style check; on a
    check that protects meaning it turns each finding into a warning that
    still blocks publishing, until ``context.accepted`` holds the exception or a
    valid approval lists it (``context.reviewed``).
    """
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
            for pair in _pairs(entry, source_language, language, glossary, context):
                findings.extend(_findings(entry, pair, shown_path, context))
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
    entry: polib.POEntry,
    source: Language,
    language: Language,
    glossary: tuple[str, ...],
    context: Context,
) -> Iterator[Pair]:
    words = context.extra_words
    if not entry.msgid_plural:
        yield Pair(entry.msgid, entry.msgstr, source, language, glossary, words)
        return
    for index in sorted(entry.msgstr_plural):
        msgid = entry.msgid if index == 0 else entry.msgid_plural
        yield Pair(msgid, entry.msgstr_plural[index], source, language, glossary, words)


def _findings(
    entry: polib.POEntry, pair: Pair, shown_path: str, context: Context
) -> Iterator[Finding]:
    checks = active_checks(entry)
    if not has_visible(pair.translation):
        # Nothing to see: one error says it all; every other check would only repeat it.
        checks = [check for check in checks if check.name == "empty"]
    flags = set(entry.flags)
    digest = short_digest(message_key(entry.msgid, entry.msgctxt)) if context.reviewed else ""
    for check in checks:
        silenced = bool(flags) and check.ignore_flag in flags
        if silenced and (digest, check.name) in context.reviewed:
            continue  # flagged by the translator, accepted in a valid approval
        for found in check.run(pair):
            message = one_line(found)
            if context.accepted.accepts(
                context.article, pair.language.bcp47, entry.msgid, check.name, pair.translation
            ):
                continue  # the clinic accepted this exception in a reviewed file
            if silenced:
                yield Finding(
                    shown_path, entry.linenum, WARNING, check.name,
                    f"{NEEDS_REVIEW}: {message}", needs_review=True,
                )  # fmt: skip
            else:
                yield Finding(shown_path, entry.linenum, check.severity, check.name, message)


def one_line(message: str) -> str:
    """A message as one line, invisible characters named: catalog text never makes its own line."""
    return " ".join(show_hidden(message).split())


def active_checks(entry: polib.POEntry) -> list[Check]:
    """The checks a ``#, handout-ignore-<name>`` flag does not silence (meaning checks never)."""
    if not entry.flags:
        return list(CHECKS)
    flags = set(entry.flags)
    return [check for check in CHECKS if check.meaning or check.ignore_flag not in flags]


def _unique(findings: list[Finding]) -> Iterator[Finding]:
    """Plural forms often repeat one problem: report each line once."""
    seen: set[Finding] = set()
    for finding in findings:
        if finding not in seen:
            seen.add(finding)
            yield finding
