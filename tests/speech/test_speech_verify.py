"""Voices verified by what they say, spoken forms in real builds, pages of voiceless languages.

Everything runs the real engine: ``handout voices`` asks espeak-ng for its
voices and measures each on its phonemes; audio builds synthesize for real.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from support.project import BUNDLED_SLUG, CliResult
from support.spoken_phrases import US_VOICES

from pipeline.config import load_config
from pipeline.languages import parse_language
from pipeline.project import Project
from pipeline.report import Report
from pipeline.speech.build import AudioRequest, build_audio
from pipeline.speech.phonemes import phonemize
from pipeline.speech.scriptview import script_lines
from pipeline.speech.verify import without_terms

Run = Callable[..., CliResult]

ARTICLE = """---
title: Your Medicine
language: en
---

# Your Medicine

Take 500 mg twice a day. Drink 5 mL of water with each dose.

Your blood pressure should stay under 140/90 mmHg.

1. Wash your hands.
2. Call [our nurse](tel:+1-555-010-0123) if you feel dizzy.

| Medicine | Dose |
| --- | --- |
| Ibuprofen | 400 mg |

![A blister pack of tablets](pack.png)

Call 911 in an emergency.
"""


def _small_project(root: Path) -> Path:
    root.mkdir()
    (root / "source").mkdir()
    (root / "source" / "medicine.md").write_text(ARTICLE, encoding="utf-8")
    (root / "handout.toml").write_text(
        'clinic = "Test Clinic"\nsource_language = "en"\nlanguages = []\nregion = "US"\n',
        encoding="utf-8",
    )
    return root


def _rows(result: CliResult) -> dict[str, str]:
    rows = {}
    for line in result.out.splitlines()[2:]:
        tag, _, rest = line.partition(" ")
        _engine, _, rest = rest.strip().partition(" ")  # the engine column (espeak-ng, piper)
        rows[tag] = rest
    return rows


def test_voices_shows_the_measure_and_chooses_by_it_and_by_region(
    project: Path, run_cli: Run
) -> None:
    result = run_cli(project, "voices")
    assert result.code == 0, result.err
    assert "foreign-rule words" in result.out.splitlines()[1]
    rows = _rows(result)
    assert re.match(r"\s*sit/cmn-latn-pinyin\s.*\s0\.0% foreign, 0 of \d+ words", rows["zh-Hans"])
    assert rows["en"].split()[0] == "gmw/en-us"  # a US clinic
    assert rows["es"].split()[0] == "roa/es-419"  # CLDR: es-US's parent is es-419
    for tag in ("vi", "ar", "ko", "ru"):
        assert re.search(r"\s0\.0% foreign, 0 of \d+ words", rows[tag]), rows[tag]
    assert "no voice" in rows["tl"]


def test_without_a_region_the_engine_default_voices_stay(project: Path, run_cli: Run) -> None:
    config = project / "handout.toml"
    config.write_text(
        re.sub(r"(?m)^region = .*$", "", config.read_text(encoding="utf-8")), encoding="utf-8"
    )
    rows = _rows(run_cli(project, "voices"))
    assert rows["en"].split()[0] == "gmw/en"
    assert rows["es"].split()[0] == "roa/es"
    assert rows["zh-Hans"].split()[0] == "sit/cmn-latn-pinyin"  # the measure, not the region


def test_a_configured_voice_that_fails_the_measure_is_refused(project: Path, run_cli: Run) -> None:
    config = project / "handout.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[voices.zh-Hans]\nvoice = "sit/cmn"\n',
        encoding="utf-8",
    )
    result = run_cli(project, "voices")
    errors = [line for line in result.err.splitlines() if "error:" in line]
    assert result.code == 2
    assert len(errors) == 1, result.err
    assert errors[0].startswith("handout.toml: error: voices.zh-Hans.voice: sit/cmn reads ")
    assert "(en)" in errors[0] and "limit" in errors[0]


def test_every_bundled_translation_is_read_without_foreign_rules(project: Path) -> None:
    """The measure over every bundled translation: no foreign-rule words outside glossary terms."""
    config = load_config(project)
    lines = script_lines(Project(config), Report(), (), ())
    voices = US_VOICES
    assert {line.language for line in lines} >= set(voices)
    for tag, voice in voices.items():
        spoken = [without_terms(line.spoken, ["P R P", *config.glossary]) for line in lines]
        texts = [s for s, line in zip(spoken, lines, strict=True) if line.language == tag]
        read = phonemize(voice, texts)
        foreign = [(p.text, p.phonemes) for p in read if p.foreign_words]
        assert not foreign, f"{tag}: {foreign[:2]}"


def test_script_says_what_will_be_spoken_with_structure(tmp_path: Path, run_cli: Run) -> None:
    root = _small_project(tmp_path / "small")
    result = run_cli(root, "script", "--json", "--phonemes")
    assert result.code == 0, result.err
    lines = json.loads(result.out)
    spoken = {line["written"]: line["spoken"] for line in lines}
    assert spoken["Take 500 mg twice a day."] == "Take 500 milligrams twice a day."
    assert spoken["Your blood pressure should stay under 140/90 mmHg."] == (
        "Your blood pressure should stay under 140 over 90 millimeters of mercury."
    )
    assert spoken["Wash your hands."] == "1. Wash your hands."
    assert spoken["Call our nurse if you feel dizzy."] == (
        "2. Call our nurse (plus 1, 5 5 5, 0 1 0, 0 1 2 3) if you feel dizzy."
    )
    assert spoken["400 mg"] == "Dose: 400 milligrams"
    assert spoken["A blister pack of tablets"] == "Picture: A blister pack of tablets"
    assert spoken["Call 911 in an emergency."] == "Call 9 1 1 in an emergency."
    first = next(line for line in lines if line["written"] == "Take 500 mg twice a day.")
    assert first["source"] == "source/medicine.md:8"
    assert "m'IlI2gr,amz" in first["phonemes"] and ",EmdZ'i:" not in first["phonemes"]


def test_a_quantity_changed_by_a_rule_stops_that_language(tmp_path: Path, run_cli: Run) -> None:
    root = _small_project(tmp_path / "small")
    (root / "source" / "lexicons").mkdir()
    (root / "source" / "lexicons" / "en.spoken.toml").write_text(
        '[units]\n"volume-milliliter" = "{0} liters"\n', encoding="utf-8"
    )
    result = run_cli(root, "audio")
    failed = [line for line in result.err.splitlines() if line.startswith("failed:")]
    assert result.code != 0
    assert len(failed) == 1, result.err
    assert failed[0].startswith("failed: medicine in en: source/medicine.md:8: ")
    assert "5 volume-milliliter" in failed[0] and "5 volume-liter" in failed[0]
    assert not (root / "audio" / "en" / "medicine.mp3").exists()


def test_a_rule_change_respeaks_exactly_the_sentences_it_changes(tmp_path: Path) -> None:
    root = _small_project(tmp_path / "small")
    project = Project(load_config(root))
    request = AudioRequest(languages=(parse_language("en"),), jobs=1)
    cold = build_audio(project, Report(), request)
    assert cold.synthesized > 0
    before = {line.written: line.spoken for line in script_lines(project, Report(), (), ())}
    (root / "source" / "lexicons").mkdir()
    (root / "source" / "lexicons" / "en.spoken.toml").write_text(
        '[units]\n"mass-milligram" = "{0} milligrams of medicine"\n', encoding="utf-8"
    )
    project = Project(load_config(root))
    after = {line.written: line.spoken for line in script_lines(project, Report(), (), ())}
    changed = sorted({after[w] for w in after if after[w] != before[w]})
    assert changed == [
        "Dose: 400 milligrams of medicine",
        "Take 500 milligrams of medicine twice a day.",
    ]
    again = build_audio(project, Report(), request)
    assert list(again.spoken) == changed
    assert 0 < again.sections_rendered < len(cold.spoken)  # only the sections that changed
    unchanged = build_audio(project, Report(), request)
    assert unchanged.synthesized == 0 and unchanged.sections_rendered == 0


@pytest.mark.parametrize("language", ["tl"])
def test_a_language_without_a_voice_says_so_on_its_page(
    project: Path, run_cli: Run, language: str
) -> None:
    assert run_cli(project, "audio", "--lang", language).code == 0
    assert json.loads((project / "audio" / "no-voice.json").read_text()) == [language]
    assert run_cli(project, "build", "--lang", language).code == 0
    page = (project / "build" / language / f"{BUNDLED_SLUG}.html").read_text(encoding="utf-8")
    notice = re.search(r'<section class="listen no-voice".*?</section>', page, re.S)
    assert notice is not None
    assert "Walang recording sa Tagalog" in notice.group(0)
    assert f'href="{BUNDLED_SLUG}.epub"' in notice.group(0)
    assert ' lang="' not in notice.group(0)  # in the page's own language
    assert (project / "build" / language / f"{BUNDLED_SLUG}.epub").is_file()
    assert "<audio" not in page


def test_a_malformed_clinic_rule_file_is_one_line_with_its_line(
    tmp_path: Path, run_cli: Run
) -> None:
    root = _small_project(tmp_path / "small")
    (root / "source" / "lexicons").mkdir()
    (root / "source" / "lexicons" / "en.spoken.toml").write_text(
        'range = "{0} to {1}"\n[units\n', encoding="utf-8"
    )
    result = run_cli(root, "audio")
    assert result.code == 2
    failed = [line for line in result.err.splitlines() if line.startswith("failed:")]
    assert failed == [
        "failed: medicine in en: source/lexicons/en.spoken.toml:2: invalid TOML: Expected ']' "
        "at the end of a table declaration (at line 2, column 7)"
    ]
    assert not (root / "audio" / "en" / "medicine.mp3").exists()


def test_a_language_without_interface_strings_is_measured_on_its_articles(
    tmp_path: Path, run_cli: Run
) -> None:
    root = tmp_path / "fr"
    (root / "source").mkdir(parents=True)
    (root / "source" / "glace.md").write_text(
        "---\ntitle: La glace\nlanguage: fr\n---\n\n# La glace\n\n"
        "Enveloppez la poche de glace dans une serviette. Gardez-la sur la peau dix minutes.\n",
        encoding="utf-8",
    )
    (root / "handout.toml").write_text(
        'source_language = "fr"\nlanguages = []\nregion = "FR"\n', encoding="utf-8"
    )
    result = run_cli(root, "voices")
    assert result.code == 0, result.err
    row = _rows(result)["fr"]
    assert row.split()[0] == "roa/fr"  # the region's own voice (fr-fr)
    words = re.search(r"0\.0% foreign, 0 of (\d+) words", row)
    assert words is not None and int(words.group(1)) >= 15, row


def test_an_article_word_read_with_other_rules_is_a_warning(tmp_path: Path, run_cli: Run) -> None:
    root = tmp_path / "ru"
    (root / "source").mkdir(parents=True)
    (root / "source" / "visit.md").write_text(
        "---\ntitle: Визит\nlanguage: ru\n---\n\n# Визит\n\n"
        "Возьмите с собой insurance. Инъекции PRP быстрые.\n",
        encoding="utf-8",
    )
    (root / "handout.toml").write_text(
        'source_language = "ru"\nlanguages = []\n[glossary]\nterms = ["PRP"]\n',
        encoding="utf-8",
    )
    result = run_cli(root, "audio", "--jobs", "1")
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if "another language's rules" in line]
    assert len(warnings) == 1, result.err
    assert warnings[0].startswith("warning: visit in ru: zle/ru reads ")
    assert "(en), 1 of " in warnings[0] and "insurance" in warnings[0]  # PRP: a glossary term
    assert (root / "audio" / "ru" / "visit.mp3").is_file()  # a warning, not a failure
