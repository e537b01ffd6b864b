"""``locales/approvals.toml``: the sign-offs, read as untrusted input and written back sorted.

The approvals live in one plain TOML file beside the catalogs, one
``[[approval]]`` table per article × language, sorted, written only by
``handout approve``: git reviews and blames it like any content. Each lists
what the reviewer read (one ``<msgid hash>:<msgstr hash>`` line per message),
sealed by :func:`content_digest`. The file comes from outside the program: a
malformed or inconsistent entry (a digest that is not the one of its own
lines, an unknown key, a control character, a future date, a second entry
for the same unit) is one ``file:line: error``, exit 2. What an approval
means for the catalog as it is now is :mod:`pipeline.publish.approval`'s.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.article.parse import check_slug
from pipeline.check.registry import MEANING
from pipeline.config import _toml_line
from pipeline.errors import HandoutError
from pipeline.fsio import write_text_atomic
from pipeline.languages import Language, parse_language
from pipeline.safety import control_character

APPROVALS_NAME = "approvals.toml"
_KEYS = ("article", "language", "reviewer", "credential", "date", "source", "digest", "messages")
_OPTIONAL = ("exceptions",)  # "<msgid hash>:<check>": translator-flagged findings accepted
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_LINE = re.compile(r"^[0-9a-f]{16}:[0-9a-f]{16}$")
_EXCEPTION = re.compile(r"^([0-9a-f]{16}):([a-z][a-z0-9-]{0,40})$")
_HEADER = re.compile(r"^\s*\[\[\s*approval\s*\]\]\s*(#.*)?$")
MAX_NAME = 200  # characters of a reviewer's name, a credential, an article or language
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # names are one line each
_PREFIX = "handout-approval-1"


@dataclass(frozen=True)
class Approval:
    """One sign-off: a reviewer approved one article's translation into one language."""

    article: str
    language: Language
    reviewer: str
    credential: str
    date: date
    source: str  # SHA-256 of the source article's bytes as approved
    digest: str  # SHA-256 of source + messages: exactly what was approved
    messages: tuple[str, ...]  # "<msgid hash>:<msgstr hash>", sorted
    #: "<msgid hash>:<check>", sorted: meaning checks the translator flagged on that message
    #: (``#, handout-ignore-<check>``) and the reviewer accepted by approving.
    exceptions: tuple[str, ...] = ()
    line: int = 0  # where its [[approval]] starts in the file (0: not read from a file)

    @property
    def key(self) -> tuple[str, str]:
        return (self.article, self.language.bcp47)


def content_digest(source: str, messages: Iterable[str], exceptions: Iterable[str] = ()) -> str:
    """The approval digest: the source's digest, each message line, then any exception line.

    Without exceptions it is the digest of the content alone (what :func:`judge`
    compares with the catalog as it is); the exceptions are sealed in too, so an
    exception added by hand is refused like any other hand edit.
    """
    h = hashlib.sha256(f"{_PREFIX}\n{source}\n".encode())
    for line in messages:
        h.update(f"{line}\n".encode())
    listed = tuple(exceptions)
    if listed:
        h.update(b"exceptions\n")
        for line in listed:
            h.update(f"{line}\n".encode())
    return h.hexdigest()


def approvals_path(locales: Path) -> Path:
    return locales / APPROVALS_NAME


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Approvals:
    """Every approval in the file, by (article, language tag)."""

    by_unit: dict[tuple[str, str], Approval]

    def get(self, slug: str, language: Language) -> Approval | None:
        return self.by_unit.get((slug, language.bcp47))


def read_approvals(path: Path, shown: str) -> Approvals:
    """The approvals file, checked whole; no file means no approvals."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Approvals({})
    except OSError as exc:
        raise HandoutError(f"cannot read: {exc.strerror}", shown) from exc
    return _parse(data, shown)


@lru_cache(maxsize=4)
def _parse(data: bytes, shown: str) -> Approvals:
    """Parse once per process per content: every unit of a build looks its approval up here."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise HandoutError("not UTF-8 text", shown, line) from exc
    offset = control_character(text.replace("\r\n", "\n"))
    if offset is not None:
        line = text.count("\n", 0, offset) + 1
        raise HandoutError("a control character in the approvals file; remove it", shown, line)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _toml_line(exc) or text.count("\n") + 1  # "at end of document": the last line
        raise HandoutError(f"invalid TOML: {exc}", shown, line) from exc
    starts = [n for n, line in enumerate(text.splitlines(), 1) if _HEADER.match(line)]
    extra = sorted(set(raw) - {"approval"})
    if extra:
        raise HandoutError(f"unknown key {extra[0]!r} (only [[approval]] tables)", shown, 1)
    tables = raw.get("approval", [])
    if not isinstance(tables, list) or len(starts) != len(tables):
        raise HandoutError("write approvals as [[approval]] tables, one per unit", shown, 1)
    found: dict[tuple[str, str], Approval] = {}
    for table, line in zip(tables, starts, strict=True):
        approval = _approval(table, shown, line)
        if approval.key in found:
            first = found[approval.key].line
            raise HandoutError(
                f"a second approval of {approval.article} in {approval.language} "
                f"(first at line {first})",
                shown,
                line,
            )
        found[approval.key] = approval
    return Approvals(found)


