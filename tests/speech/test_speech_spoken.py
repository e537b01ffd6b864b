"""What the patient hears: clinical phrases in every voiced language, through the real espeak-ng.

Each language's fixture (doses in mg/mcg/mL/units, °C/°F, mmHg, a clock
time, a date, a phone number, an emergency number, a range, a fraction, a
table, a numbered list) is turned into its spoken forms by the real rules
and read by the real engine (``espeak_TextToPhonemes``): the phonemes must
not spell a unit letter by letter, nor switch to another language's rules
outside glossary terms. The read-back must catch a rule that changes a value.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from support.spoken_phrases import PHRASES, US_VOICES

from pipeline.errors import HandoutError
from pipeline.languages import parse_language
from pipeline.speech.phonemes import parse_phonemes, phonemize
from pipeline.speech.rules import load_rules
from pipeline.speech.spoken import spoken_form
from pipeline.speech.verify import measure_voices, ui_sample, without_terms

#: The voice handout chooses for each bundled language at a US clinic (checked below).
VOICES = US_VOICES

#: Clinical phrases as a translator writes them (units as the language writes them).

#: What espeak-ng says when it spells these units letter by letter (its -x phonemes).
SPELLED = {
    "en": [",EmdZ'i:", ",Em'El", ",Em'Em", "s'i:", "m,Eks'i:"],
    "es": [",emex'e", "'Eme 'Ele", ",eme'Eme"],
    "default": ["(en)"],
}


def _forms(tag: str) -> list[str]:
    rules = load_rules(parse_language(tag), "US", None)
    return [without_terms(spoken_form(p, rules).spoken, ["PRP"]) for p in PHRASES[tag]]


@pytest.mark.parametrize("tag", sorted(PHRASES))
def test_phrases_are_said_in_words_with_no_other_language_rules(tag: str) -> None:
    forms = _forms(tag)
    read = phonemize(VOICES[tag], forms)
    for form, found in zip(forms, read, strict=True):
        assert not found.foreign_words, f"{tag}: {form!r} in other rules: {found.phonemes}"
        for spelled in SPELLED.get(tag.split("-")[0], []):
            assert spelled not in found.phonemes, f"{tag}: {form!r} spells a unit: {found.phonemes}"
        assert not re.search(r"\b(mg|mL|mcg|mmHg)\b", form), form


@pytest.mark.parametrize("tag", sorted(PHRASES))
def test_every_phrase_says_the_quantities_of_the_page(tag: str) -> None:
    rules = load_rules(parse_language(tag), "US", None)
    for phrase in PHRASES[tag]:
        form = spoken_form(phrase, rules)
        assert form.safe, (phrase, form.spoken)
    doses = spoken_form(PHRASES[tag][0], rules).written_quantities
    assert (None, Decimal(500), "mass-milligram") in [q.said for q in doses]


def test_units_take_the_plural_their_number_needs() -> None:
    es = load_rules(parse_language("es"), "US", None)
    assert spoken_form("Tome 1 mg o 500 mg.", es).spoken == "Tome 1 miligramo o 500 miligramos."
    ru = load_rules(parse_language("ru"), None, None)
    said = spoken_form("1 мг, 2 мг, 5 мг.", ru).spoken
    assert said == "1 миллиграмм, 2 миллиграмма, 5 миллиграмм."
    zh = load_rules(parse_language("zh-Hans"), None, None)
    assert spoken_form("5 mL", zh).spoken == "5毫升"


def test_english_reads_numbers_times_dates_and_phones_as_a_person_would() -> None:
    en = load_rules(parse_language("en"), "US", None)
    said = spoken_form("Call 911 or (555) 010-0123 by 8:30 p.m. on 11/27/2026.", en).spoken
    assert said == "Call 9 1 1 or 5 5 5, 0 1 0, 0 1 2 3 by 8:30\u202fPM on November 27, 2026."
    said = spoken_form("BP 120/80 mmHg for 10–14 days; take 1/2 tablet, e.g. with Dr. Lee.", en)
    assert said.spoken == (
        "BP 120 over 80 millimeters of mercury for 10 to 14 days; "
        "take one half tablet, for example with Doctor Lee."
    )
    phones = phonemize("gmw/en-us", [said.spoken])[0].phonemes
    assert ",oUv3" in phones  # "over", not "slash"
    assert "sl'aS" not in phones


def test_a_broken_rule_that_changes_a_value_is_caught(tmp_path: Path) -> None:
    clinic = tmp_path / "es.spoken.toml"
    clinic.write_text('[units]\n"volume-milliliter" = "{0} litros"\n', encoding="utf-8")
    rules = load_rules(parse_language("es"), "US", clinic, "source/lexicons/es.spoken.toml")
    form = spoken_form("Beba 5 mL de agua.", rules)
    assert form.spoken == "Beba 5 litros de agua."
    assert not form.safe
    assert form.spoken_quantities[0].unit == "volume-liter"


def test_a_rule_that_swaps_a_range_is_caught(tmp_path: Path) -> None:
    clinic = tmp_path / "en.spoken.toml"
    clinic.write_text('range = "{1} to {0}"\n', encoding="utf-8")
    rules = load_rules(parse_language("en"), "US", clinic, "x")
    form = spoken_form("Take 10–20 mg.", rules)
    assert form.spoken == "Take 20 to 10 milligrams."
    assert not form.safe


@pytest.mark.parametrize(
    "rule",
    [
        '[units]\n"mass-milligram" = "{0}0 milligrams"',
        'decimal = "0"',
        '[abbreviations]\n"500" = "50"',
    ],
)
def test_rules_cannot_write_digits_of_their_own(tmp_path: Path, rule: str) -> None:
    clinic = tmp_path / "en.spoken.toml"
    clinic.write_text(rule + "\n", encoding="utf-8")
    with pytest.raises(HandoutError, match="digits"):
        load_rules(parse_language("en"), "US", clinic, "source/lexicons/en.spoken.toml")


def test_chinese_voice_is_chosen_by_the_measure() -> None:
    zh = parse_language("zh-Hans")
    found = measure_voices(["sit/cmn", "sit/cmn-latn-pinyin"], ui_sample(zh), ["PRP"])
    assert not found["sit/cmn"].passes and found["sit/cmn"].rules == ("en",)
    assert found["sit/cmn-latn-pinyin"].passes and found["sit/cmn-latn-pinyin"].foreign == 0


def test_phoneme_switches_are_attributed_to_words() -> None:
    read = parse_phonemes("x", "(en)nInt'u:_| kETr'i:_| sIf'o@(cmn)_| ts.'i.51_| (en)l,aI@(cmn)_|")
    assert [w.foreign for w in read.words] == ["en", "en", "en", None, "en"]
    assert len(read.foreign_words) == 4


def test_sentences_are_not_cut_after_an_abbreviation() -> None:
    """A cut after "p. m." or "мм рт." would leave half a time or a unit for each utterance."""
    from pipeline.speech.sentences import split_sentences

    assert split_sentences("Venga a las 8:30 p. m. del 27/11/2026. Gracias.", "es") == (
        "Venga a las 8:30 p. m. del 27/11/2026.",
        "Gracias.",
    )
    assert split_sentences("Давление 120/80 мм рт. ст. Звоните, т. е. сразу.", "ru") == (
        "Давление 120/80 мм рт. ст.",
        "Звоните, т. е. сразу.",
    )
    assert split_sentences("Take approx. 5 mL. Rest.", "en") == ("Take approx. 5 mL.", "Rest.")


def test_text_and_rules_cannot_forge_the_stage_placeholders(tmp_path: Path) -> None:
    """The stage parks spoken words behind private-use characters: a catalog's own are spaces."""
    en = load_rules(parse_language("en"), "US", None)
    assert spoken_form("Take \ue0000\ue001 5 mg.", en).spoken == "Take  0  5 milligrams."
    clinic = tmp_path / "en.spoken.toml"
    clinic.write_text('[abbreviations]\n"Dr." = "\ue0000\ue001"\n', encoding="utf-8")
    with pytest.raises(HandoutError, match="private-use"):
        load_rules(parse_language("en"), "US", clinic, "x")


