"""Every check, in the order findings for one entry are listed (errors first).

The README's table of checks is tested against this list, so the two cannot drift.
"""

from __future__ import annotations

from pipeline.check import empty, glossary
from pipeline.check.base import Check

CHECKS: tuple[Check, ...] = (empty.CHECK, glossary.CHECK)

BY_NAME = {check.name: check for check in CHECKS}
