"""Template + existing translations → updated catalog, as ``msgmerge --previous`` does.

The rules are GNU msgmerge's, checked against the real program in the tests:

* an exact msgid match keeps its translation, translator comments and flags;
* otherwise the most similar translated message (active or obsolete) lends its
  translation, marked ``fuzzy``, with the old msgid as ``#| msgid`` so the
  translator sees what changed — similarity is msgmerge's measure (matching
  characters over total length, threshold 0.6) computed without difflib's
  "autojunk" heuristic, which is what makes Babel's updater drop long
  paragraphs with a one-word edit to obsolete;
* translated messages no longer in the template become obsolete (``#~``) and
  are revived, translation intact, if their text returns; untranslated ones
  are dropped, as they hold no work.

One rule differs from msgmerge on purpose (:func:`_restore_if_undone`): a fuzzy
entry whose previous msgid (``#|``) equals its msgid again is restored, not
left fuzzy. msgmerge keeps it fuzzy, so undoing a one-word source edit took a
translation offline until a translator cleared the flag, although its text is
exactly the one that was translated for this source.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

import polib

FUZZY_THRESHOLD = 0.6  # GNU gettext's FUZZY_THRESHOLD


@dataclass(frozen=True)
class MergeResult:
    catalog: polib.POFile
    fuzzy: int
    revived: int
    obsoleted: int


def merge(template: polib.POFile, old: polib.POFile) -> MergeResult:
    """A new catalog: the template's messages with the old catalog's work carried over."""
    merged = _with_header(template, old)
    exact = {(e.msgctxt, e.msgid): e for e in old if not e.obsolete}
    exact.update(
        {(e.msgctxt, e.msgid): e for e in old if e.obsolete and (e.msgctxt, e.msgid) not in exact}
    )
    # Fuzzy entries by the source their translation was made for: an undone edit finds its own.
    undone = {
        (e.previous_msgctxt, e.previous_msgid): e
        for e in old
        if "fuzzy" in e.flags and e.previous_msgid and e.msgstr
    }
    candidates = _FuzzyIndex([e for e in old if e.msgstr or any(e.msgstr_plural.values())])
    used: set[int] = set()
    fuzzy = revived = 0
    for new in template:
        if new.obsolete:
            continue
        entry = _from_template(new)
        found = exact.get((new.msgctxt, new.msgid))
        if found is not None:
            _carry(found, entry, keep_previous=True)
            _restore_if_undone(entry)
            revived += found.obsolete
        else:
            found = undone.get((new.msgctxt, new.msgid))
            if found is not None and id(found) in used:
                found = None
            found = found or candidates.best(new.msgid)
            if found is not None:
                _carry(found, entry, keep_previous=False)
                entry.flags = ["fuzzy", *[f for f in entry.flags if f != "fuzzy"]]
                entry.previous_msgctxt = (
                    found.previous_msgctxt if found.previous_msgid else found.msgctxt
                )
                entry.previous_msgid = found.previous_msgid or found.msgid
                _restore_if_undone(entry)
                fuzzy += "fuzzy" in entry.flags
        if found is not None:
            used.add(id(found))
        merged.append(entry)
    obsoleted = _keep_obsolete(old, used, merged)
    return MergeResult(merged, fuzzy, revived, obsoleted)


def _with_header(template: polib.POFile, old: polib.POFile) -> polib.POFile:
    """An empty catalog with the old one's header (the translator's), dated as the template."""
    merged = polib.POFile(wrapwidth=old.wrapwidth)
    merged.header = old.header
    merged.metadata = dict(old.metadata)
    merged.metadata_is_fuzzy = old.metadata_is_fuzzy
    if "POT-Creation-Date" in template.metadata:
        merged.metadata["POT-Creation-Date"] = template.metadata["POT-Creation-Date"]
    return merged


def _keep_obsolete(old: polib.POFile, used: set[int], merged: polib.POFile) -> int:
    """Append every translated old entry no message took, as obsolete (``#~``); how many
    were not obsolete before. A translation is never thrown away: it comes back if its
    text returns."""
    obsoleted = 0
    for old_entry in old:
        if id(old_entry) in used or not (old_entry.msgstr or any(old_entry.msgstr_plural.values())):
            continue
        gone = copy.deepcopy(old_entry)
        obsoleted += not gone.obsolete
        gone.obsolete = True
        gone.occurrences = []
        merged.append(gone)
    return obsoleted


def _from_template(new: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(
        msgctxt=new.msgctxt,
        msgid=new.msgid,
        msgid_plural=new.msgid_plural,
        msgstr="",
        msgstr_plural=dict(new.msgstr_plural) if new.msgid_plural else {},
        occurrences=list(new.occurrences),
        comment=new.comment,
        flags=[f for f in new.flags if f != "fuzzy"],
    )


def _carry(old: polib.POEntry, entry: polib.POEntry, *, keep_previous: bool) -> None:
    """Copy the translator's work (never the template's fields) from old to entry."""
    entry.msgstr = old.msgstr
    if entry.msgid_plural and old.msgstr_plural:
        entry.msgstr_plural = dict(old.msgstr_plural)
    entry.tcomment = old.tcomment
    entry.flags = [*entry.flags, *(f for f in old.flags if f not in entry.flags)]
    if keep_previous and "fuzzy" in old.flags:
        entry.previous_msgctxt = old.previous_msgctxt
        entry.previous_msgid = old.previous_msgid
        entry.previous_msgid_plural = old.previous_msgid_plural


def _restore_if_undone(entry: polib.POEntry) -> None:
    """Clear ``fuzzy`` when the source went back to the text the translation was made for.

    A fuzzy entry's previous msgid is the source its msgstr translates; when
    that equals the msgid again (an edit undone), the translation is exact, so
    the flag and the ``#|`` lines go, and the entry is as it was before the edit.
    """
    if (
        "fuzzy" in entry.flags
        and entry.previous_msgid is not None
        and entry.previous_msgid == entry.msgid
        and entry.previous_msgctxt == entry.msgctxt
        and entry.previous_msgid_plural in (None, entry.msgid_plural or None)
    ):
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        entry.previous_msgid = None
        entry.previous_msgctxt = None
        entry.previous_msgid_plural = None


def similarity(a: str, b: str) -> float:
    """msgmerge's measure: 2 × matching characters ÷ total length (no autojunk)."""
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