#: One short article per voiced language: every kind of phrase, a table and a numbered list.
ARTICLES = {
    "en": """# Your medicine

Take 500 mg twice a day, or 250 mcg at night. Inject 10 units. Drink 5 mL of water.

Call us if your temperature is over 38.5 °C (101.3 °F). Your blood pressure was 180/120 mmHg.

Your appointment is at 8:30 p.m. on 11/27/2026. Call (555) 010-0123, or 911 in an emergency.

Rest for 10–14 days and take 1/2 tablet.

| Medicine | Dose |
| --- | --- |
| Ibuprofen | 400 mg |

1. Wash your hands.
2. Take 1 tablet.
""",
    "es": """# Su medicamento

Tome 500 mg dos veces al día, o 250 mcg por la noche. Inyecte 10 unidades. Beba 5 mL de agua.

Llame si su temperatura supera los 38,5 °C (101,3 °F). Su presión arterial era de 180/120 mmHg.

Su cita es a las 8:30 p. m. del 27/11/2026. Llame al (555) 010-0123, o al 911 en una emergencia.

Descanse de 10–14 días y tome 1/2 tableta.

| Medicamento | Dosis |
| --- | --- |
| Ibuprofeno | 400 mg |

1. Lávese las manos.
2. Tome 1 tableta.
""",
    "zh-Hans": """# 您的药物

每天服用两次500 mg，或晚上服用250 mcg。注射10单位。喝5 mL水。

如果体温超过38.5 °C（101.3 °F），请给我们打电话。您的血压是180/120 mmHg。

您的预约时间是2026年11月27日20:30。请拨打(555) 010-0123，紧急情况请拨打911。

休息10–14天，服用1/2片。

| 药物 | 剂量 |
| --- | --- |
| 布洛芬 | 400 mg |

1. 洗手。
2. 服用1片。
""",
    "vi": """# Thuốc của bạn

Uống 500 mg hai lần mỗi ngày, hoặc 250 mcg vào buổi tối. Tiêm 10 đơn vị. Uống 5 mL nước.

Gọi cho chúng tôi nếu nhiệt độ trên 38,5 °C (101,3 °F). Huyết áp của bạn là 180/120 mmHg.

Cuộc hẹn của bạn lúc 20:30 ngày 27/11/2026. Gọi (555) 010-0123, hoặc 911 khi cấp cứu.

Nghỉ ngơi 10–14 ngày và uống 1/2 viên.

| Thuốc | Liều |
| --- | --- |
| Ibuprofen | 400 mg |

1. Rửa tay.
2. Uống 1 viên.
""",
    "ar": """# دواؤك

تناول 500 ملغ مرتين يوميًا، أو 250 mcg ليلًا. احقن 10 وحدات. اشرب 5 مل من الماء.

اتصل بنا إذا تجاوزت حرارتك 38.5 °C (101.3 °F). كان ضغط دمك 180/120 mmHg.

موعدك الساعة 20:30 يوم 11/27/2026. اتصل بالرقم (555) 010-0123، أو 911 في حالة الطوارئ.

استرح لمدة 10–14 يومًا وتناول 1/2 قرص.

| الدواء | الجرعة |
| --- | --- |
| إيبوبروفين | 400 ملغ |

1. اغسل يديك.
2. تناول قرصًا واحدًا.
""",
    "ko": """# 복용하는 약

하루에 두 번 500 mg 또는 밤에 250 mcg을 복용하세요. 10단위를 주사하세요. 물 5 mL를 마시세요.

체온이 38.5 °C(101.3 °F)를 넘으면 전화하세요. 혈압은 180/120 mmHg였습니다.

예약 시간은 2026-11-27 20:30입니다. (555) 010-0123으로 전화하시고, 응급 상황에서는 911에 전화하세요.

10–14일 동안 쉬고 1/2정을 복용하세요.

| 약 | 용량 |
| --- | --- |
| 이부프로펜 | 400 mg |

1. 손을 씻으세요.
2. 1정을 복용하세요.
""",
    "ru": """# Ваше лекарство

Принимайте 500 мг два раза в день или 250 мкг на ночь. Введите 10 единиц. Выпейте 5 мл воды.

Позвоните, если температура выше 38,5 °C (101,3 °F). Ваше давление было 180/120 мм рт. ст.

Приём в 20:30 27.11.2026. Звоните по номеру (555) 010-0123 или 911 в экстренном случае.

Отдыхайте 10–14 дней и принимайте 1/2 таблетки.

| Лекарство | Доза |
| --- | --- |
| Ибупрофен | 400 мг |

1. Вымойте руки.
2. Примите 1 таблетку.
""",
}


