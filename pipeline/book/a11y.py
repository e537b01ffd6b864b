"""Accessibility metadata, as EPUB Accessibility 1.1 asks: what the book offers, stated honestly.

A reading app or a library catalog shows these before anyone opens the book,
so they describe this book, not books in general: ``auditory`` and
``synchronizedAudioText`` only when a narration is inside, and listening is
called sufficient only when every sentence has its clip and nothing (code,
raw HTML, the clinic's name, the review date) goes unread. The content itself
is what the team tests against WCAG 2.2 AA (Ace by DAISY in the tests), hence
the conformance claim; the evaluator EPUB Accessibility 1.1 asks to name is
the publisher itself (the clinic), which evaluated its own book through those
checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.book.model import Book

CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
#: Who evaluated the book when no clinic is named: the publisher, through this tool's checks.
SELF_EVALUATION = "The publisher, with handout's automated checks (EPUBCheck, Ace by DAISY)"


@dataclass(frozen=True)
class Accessibility:
    access_modes: tuple[str, ...]
    sufficient: tuple[str, ...]
    features: tuple[str, ...]
    hazards: tuple[str, ...]
    summary: str
    summary_lang: str
    certified_by: str
    conforms_to: str = CONFORMS_TO

    def properties(self) -> tuple[tuple[str, str], ...]:
        """``(property, value)`` pairs for the package document's ``<meta>`` elements."""
        return (
            *(("schema:accessMode", mode) for mode in self.access_modes),
            *(("schema:accessModeSufficient", mode) for mode in self.sufficient),
            *(("schema:accessibilityFeature", feature) for feature in self.features),
            *(("schema:accessibilityHazard", hazard) for hazard in self.hazards),
        )


def accessibility(book: Book) -> Accessibility:
    strings = book.content.strings
    narrated = book.narrated
    features = [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ]
    if narrated:
        features.append("synchronizedAudioText")
    summary = strings.summary + (" " + strings.summary_narrated if narrated else "")
    return Accessibility(
        access_modes=("textual", "auditory") if narrated else ("textual",),
        sufficient=("textual", "auditory") if book.fully_narrated else ("textual",),
        features=tuple(features),
        hazards=("none",),
        summary=summary,
        summary_lang=strings.lang,
        certified_by=book.content.edition.clinic or SELF_EVALUATION,
    )
