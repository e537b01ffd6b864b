"""The text build's work items and its cache: only what changed is decided and rendered again.

``render_unit`` is the work function the build hands to its executor; with
``--jobs 1`` items run in this process, so wrapping it counts exactly which
units were rendered (the files themselves are checked as well).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from support.project import BUNDLED_SLUG, CliResult

from pipeline.catalog.pofile import read_catalog, write_catalog
from pipeline.site import build as text_build
from pipeline.site.render import RenderedUnit, RenderItem

Run = Callable[..., CliResult]
LAST = "If you have more questions, contact a doctor that offers PRP injections."


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The units rendered by each build from now on, as ``tag/slug``."""
    seen: list[str] = []
    real = text_build.render_unit

    def counting(item: RenderItem) -> RenderedUnit:
        seen.append(f"{item.unit.language.bcp47}/{item.unit.slug}")
        return real(item)

    monkeypatch.setattr(text_build, "render_unit", counting)
    return seen


def _build(run_cli: Run, project: Path, *args: str) -> CliResult:
    return run_cli(project, "build", "--jobs", "1", *args)


def _edit(project: Path, gettext: str, change: Callable[[polib.POEntry], None]) -> None:
    path = project / "locales" / gettext / "LC_MESSAGES" / f"{BUNDLED_SLUG}.po"
    catalog = read_catalog(path)
    entry = catalog.find(LAST)
    assert entry is not None
    change(entry)
    write_catalog(path, catalog)


def _stats(project: Path) -> dict[Path, tuple[int, int]]:
    files = (p for p in (project / "build").rglob("*") if p.is_file())
    return {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in files}


def test_nothing_changed_renders_nothing_and_touches_nothing(
    project: Path, run_cli: Run, rendered: list[str]
) -> None:
    assert _build(run_cli, project).code == 0
    assert len(rendered) == 8
    before = _stats(project)
    rendered.clear()
    again = _build(run_cli, project)
    assert again.code == 0 and rendered == []
    assert "8 published, 0 draft(s), 0 skipped; 0 file(s) written, 57 unchanged" in again.out
    assert _stats(project) == before


def test_an_edited_catalog_renders_only_its_unit(
    project: Path, run_cli: Run, rendered: list[str]
) -> None:
    assert _build(run_cli, project).code == 0
    rendered.clear()

    def reword(entry: polib.POEntry) -> None:
        entry.msgstr = entry.msgstr.replace("PRP.", "PRP, por favor.")

    _edit(project, "es", reword)
    result = _build(run_cli, project)
    assert result.code == 0, result.err
    assert rendered == [f"es/{BUNDLED_SLUG}"]
    page = (project / "build" / "es" / f"{BUNDLED_SLUG}.txt").read_text("utf-8")
    assert "por favor" in page


def test_a_language_taken_down_re_renders_the_others_language_menus(
    project: Path, run_cli: Run, rendered: list[str]
) -> None:
    settings = project / "handout.toml"  # else its previous version stays (test_continuity)
    settings.write_text("withdraw_on_change = true\n" + settings.read_text("utf-8"), "utf-8")
    assert _build(run_cli, project).code == 0
    rendered.clear()
    _edit(project, "ko", lambda entry: entry.flags.append("fuzzy"))
    result = _build(run_cli, project)
    assert result.code == 0
    assert not (project / "build" / "ko" / f"{BUNDLED_SLUG}.html").exists()
    assert sorted(rendered) == sorted(
        f"{tag}/{BUNDLED_SLUG}" for tag in ("en", "es", "zh-Hans", "vi", "ar", "ru", "tl")
    )
    english = (project / "build" / "en" / f"{BUNDLED_SLUG}.html").read_text("utf-8")
    assert 'hreflang="ko"' not in english and 'hreflang="es"' in english


def test_check_errors_are_reported_again_when_nothing_changed(
    project: Path, run_cli: Run, rendered: list[str]
) -> None:
    _edit(project, "es", lambda entry: setattr(entry, "msgstr", entry.msgstr.replace("PRP", "x")))
    first = _build(run_cli, project)
    second = _build(run_cli, project)
    assert first.code == second.code == 1
    errors = [line for line in first.err.splitlines() if ": error: " in line]
    assert errors and errors == [line for line in second.err.splitlines() if ": error: " in line]
    assert f"not published: {BUNDLED_SLUG} in es: 1 check error(s)" in second.err


def test_a_hand_edited_or_deleted_output_is_made_again(
    project: Path, run_cli: Run, rendered: list[str]
) -> None:
    assert _build(run_cli, project).code == 0
    page = project / "build" / "vi" / f"{BUNDLED_SLUG}.html"
    pdf = project / "build" / "ru" / f"{BUNDLED_SLUG}.large-print.pdf"
    original = page.read_bytes()
    page.write_text("edited by hand", encoding="utf-8")
    pdf.unlink()
    rendered.clear()
    result = _build(run_cli, project)
    assert result.code == 0
    assert sorted(rendered) == [f"ru/{BUNDLED_SLUG}", f"vi/{BUNDLED_SLUG}"]
    assert page.read_bytes() == original and pdf.is_file()


def test_a_corrupt_build_cache_costs_a_full_render_and_changes_no_byte(
    project: Path, run_cli: Run, rendered: list[str]
) -> None:
    assert _build(run_cli, project).code == 0
    before = {p: p.read_bytes() for p in (project / "build").rglob("*") if p.is_file()}
    (project / ".handout-cache" / "build-digests.json").write_text("{not json", encoding="utf-8")
    rendered.clear()
    result = _build(run_cli, project)
    assert result.code == 0 and len(rendered) == 8
    assert "0 file(s) written" in result.out
    assert {p: p.read_bytes() for p in (project / "build").rglob("*") if p.is_file()} == before


def test_a_new_snapshot_of_a_published_unit_renders_nothing_again(
    project: Path, run_cli: Run, rendered: list[str]
) -> None:
    """Regression: a published unit's verdict does not depend on its previous-version snapshot,
    so the build that refreshed the snapshot must not make the next build render it again
    (at 200 × 7 an `update` that touched every catalog cost a second full re-render)."""
    assert _build(run_cli, project).code == 0

    def reword(entry: polib.POEntry) -> None:
        entry.msgstr = entry.msgstr.replace("PRP.", "PRP, por favor.")

    _edit(project, "es", reword)
    rendered.clear()
    first = _build(run_cli, project)
    assert first.code == 0 and rendered == [f"es/{BUNDLED_SLUG}"]
    assert f"kept locales/es/published/{BUNDLED_SLUG}.po" in first.out
    rendered.clear()
    again = _build(run_cli, project)
    assert again.code == 0 and rendered == [], "nothing changed since"
    assert "0 file(s) written" in again.out
