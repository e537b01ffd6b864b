"""The audio build's plan cache: an unchanged unit is not read, checked or localized again.

Real speech (espeak-ng through pyttsx3) for one language, so a build takes
seconds; ``decide`` (read + check + localize a catalog) is counted where the
audio build calls it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from support.project import BUNDLED_SLUG

from pipeline.article.model import Article
from pipeline.catalog.pofile import read_catalog, write_catalog
from pipeline.config import load_config
from pipeline.languages import Language, parse_language
from pipeline.project import Project
from pipeline.publish import rule
from pipeline.publish.rule import Decision
from pipeline.report import Report
from pipeline.speech.build import AudioRequest, AudioStats, build_audio

LAST = "If you have more questions, contact a doctor that offers PRP injections."


@pytest.fixture
def decided(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = rule.decide

    def counting(
        project: Project, report: Report, article: Article, language: Language
    ) -> Decision | None:
        seen.append(f"{language.bcp47}/{article.slug}")
        return real(project, report, article, language)

    monkeypatch.setattr(rule, "decide", counting)
    return seen


def _speak(root: Path) -> tuple[AudioStats, Report]:
    report = Report()
    request = AudioRequest(languages=(parse_language("es"),), jobs=1)
    return build_audio(Project(load_config(root)), report, request), report


def _edit(root: Path, change: Callable[[polib.POEntry], None]) -> None:
    path = root / "locales" / "es" / "LC_MESSAGES" / f"{BUNDLED_SLUG}.po"
    catalog = read_catalog(path)
    entry = catalog.find(LAST)
    assert entry is not None
    change(entry)
    write_catalog(path, catalog)


def test_an_unchanged_audio_build_plans_nothing_and_an_edit_plans_only_its_unit(
    project: Path, decided: list[str]
) -> None:
    first, _ = _speak(project)
    assert decided == [f"es/{BUNDLED_SLUG}"] and first.synthesized > 20
    decided.clear()
    again, report = _speak(project)
    assert decided == [] and again.synthesized == 0 and again.written == ()
    assert again.reused == first.synthesized + first.reused and not report.bad_input

    def reword(entry: polib.POEntry) -> None:
        entry.msgstr = entry.msgstr.replace("PRP.", "PRP, por favor.")

    _edit(project, reword)
    edited, _ = _speak(project)
    assert decided == [f"es/{BUNDLED_SLUG}"]
    assert [text for text in edited.spoken if "por favor" in text] == list(edited.spoken)
    assert len(edited.spoken) == 1
    assert f"audio/es/{BUNDLED_SLUG}.mp3" in edited.written


def test_a_language_taken_down_is_remembered_as_such(project: Path, decided: list[str]) -> None:
    _edit(project, lambda entry: entry.flags.append("fuzzy"))
    for _ in range(2):
        stats, report = _speak(project)
        assert stats.languages == () and stats.synthesized == 0
        assert any(
            "es: not published (0 untranslated, 1 fuzzy)" in str(d) for d in report.diagnostics
        )
    assert decided == [f"es/{BUNDLED_SLUG}"]  # the second build knew without reading it
