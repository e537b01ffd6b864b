"""What a command did and what went wrong: the report decides the exit code.

Library code never prints. It returns results and records problems here, one
:class:`Diagnostic` each, so the command line (or a test, or a CI wrapper) can
decide how to show them — and one bad article never hides the others'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from pipeline.errors import HandoutError, one_line
from pipeline.failures import Failure


class Exit(IntEnum):
    OK = 0
    FAILED = 1  # the command ran, and found problems (check errors, skipped languages)
    BAD_INPUT = 2  # input the user must fix: a malformed file, an unknown language


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error", "warning" or "note"
    message: str
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            path = one_line(self.path)
            where = f"{path}:{self.line}: " if self.line else f"{path}: "
        return f"{where}{self.severity}: {one_line(self.message)}"


@dataclass
class Report:
    """Collects diagnostics and written files over one command."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    bad_input: bool = False
    failed: bool = False
    failures: list[Failure] = field(default_factory=list)  # listed last, one line each

    def error(self, exc: HandoutError) -> None:
        self.bad_input = True
        self.diagnostics.append(Diagnostic("error", exc.message, exc.path, exc.line))

    def warn(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.diagnostics.append(Diagnostic("warning", message, path, line))

    def note(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.diagnostics.append(Diagnostic("note", message, path, line))

    def fail(self, failure: Failure) -> None:
        """A work item the command could not finish; the others go on (see pipeline.failures)."""
        if failure not in self.failures:
            self.failures.append(failure)
        if failure.bad_input:
            self.bad_input = True
        else:
            self.failed = True

    def wrote(self, path: str, changed: bool) -> None:
        if changed:
            self.written.append(path)
        else:
            self.unchanged += 1

    @property
    def exit_code(self) -> Exit:
        if self.bad_input:
            return Exit.BAD_INPUT
        return Exit.FAILED if self.failed else Exit.OK