@pytest.mark.parametrize("tag", sorted(ARTICLES))
def test_a_clinical_article_is_heard_in_words_in_its_own_language(tag: str, tmp_path: Path) -> None:
    """Source article in each language → script (structure, spoken forms) → espeak-ng phonemes."""
    from pipeline.config import load_config
    from pipeline.project import Project
    from pipeline.report import Report
    from pipeline.speech.scriptview import script_lines

    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    (root / "source" / "medicine.md").write_text(
        f"---\ntitle: T\nlanguage: {tag}\n---\n\n{ARTICLES[tag]}", encoding="utf-8"
    )
    (root / "handout.toml").write_text(
        f'source_language = "{tag}"\nlanguages = []\nregion = "US"\n', encoding="utf-8"
    )
    lines = script_lines(Project(load_config(root)), Report(), (), ())
    spoken = [line.spoken for line in lines]
    header = ARTICLES[tag].split("| --- | --- |")[0].split("\n")[-2].split("|")[2].strip()
    dose = next(s for s in spoken if s.startswith(f"{header}: "))
    assert any(c.isdigit() for c in dose), dose  # "Dose: 400 milligrams": the header before it
    assert any(s.startswith("1. ") for s in spoken) and any(s.startswith("2. ") for s in spoken)
    heard = [without_terms(s, ["Ibuprofen"]) for s in spoken]  # a Latin drug name: a glossary term
    for form, found in zip(heard, phonemize(VOICES[tag], heard), strict=True):
        assert not found.foreign_words, f"{tag}: {form!r} in other rules: {found.phonemes}"
        for spelled in SPELLED.get(tag.split("-")[0], []):
            assert spelled not in found.phonemes, f"{tag}: {form!r} spells a unit: {found.phonemes}"
        assert not re.search(r"(?<![A-Za-z])(mg|mL|mcg|mmHg|°[CF])(?![A-Za-z])", form), form


