"""``notation``: ISMP's error-prone notations, in translations (here) and in the source
(``tests/check/test_check_meaning_cli.py`` runs ``handout check`` and ``status`` on a source)."""

from __future__ import annotations

import pytest
from support.check_support import messages

from pipeline.check.notation import error_prone
from pipeline.languages import parse_language


@pytest.mark.parametrize(
    ("text", "written", "safer"),
    [
        ("Take 1.0 mg.", "1.0 mg", "write 1"),
        ("Take .5 mg.", ".5 mg", "write 0.5"),
        ("Inject 10 U of insulin.", "10 U", 'write "units"'),
        ("Inject 10 IU.", "10 IU", 'write "units"'),
        ("Take 50 µg.", "50 µg", "write mcg"),
        ("Give 5 cc.", "5 cc", "write mL"),
        ("Take 1 tablet QD.", "QD", '"once a day"'),
        ("Take 1 tablet BID.", "BID", '"once a day"'),
        ("Take it q.d.", "q.d.", '"once a day"'),
        ("Come back on 03/04/2026.", "03/04/2026", "ISO 8601"),
    ],
)
def test_each_error_prone_notation_is_named_with_the_safer_form(text, written, safer):
    found = error_prone(text, parse_language("en"))
    assert [n.written for n in found] == [written]
    assert safer in found[0].why


@pytest.mark.parametrize(
    "text",
    [
        "Take 1 mg.",
        "Take 0.5 mg.",
        "Do not take more than 3,000 mg.",
        "Inject 10 units.",
        "Take 50 mcg.",
        "Come back on 13/04/2026.",
        "Version 2.0 of the leaflet.",
        "Take 10.5 mg.",
    ],
)
def test_safe_notations_are_not_flagged(text):
    assert error_prone(text, parse_language("en")) == ()


def test_a_translation_that_brings_in_a_notation_gets_a_warning():
    assert messages("Take 1 mg once a day.", "Tome 1,0 mg QD.", "es", "notation") == [
        'error-prone notation "1,0 mg": a trailing zero is read as ten times the dose; write 1',
        'error-prone notation "QD": Latin abbreviations are misread (QD as QID); write the '
        'frequency in words, e.g. "once a day"',
    ]


def test_a_translation_keeping_the_sources_notation_is_left_to_the_source_finding():
    assert messages("Take 1.0 mg.", "Tome 1.0 mg.", "es", "notation") == []


def test_spanish_thousands_are_not_trailing_zeros():
    assert messages("Take 3,000 mg.", "Tome 3.000 mg.", "es", "notation") == []
