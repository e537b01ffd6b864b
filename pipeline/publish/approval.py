"""Clinical sign-off: who approved which translation, and whether it still holds.

Clinics must have medical translations revised by a second qualified person,
and gettext has nowhere to say so (a header is rewritten by the translator's
editor; Weblate keeps "approved" in its database). So the approvals live in
``locales/approvals.toml`` (read and written by
:mod:`pipeline.publish.approvals_file`; its names are exported here too).

An approval is for exactly what the reviewer read: ``messages`` lists each
message as ``<msgid hash>:<msgstr hash>`` (16 hex digits of SHA-256 each) and
``digest`` is the SHA-256 of the source article's digest and those lines (and
of ``exceptions``: meaning checks a translator flagged on a message, which the
reviewer accepted by approving; :func:`accepted_by`). Any
later change to an approved message (its source or its translation) makes
the current catalog's digest differ, so the approval is *void* for it, and the
lines say how many messages changed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import polib

from pipeline.check.accepted import message_key, short_digest
from pipeline.check.project import Reviewed
from pipeline.errors import HandoutError
from pipeline.fsio import read_confined
from pipeline.languages import Language
from pipeline.project import Project
from pipeline.publish.approvals_file import (
    APPROVALS_NAME,
    MAX_NAME,
    Approval,
    Approvals,
    approvals_path,
    content_digest,
    read_approvals,
    render_approvals,
    write_approvals,
)
from pipeline.safety import control_character

__all__ = [
    "APPROVALS_NAME",
    "Approval",
    "ApprovalState",
    "Approvals",
    "Content",
    "accepted_by",
    "approvals_path",
    "approved_exceptions",
    "catalog_messages",
    "content_digest",
    "content_of",
    "judge",
    "message_lines",
    "parse_reviewer",
    "read_approvals",
    "render_approvals",
    "same_person",
    "translator_name",
    "write_approvals",
]


@dataclass(frozen=True)
class Content:
    """What a reviewer would approve now: the source's digest and every message's line."""

    source: str
    messages: tuple[str, ...]

    @property
    def digest(self) -> str:
        return content_digest(self.source, self.messages)


@dataclass(frozen=True)
class ApprovalState:
    """An approval held against the catalog as it is: valid, void, refused, or none.

    ``changed`` counts the messages that differ from what was approved (void);
    ``refused`` is an approval the two-person rule does not accept.
    """

    state: str  # "approved", "void", "refused" or "none"
    reviewer: str = ""
    credential: str = ""
    date: date | None = None
    changed: int = 0

    @property
    def valid(self) -> bool:
        return self.state == "approved"

    def describe(self) -> str:
        """One line for ``status`` and the build's notes."""
        when = self.date.isoformat() if self.date else ""
        if self.state == "approved":
            return f"approved by {self.reviewer}, {self.credential} on {when}"
        if self.state == "void":
            what = f"{self.changed} message(s) changed" if self.changed else "the source changed"
            return f"approval void: {what} since {when}"
        if self.state == "refused":
            return f"approval by {self.reviewer} refused: two_person, and they translated it"
        return "not approved"

    @staticmethod
    def from_json(data: dict[str, Any]) -> ApprovalState:
        when = data.get("date")
        return ApprovalState(
            str(data["state"]),
            str(data.get("reviewer") or ""),
            str(data.get("credential") or ""),
            None if when is None else date.fromisoformat(str(when)),
            int(data.get("changed") or 0),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "reviewer": self.reviewer or None,
            "credential": self.credential or None,
            "date": self.date.isoformat() if self.date else None,
            "changed": self.changed,
        }


def _short(text: str) -> str:
    return short_digest(text)


def message_lines(translations: Mapping[str, str]) -> tuple[str, ...]:
    """``<msgid hash>:<msgstr hash>`` per message, sorted: what an approval lists."""
    return tuple(sorted(f"{_short(key)}:{_short(value)}" for key, value in translations.items()))