@pytest.mark.parametrize(
    ("voice", "digits", "words"),
    [
        ("gmw/en-us", "500", "five hundred"),
        ("gmw/en-us", "1.5", "one point five"),
        ("roa/es-419", "500", "quinientos"),
        ("roa/es-419", "1,5", "uno coma cinco"),
        ("sit/cmn-latn-pinyin", "500", "五百"),
        ("sit/cmn-latn-pinyin", "1点5", "一点五"),  # the rules' decimal word: "1.5" loses the 点
    ],
)
def test_numbers_left_as_digits_are_read_as_their_words(
    voice: str, digits: str, words: str
) -> None:
    """Spoken forms leave numbers to espeak-ng because it says them as the words would be said."""

    def sounds(text: str) -> str:
        return re.sub(r"[\s'_|!,;:]", "", phonemize(voice, [text])[0].phonemes)

    assert sounds(digits) == sounds(words)
    if digits == "1点5":
        assert sounds("1.5") != sounds(words)


_PIECES = [
    "5", "500", "1.5", "1,5", "38,5", "120/80", "10–14", "10-14", "mg", "mL", "ml", "°C", "°F",
    "mmHg", "мг", "мм рт. ст.", "ملغ", "毫克", "to", "over", "sobre", ".", ",", "(", ")", "+1",
    "555-0123", "(555) 010-0123", "911", "8:30", "p.m.", "11/27/2026", "2026-11-27", "1/2",
    "Dr.", "g", "gotas", "에", "的", "a", "3 000", "/", ":",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10), st.sampled_from(sorted(VOICES)))
def test_spoken_forms_say_the_quantities_of_any_text(pieces: list[str], tag: str) -> None:
    """Whatever mix of numbers, units, dates, times and phone numbers a sentence holds
    (words apart), its spoken form reads back to the same quantities."""
    stamps = {"11/27/2026", "2026-11-27", "8:30", "p.m.", "555-0123", "(555) 010-0123", "911"}
    units = {"mg", "mL", "ml", "°C", "°F", "mmHg", "мг", "мм рт. ст.", "ملغ", "毫克", "g"}
    assume(not any(a in stamps and b in units for a, b in itertools.pairwise(pieces)))  # no dose
    rules = load_rules(parse_language(tag), "US", None)
    form = spoken_form(" ".join(pieces), rules)
    assert form.safe, (form.spoken, form.written_quantities, form.spoken_quantities)