def _approval(table: Any, shown: str, line: int) -> Approval:
    def fail(message: str) -> HandoutError:
        return HandoutError(message, shown, line)

    if not isinstance(table, dict):
        raise fail("an approval must be a table")
    unknown = sorted(set(table) - set(_KEYS) - set(_OPTIONAL))
    if unknown:
        raise fail(f"unknown key {unknown[0]!r} in an approval")
    missing = [key for key in _KEYS if key not in table]
    if missing:
        raise fail(f"the approval has no {missing[0]!r}")
    strings = _names(table, fail)
    try:
        article = check_slug(strings["article"], shown)
        language = parse_language(strings["language"])
    except HandoutError as exc:
        raise fail(exc.message) from exc
    when = table["date"]
    if not isinstance(when, date) or isinstance(when, datetime):
        raise fail("date must be a date (YYYY-MM-DD)")
    if when > datetime.now(UTC).date():
        raise fail(f"the approval is dated in the future ({when.isoformat()})")
    source, sealed, messages = table["source"], table["digest"], table["messages"]
    if not isinstance(source, str) or not _HEX64.match(source):
        raise fail("source must be a SHA-256 digest (64 lowercase hex digits)")
    if not isinstance(messages, list) or not all(
        isinstance(m, str) and _LINE.match(m) for m in messages
    ):
        raise fail('messages must be a list of "<16 hex>:<16 hex>" lines')
    if messages != sorted(set(messages)):
        raise fail("messages must be sorted, each once (as handout approve writes them)")
    exceptions = _exceptions(table.get("exceptions", []), messages, fail)
    if not isinstance(sealed, str) or sealed != content_digest(source, messages, exceptions):
        raise fail(
            "digest is not the one of this approval's source and messages (and exceptions): "
            "edited by hand?"
        )
    return Approval(
        article,
        language,
        strings["reviewer"].strip(),
        strings["credential"].strip(),
        when,
        source,
        sealed,
        tuple(messages),
        tuple(exceptions),
        line,
    )


def _names(table: dict[str, Any], fail: Callable[[str], HandoutError]) -> dict[str, str]:
    """Article, language, reviewer and credential: each one short printable line."""
    strings = {k: table[k] for k in ("article", "language", "reviewer", "credential")}
    for key, value in strings.items():
        if not isinstance(value, str) or not value.strip() or len(value) > MAX_NAME:
            raise fail(f"{key} must be a non-empty string of at most {MAX_NAME} characters")
        if _UNPRINTABLE.search(value):
            raise fail(f"{key} contains a control character or line break; remove it")
    return strings


def _exceptions(raw: Any, messages: list[str], fail: Callable[[str], HandoutError]) -> list[str]:
    """``"<msgid hash>:<check>"`` lines: sorted, each once, a meaning check, an approved message."""
    if not isinstance(raw, list) or not all(
        isinstance(x, str) and _EXCEPTION.match(x) for x in raw
    ):
        raise fail('exceptions must be a list of "<16 hex>:<check>" lines')
    if raw != sorted(set(raw)):
        raise fail("exceptions must be sorted, each once (as handout approve writes them)")
    approved = {line[:16] for line in messages}
    for line in raw:
        digest, check = line.split(":", 1)
        if check not in MEANING:
            raise fail(f"exceptions: {check!r} is not a meaning check (only those need one)")
        if digest not in approved:
            raise fail(f"exceptions: {digest} is not one of the approved messages")
    return list(raw)


# --- writing -------------------------------------------------------------------------------


def _toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and every non-printing character escaped."""
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F or char in "\u2028\u2029":
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def render_approvals(approvals: Iterable[Approval]) -> str:
    """The file's text: a comment, then one table per approval, sorted by article and language."""
    lines = [
        "# Translations signed off by a reviewer: written by `handout approve`, read by",
        "# `handout build` and `handout status`. Review changes to it like any content;",
        "# an approval is void once any message it lists changes.",
    ]
    for approval in sorted(approvals, key=lambda a: a.key):
        lines += [
            "",
            "[[approval]]",
            f"article = {_toml_string(approval.article)}",
            f"language = {_toml_string(approval.language.bcp47)}",
            f"reviewer = {_toml_string(approval.reviewer)}",
            f"credential = {_toml_string(approval.credential)}",
            f"date = {approval.date.isoformat()}",
            f"source = {_toml_string(approval.source)}",
            f"digest = {_toml_string(approval.digest)}",
            "messages = [",
            *(f'  "{line}",' for line in approval.messages),
            "]",
        ]
        if approval.exceptions:
            lines += ["exceptions = [", *(f'  "{line}",' for line in approval.exceptions), "]"]
    return "\n".join(lines) + "\n"


def write_approvals(path: Path, approvals: Iterable[Approval]) -> bool:
    """Atomically (pipeline.fsio); False if the bytes are unchanged."""
    return write_text_atomic(path, render_approvals(approvals))
