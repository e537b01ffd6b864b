"""``markup``, ``urls``, ``html``: the translation renders like the source, links intact."""

from __future__ import annotations

import pytest
from support.check_support import messages, run_checks

CALL = "Call the clinic **right away** if the injection site is red or warm."
GUIDE = "Read [the aftercare guide](https://clinic.example/prp-aftercare) before you go home."


@pytest.mark.parametrize(
    ("translation", "language", "expected"),
    [
        (
            "Llame a la clínica de inmediato si la zona de la inyección está roja o caliente.",
            "es",
            "strong emphasis (**…**): 1 in the source, 0 in the translation",
        ),
        (
            # CommonMark does not open ** between a letter and a CJK quote: it would print as is.
            "如果注射部位发红或发热，请**“立即”**致电诊所。",
            "zh-Hans",
            "strong emphasis (**…**): 1 in the source, 0 in the translation; some markers "
            "would print as they are (check the spaces and punctuation next to them)",
        ),
        (
            "اتصل بالعيادة *فورًا* إذا كان موضع الحقن أحمر أو دافئًا.",
            "ar",
            "emphasis (*…*): 0 in the source, 1 in the translation",
        ),
        (
            "Позвоните в клинику `немедленно`, если место укола покраснело или стало горячим.",
            "ru",
            "strong emphasis (**…**): 1 in the source, 0 in the translation",
        ),
    ],
)
def test_inline_markdown_that_differs_is_an_error(translation, language, expected):
    found = messages(CALL, translation, language, "markup")
    assert found[0] == expected


@pytest.mark.parametrize(
    ("translation", "language"),
    [
        ("Llame a la clínica **de inmediato** si la zona está roja o caliente.", "es"),
        ("如果注射部位发红或发热，请**立即**致电诊所。", "zh-Hans"),
        ("\u200fاتصل بالعيادة **فورًا** إذا كان موضع الحقن أحمر أو دافئًا.", "ar"),
        (
            "Позвоните в клинику **немедленно**, если место укола покраснело или стало горячим.",
            "ru",
        ),
    ],
)
def test_same_markup_in_any_script_passes(translation, language):
    assert run_checks(CALL, translation, language) == []


@pytest.mark.parametrize(
    ("translation", "language", "expected"),
    [
        (
            "Lea [la guía de cuidados](https://clinic.example/es/prp-aftercare) antes de irse.",
            "es",
            'link target "https://clinic.example/prp-aftercare" became '
            '"https://clinic.example/es/prp-aftercare"',
        ),
        (
            "回家前请阅读护理指南。",
            "zh-Hans",
            'link target "https://clinic.example/prp-aftercare" is missing from the translation',
        ),
        (
            "Прочитайте [памятку](https://clinic.example/prp-aftercare) и https://evil.example.",
            "ru",
            'link target "https://evil.example" is not in the source',
        ),
    ],
)
def test_a_link_target_that_differs_is_an_error(translation, language, expected):
    assert messages(GUIDE, translation, language, "urls") == [expected]


@pytest.mark.parametrize(
    ("translation", "language"),
    [
        ("Lea [la guía de cuidados](https://clinic.example/prp-aftercare) antes de irse.", "es"),
        ("回家前请阅读[护理指南](https://clinic.example/prp-aftercare)。", "zh-Hans"),
        ("اقرأ [دليل الرعاية](https://clinic.example/prp-aftercare) قبل العودة إلى المنزل.", "ar"),
    ],
)
def test_the_same_link_target_passes(translation, language):
    assert run_checks(GUIDE, translation, language) == []


def test_bare_urls_compare_without_the_sentence_punctuation():
    source = "More at https://clinic.example/prp."
    assert run_checks(source, "更多信息：https://clinic.example/prp。", "zh-Hans") == []
    assert run_checks(source, "المزيد على https://clinic.example/prp.", "ar") == []


@pytest.mark.parametrize(
    ("translation", "language", "expected"),
    [
        (
            "Llame <b>de inmediato</b> si la zona está roja o caliente.",
            "es",
            [
                'raw HTML "<b>" is not in the source (translations may not add HTML)',
                'raw HTML "</b>" is not in the source (translations may not add HTML)',
            ],
        ),
        (
            "如果注射部位发红或发热，请立即<script>alert(1)</script>致电诊所。",
            "zh-Hans",
            [
                'raw HTML "<script>" is not in the source (translations may not add HTML)',
                'raw HTML "</script>" is not in the source (translations may not add HTML)',
            ],
        ),
        (
            "Позвоните в клинику&nbsp;немедленно, если место укола покраснело.",
            "ru",
            ['HTML entity "&nbsp;" is not in the source: type the character itself'],
        ),
    ],
)
def test_raw_html_or_an_entity_the_source_lacks_is_an_error(translation, language, expected):
    assert messages(
        "Call right away if the site is red or warm.", translation, language, "html"
    ) == (expected)


def test_html_and_entities_the_source_has_may_stay():
    source = "Ice &amp; rest: see <abbr>PRP</abbr> notes."
    assert (
        messages(source, "Hielo &amp; reposo: vea las notas <abbr>PRP</abbr>.", "es", "html") == []
    )
    # A tag inside a code span is shown as text, not markup.
    assert messages("Type `<br>` here.", "Escriba `<br>` aquí.", "es", "html") == []
