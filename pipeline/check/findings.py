"""What a check reports: one :class:`Finding` per problem, and per catalog a :class:`CatalogCheck`.

These are the contract between the checks, ``handout check``, ``handout status``
and the build's publishing rule, which all show the same lines: a finding prints
as ``path:line: severity: check: message``, the form editors and CI annotate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.errors import one_line

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem in one catalog entry, located so a translator can jump straight to it."""

    path: str  # as shown to users, e.g. "locales/es/LC_MESSAGES/wound-care.po"
    line: int  # line of the entry in the .po file (polib's entry.linenum)
    severity: str  # ERROR or WARNING
    check: str  # short name, e.g. "numbers"
    message: str  # e.g. '"500 mg" became "50 mg"'
    #: A meaning check the translator silenced: a warning, yet it blocks until a reviewer accepts.
    needs_review: bool = False

    @property
    def blocks(self) -> bool:
        """True if this finding keeps the entry's article from being published."""
        return self.severity == ERROR or self.needs_review

    def __str__(self) -> str:
        # one line whatever a file name or a quoted translation holds (see errors.one_line)
        return one_line(f"{self.path}:{self.line}: {self.severity}: {self.check}: {self.message}")

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity,
            "check": self.check,
            "message": self.message,
            "needs_review": self.needs_review,
        }


@dataclass(frozen=True)
class CatalogCheck:
    """The findings of one catalog, and the entries that were counted rather than checked."""

    path: str
    findings: tuple[Finding, ...]
    checked: int  # translated entries that went through the checks
    untranslated: int
    fuzzy: int
    obsolete: int

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)

    @property
    def needs_review(self) -> int:
        """Meaning checks a translator silenced that no reviewer has accepted yet."""
        return sum(1 for f in self.findings if f.needs_review)

    @property
    def publishable(self) -> bool:
        """The publishing rule's check half: no errors, nothing silenced without review."""
        return not any(f.blocks for f in self.findings)

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "checked": self.checked,
            "untranslated": self.untranslated,
            "fuzzy": self.fuzzy,
            "obsolete": self.obsolete,
            "errors": self.errors,
            "warnings": self.warnings,
            "needs_review": self.needs_review,
        }