class _FuzzyIndex:
    """Candidates for fuzzy matching, with cheap upper bounds tried before the real ratio."""

    def __init__(self, entries: list[polib.POEntry]):
        self.entries = [(e, len(e.msgid), Counter(e.msgid)) for e in entries]

    def best(self, msgid: str) -> polib.POEntry | None:
        """The most similar candidate at or above the threshold (the first of equals).

        Candidates are tried in order of an upper bound on their similarity (the
        shared letters, ignoring order), and the search stops once no remaining
        bound can beat the best real score: one edited paragraph usually costs
        a single full comparison, whatever the catalog's size.
        """
        size = len(msgid)
        counts = Counter(msgid)
        bounded: list[tuple[float, int]] = []
        for index, (_, length, letters) in enumerate(self.entries):
            total = size + length
            if total == 0 or 2 * min(size, length) / total < FUZZY_THRESHOLD:
                continue
            bound = 2 * sum((counts & letters).values()) / total
            if bound >= FUZZY_THRESHOLD:
                bounded.append((bound, index))
        bounded.sort(key=lambda pair: (-pair[0], pair[1]))
        best_index, best_score = -1, FUZZY_THRESHOLD
        for bound, index in bounded:
            if bound < best_score or (bound == best_score and best_index >= 0):
                break
            score = similarity(msgid, self.entries[index][0].msgid)
            if score > best_score or (
                score == best_score and (best_index < 0 or index < best_index)
            ):
                best_index, best_score = index, score
        return self.entries[best_index][0] if best_index >= 0 else None