def catalog_messages(catalog: polib.POFile) -> dict[str, str]:
    """Every active message with what it would publish: fuzzy or empty ones count as empty.

    A msgctxt is part of the message's identity, as in gettext (``ctx\\x04msgid``).
    """
    found: dict[str, str] = {}
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        found[message_key(entry.msgid, entry.msgctxt)] = "" if entry.fuzzy else entry.msgstr
    return found


def content_of(source_bytes: bytes, translations: Mapping[str, str]) -> Content:
    return Content(hashlib.sha256(source_bytes).hexdigest(), message_lines(translations))


def translator_name(catalog: polib.POFile) -> str:
    """The catalog's ``Last-Translator`` without its e-mail address ('' for the template's)."""
    value = str(catalog.metadata.get("Last-Translator", ""))
    name = re.sub(r"<[^>]*>", "", value).strip()
    return "" if name.upper() == "FULL NAME" else name


def same_person(a: str, b: str) -> bool:
    """Names compared as people write them: case, spacing and e-mail address ignored."""

    def norm(name: str) -> str:
        return " ".join(re.sub(r"<[^>]*>", "", name).casefold().split())

    return bool(norm(a)) and norm(a) == norm(b)


def judge(
    approval: Approval | None, content: Content, translator: str, two_person: bool
) -> ApprovalState:
    """The approval's state against ``content`` (the catalog and source as they are)."""
    if approval is None:
        return ApprovalState("none")
    details = (approval.reviewer, approval.credential, approval.date)
    if content_digest(approval.source, approval.messages) != content.digest:
        return ApprovalState("void", *details, changed=_changed(approval.messages, content))
    if two_person and same_person(approval.reviewer, translator):
        return ApprovalState("refused", *details)
    return ApprovalState("approved", *details)


def accepted_by(approval: Approval | None, state: ApprovalState) -> frozenset[tuple[str, str]]:
    """(message hash, check) pairs the approval accepts: none unless it is valid (not void)."""
    if approval is None or not state.valid:
        return frozenset()
    return frozenset((e[:16], e[17:]) for e in approval.exceptions)


def approved_exceptions(project: Project) -> Reviewed:
    """What ``check`` and ``status`` accept per catalog: its valid approval's exceptions.

    Reads the approvals file once per command (it is large in a big library);
    the build judges each unit's approval itself.
    """
    path = approvals_path(project.config.folders.locales)
    approvals = read_approvals(path, project.shown(path))
    config = project.config

    def reviewed(
        language: Language, slug: str, catalog: polib.POFile
    ) -> frozenset[tuple[str, str]]:
        approval = approvals.get(slug, language)
        source = config.folders.source / f"{slug}.md"
        if approval is None or not approval.exceptions or not source.is_file():
            return frozenset()
        data = read_confined(source, project.shown(source), config.rules, "article_bytes").data
        content = content_of(data, catalog_messages(catalog))
        state = judge(approval, content, translator_name(catalog), config.two_person)
        return accepted_by(approval, state)

    return reviewed


def _changed(approved: tuple[str, ...], content: Content) -> int:
    """How many messages differ from the approved ones (changed, added or removed)."""
    old = dict(line.split(":", 1) for line in approved)
    new = dict(line.split(":", 1) for line in content.messages)
    return sum(1 for key in old.keys() | new.keys() if old.get(key) != new.get(key))


def parse_reviewer(value: str) -> tuple[str, str]:
    """``"Name, credential"`` → (name, credential), split at the first comma."""
    name, _, credential = value.partition(",")
    name, credential = name.strip(), credential.strip()
    if not name or not credential:
        raise HandoutError(
            f'--reviewer must be "Name, credential" (e.g. "Ana Ruiz, MD"), not {value!r}'
        )
    if control_character(value) is not None or "\n" in value:
        raise HandoutError("--reviewer contains a control character")
    if len(name) > MAX_NAME or len(credential) > MAX_NAME:
        raise HandoutError(f"--reviewer: name and credential at most {MAX_NAME} characters each")
    return name, credential
