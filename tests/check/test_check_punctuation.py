"""``punctuation`` and ``whitespace``: endings compared by meaning, script by script."""

from __future__ import annotations

import pytest
from support.check_support import messages, run_checks

QUESTION = "Will the injection hurt?"
STATEMENT = "You may feel sore for a few days after the injection."


@pytest.mark.parametrize(
    ("source", "translation", "language"),
    [
        (QUESTION, "¿Me dolerá la inyección?", "es"),
        (QUESTION, "注射会疼吗？", "zh-Hans"),
        (QUESTION, "هل ستؤلمني الحقنة؟", "ar"),
        (QUESTION, "\u200fهل ستؤلمني الحقنة؟\u200f", "ar"),  # right-to-left marks around it
        (QUESTION, "Будет ли больно?", "ru"),
        (STATEMENT, "注射后几天内您可能会感到酸痛。", "zh-Hans"),
        (STATEMENT, "قد تشعر بألم لبضعة أيام بعد الحقنة.", "ar"),
        (STATEMENT, "После укола несколько дней может сохраняться болезненность.", "ru"),
        ('Ask: "Is it safe?"', "请问：“安全吗？”", "zh-Hans"),  # closing quotes looked through
        ("Rest **now**.", "Descanse **ahora.**", "es"),  # emphasis markers looked through
        ("Wait...", "稍等……", "zh-Hans"),
    ],
)
def test_script_aware_endings_match(source, translation, language):
    assert messages(source, translation, language, "punctuation") == []


@pytest.mark.parametrize(
    ("source", "translation", "language", "expected"),
    [
        (
            QUESTION,
            "La inyección dolerá.",
            "es",
            "a question mark, the translation with a full stop",
        ),
        (QUESTION, "注射会疼。", "zh-Hans", "a question mark, the translation with a full stop"),
        (
            STATEMENT,
            "قد تشعر بألم لبضعة أيام بعد الحقنة؟",
            "ar",
            "a full stop, the translation with a question mark",
        ),
        (
            STATEMENT,
            "После укола может быть больно",
            "ru",
            "a full stop, the translation with no punctuation",
        ),
    ],
)
def test_a_different_ending_is_a_warning(source, translation, language, expected):
    found = [f for f in run_checks(source, translation, language) if f.check == "punctuation"]
    assert [f.message for f in found] == [f"the source ends with {expected}"]
    assert found[0].severity == "warning"


def test_whitespace_and_newlines_at_the_edges():
    source = "Rest after the injection.\n"
    assert messages(source, "Descanse después de la inyección.", "es", "whitespace") == [
        "trailing whitespace differs: newline in the source, none in the translation"
    ]
    assert messages(source, "Descanse después de la inyección.\n", "es", "whitespace") == []
    assert messages("Rest.", " Отдыхайте.", "ru", "whitespace") == [
        "leading whitespace differs: none in the source, space in the translation"
    ]
    # A right-to-left mark is not whitespace: it must not count as a difference.
    assert messages("Rest.", "\u200fاسترح.", "ar", "whitespace") == []
