"""What an approved translation says about itself, as values the publishing rule hands on.

The publishing rule (:mod:`pipeline.publish.continuity`) decides which version of a
translation is online and why; the renderers (:mod:`pipeline.text.provenance`)
put it into words. The values live here, with the rule, so the rule never
imports a renderer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Provenance:
    """What an approved translation says about itself (names as the files give them)."""

    translator: str  # Last-Translator, without e-mail; "" if the catalog names nobody
    reviewer: str
    credential: str
    reviewed_on: date
    source_date: date | None  # the source article's ``reviewed`` date it translates


@dataclass(frozen=True)
class Notice:
    """A previous version kept online: the source changed (on ``date``), or only the catalog."""

    source_changed: bool
    date: date | None
