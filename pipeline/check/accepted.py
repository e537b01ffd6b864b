"""Exceptions a clinic has accepted: the only way past a meaning check but fixing the text.

A translator's ``#, handout-ignore-numbers`` flag lives in the catalog, which
comes from outside; so for the checks that protect meaning it only asks for a
review. The clinic grants the exception in a file it reviews and the catalog
does not carry: ``locales/accepted-exceptions.toml`` (or ``[[checks.accepted]]``
in handout.toml), one entry per message::

    [[accepted]]
    article = "wound-care"
    language = "es"
    check = "numbers"
    msgid = "Take 1 tablet at 8 p.m."   # or: digest = "<sha256 of the msgid, 12+ hex digits>"
    msgstr = "Tome 1 tableta a las 20:00."  # optional: only this translation (or msgstr_digest)
    reason = "the clinic writes 20:00"
    reviewer = "Dr. Ruiz"

A reviewer's sign-off can also accept them: ``handout approve`` lists the
translator-flagged findings it accepts in the approval (``locales/approvals.toml``,
``exceptions``), valid only as long as the approval is (:mod:`pipeline.publish.approval`);
the runner takes those through ``Context.reviewed``.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import HandoutError
from pipeline.fsio import read_text_utf8
from pipeline.languages import parse_language

ACCEPTED_FILE = "accepted-exceptions.toml"
_KEYS = {
    "article", "language", "check", "msgid", "digest", "msgstr", "msgstr_digest", "reason",
    "reviewer",
}  # fmt: skip
_HEX = re.compile(r"[0-9a-f]{12,64}")


def message_digest(msgid: str) -> str:
    """The SHA-256 of a msgid (UTF-8), in hex: names a message without quoting it."""
    return hashlib.sha256(msgid.encode("utf-8")).hexdigest()


def message_key(msgid: str, msgctxt: str | None = None) -> str:
    """A message's identity as gettext has it: a msgctxt is part of it (``ctx\\x04msgid``)."""
    return msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"


def short_digest(text: str) -> str:
    """16 hex digits of SHA-256: how an approval names a message (and its translation)."""
    return message_digest(text)[:16]


@dataclass(frozen=True)
class Exception_:
    """One accepted exception: this check may fail on this message of this article × language."""

    article: str
    language: str  # BCP 47
    check: str
    digest: str  # hex prefix of the msgid's SHA-256
    reason: str = ""
    translation: str = ""  # hex prefix of the accepted msgstr's SHA-256; "" for any translation
    reviewer: str = ""


@dataclass(frozen=True)
class Accepted:
    """Every accepted exception of a project."""

    entries: tuple[Exception_, ...] = ()

    def accepts(
        self, article: str, language: str, msgid: str, check: str, msgstr: str = ""
    ) -> bool:
        """True if the clinic accepted ``check`` failing on ``msgid`` in this article × language."""
        if not self.entries:
            return False
        digest = message_digest(msgid)
        translated = message_digest(msgstr)
        return any(
            e.check == check
            and e.article == article
            and e.language == language
            and digest.startswith(e.digest)
            and translated.startswith(e.translation)
            for e in self.entries
        )


NOTHING_ACCEPTED = Accepted()


def load_accepted(locales: Path, shown: str, configured: Any = None) -> Accepted:
    """The exceptions of ``locales/accepted-exceptions.toml`` and ``[[checks.accepted]]``."""
    entries: list[Exception_] = []
    if configured is not None:
        entries.extend(_entries(configured, "handout.toml"))
    path = locales / ACCEPTED_FILE
    if path.is_file():
        try:
            raw = tomllib.loads(read_text_utf8(path, shown))
        except tomllib.TOMLDecodeError as exc:
            line = re.search(r"at line (\d+)", str(exc))
            raise HandoutError(
                f"invalid TOML: {exc}", shown, int(line.group(1)) if line else None
            ) from exc
        unknown = sorted(set(raw) - {"accepted"})
        if unknown:
            raise HandoutError(f"unknown setting {unknown[0]!r}", shown)
        entries.extend(_entries(raw.get("accepted", []), shown))
    return Accepted(tuple(entries))


def _entries(raw: Any, where: str) -> list[Exception_]:
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise HandoutError("accepted exceptions must be [[accepted]] tables", where)
    return [_entry(e, where) for e in raw]


def _entry(raw: dict[str, Any], where: str) -> Exception_:
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise HandoutError(f"accepted exception: unknown key {unknown[0]!r}", where)
    for key in ("article", "language", "check"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise HandoutError(f"accepted exception: {key!r} must be a non-empty string", where)
    msgid, digest = raw.get("msgid"), raw.get("digest")
    if (msgid is None) == (digest is None):
        raise HandoutError("accepted exception: give either 'msgid' or 'digest'", where)
    if msgid is not None and not isinstance(msgid, str):
        raise HandoutError("accepted exception: 'msgid' must be a string", where)
    if digest is not None and not (isinstance(digest, str) and _HEX.fullmatch(digest.lower())):
        raise HandoutError("accepted exception: 'digest' must be 12-64 hex digits", where)
    translation = _optional_digest(raw, "msgstr", "msgstr_digest", where)
    try:
        language = parse_language(raw["language"]).bcp47
    except HandoutError as exc:
        raise HandoutError(f"accepted exception: {exc.message}", where) from exc
    return Exception_(
        article=raw["article"],
        language=language,
        check=raw["check"],
        digest=message_digest(msgid) if isinstance(msgid, str) else str(digest).lower(),
        reason=str(raw.get("reason", "")),
        reviewer=str(raw.get("reviewer", "")),
        translation=translation,
    )


def _optional_digest(raw: dict[str, Any], text_key: str, digest_key: str, where: str) -> str:
    """The digest an entry pins its msgstr to: from the text, or given; "" when not pinned."""
    text, digest = raw.get(text_key), raw.get(digest_key)
    if text is not None and digest is not None:
        raise HandoutError(
            f"accepted exception: give {text_key!r} or {digest_key!r}, not both", where
        )
    if text is not None:
        if not isinstance(text, str):
            raise HandoutError(f"accepted exception: {text_key!r} must be a string", where)
        return message_digest(text)
    if digest is not None:
        if not (isinstance(digest, str) and _HEX.fullmatch(digest.lower())):
            raise HandoutError(
                f"accepted exception: {digest_key!r} must be 12-64 hex digits", where
            )
        return digest.lower()
    return ""
