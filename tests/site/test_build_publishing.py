"""handout build: the publishing rule both ways, drafts, narrowing, rebuilds and bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polib
from support.html_tools import parse_page
from support.project import BUNDLED_SLUG, CliResult

from pipeline.catalog.pofile import read_catalog, write_catalog

Run = Callable[..., CliResult]
LAST = "If you have more questions, contact a doctor that offers PRP injections."
HEADING = "You Might Need Multiple Treatments"


def _catalog(project: Path, gettext: str) -> Path:
    return project / "locales" / gettext / "LC_MESSAGES" / f"{BUNDLED_SLUG}.po"


def _edit(project: Path, gettext: str, msgid: str, change: Callable[[polib.POEntry], None]) -> int:
    """Change one entry of a bundled catalog; returns its line number."""
    path = _catalog(project, gettext)
    catalog = read_catalog(path)
    entry = catalog.find(msgid)
    assert entry is not None
    change(entry)
    write_catalog(path, catalog)
    return int(read_catalog(path).find(msgid).linenum)


def _fuzzy(entry: polib.POEntry) -> None:
    entry.flags.append("fuzzy")


def _untranslate(entry: polib.POEntry) -> None:
    entry.msgstr = ""


def _outputs(project: Path, tag: str) -> list[Path]:
    return [
        project / "build" / tag / f"{BUNDLED_SLUG}{suffix}" for suffix in (".html", ".txt", ".md")
    ]


def _listed(project: Path) -> set[str]:
    site = parse_page((project / "build/index.html").read_text("utf-8"))
    return {a.attrs["lang"] for a in site.all("a") if "lang" in a.attrs}


def test_the_bundled_project_publishes_every_language(project: Path, run_cli: Run) -> None:
    result = run_cli(project, "build")
    assert result.code == 0, result.err
    assert result.err == ""
    assert "8 published, 0 draft(s), 0 skipped" in result.out
    for tag in ("en", "es", "zh-Hans", "vi", "ar", "ko", "ru", "tl"):
        assert all(path.is_file() for path in _outputs(project, tag)), tag
        assert (project / "build" / tag / "index.html").is_file()
    assert not list((project / ".handout-cache").rglob("*.mo")), "handout compile makes .mo"
    assert "open build/index.html in a browser" in result.out


def test_a_fuzzy_message_keeps_the_language_off_the_site(project: Path, run_cli: Run) -> None:
    _edit(project, "vi", HEADING, _fuzzy)
    result = run_cli(project, "build")
    assert result.code == 0, "held back by the publishing rule is a normal outcome"
    assert f"1 not online: {BUNDLED_SLUG} in vi" in result.out
    assert result.err.splitlines() == [
        f"locales/vi/LC_MESSAGES/{BUNDLED_SLUG}.po: warning: not published: "
        f"{BUNDLED_SLUG} in vi: 0 untranslated, 1 fuzzy (handout build --draft builds it)"
    ]
    assert not any(path.exists() for path in _outputs(project, "vi"))
    assert not (project / "build/vi/index.html").exists()
    assert "vi" not in _listed(project) and "es" in _listed(project)
    spanish = parse_page((project / "build/es" / f"{BUNDLED_SLUG}.html").read_text("utf-8"))
    assert "vi" not in {a.attrs.get("lang") for a in spanish.all("a")}


def test_an_untranslated_message_is_counted_in_the_one_line(project: Path, run_cli: Run) -> None:
    _edit(project, "ko", LAST, _untranslate)
    _edit(project, "ko", HEADING, _fuzzy)
    result = run_cli(project, "build", "--lang", "ko")
    assert result.code == 0
    assert f"{BUNDLED_SLUG} in ko: 1 untranslated, 1 fuzzy" in result.err
    assert len(result.err.splitlines()) == 1
    strict = run_cli(project, "build", "--lang", "ko", "--strict")
    assert strict.code == 1, "--strict gates CI on held-back translations"
    assert strict.err == result.err


def test_a_translation_that_was_never_published_does_not_fail_the_build(
    project: Path, run_cli: Run
) -> None:
    """A new article nobody translated yet: exit 0, listed, and offered in English."""
    new = project / "source" / "new-article.md"
    new.write_text(
        "---\ntitle: Ice packs\ndescription: Cold helps.\nlanguage: en\n---\n\n"
        "# Ice packs\n\nWrap the pack in a towel.\n",
        encoding="utf-8",
    )
    result = run_cli(project, "build")
    assert result.code == 0, result.err
    assert "9 published" in result.out and "7 not online" in result.out
    index = parse_page((project / "build/es/index.html").read_text("utf-8"))
    link = next(a for a in index.all("a") if "new-article" in a.attrs.get("href", ""))
    assert link.attrs["href"] == "../en/new-article.html"
    assert link.attrs["hreflang"] == "en"
    assert link.text == "Ice packs"
    assert any(e.tag == "h2" and e.attrs.get("lang") == "en" for e in index.elements)
    label = next(e for e in index.elements if e.attrs.get("class") == "available-in")
    assert label.text == "Disponible en inglés" and "lang" not in label.attrs
    own = next(a for a in index.all("a") if a.attrs.get("href") == f"{BUNDLED_SLUG}.html")
    assert own.attrs.get("hreflang") is None
    assert run_cli(project, "build", "--strict").code == 1


def test_a_language_that_becomes_incomplete_is_taken_down(project: Path, run_cli: Run) -> None:
    """With ``withdraw_on_change`` (else its previous version would stay: test_continuity)."""
    settings = project / "handout.toml"
    settings.write_text("withdraw_on_change = true\n" + settings.read_text("utf-8"), "utf-8")
    assert run_cli(project, "build").code == 0
    _edit(project, "ru", HEADING, _fuzzy)
    result = run_cli(project, "build")
    assert result.code == 0
    assert "withdraw_on_change is set" in result.err
    assert f"removed build/ru/{BUNDLED_SLUG}.html" in result.out
    assert "removed build/ru/index.html" in result.out
    assert not any(path.exists() for path in _outputs(project, "ru"))
    assert "ru" not in _listed(project)


def test_draft_builds_it_for_proofreading_marked_and_unlisted(project: Path, run_cli: Run) -> None:
    _edit(project, "es", HEADING, _untranslate)
    _edit(project, "es", LAST, _fuzzy)
    result = run_cli(project, "build", "--draft")
    assert result.code == 0, result.err
    assert f"note: draft: {BUNDLED_SLUG} in es: 1 untranslated, 1 fuzzy" in result.err
    html = (project / "build/es" / f"{BUNDLED_SLUG}.html").read_text("utf-8")
    page = parse_page(html)
    banner = next(e for e in page.elements if e.attrs.get("class") == "draft-banner")
    assert banner.attrs["role"] == "alert"
    fallbacks = {e.text: e for e in page.elements if e.attrs.get("class") == "untranslated"}
    assert set(fallbacks) == {HEADING, LAST}
    assert fallbacks[HEADING].tag == "h2" and fallbacks[HEADING].attrs["lang"] == "en"
    assert fallbacks[LAST].tag == "p" and fallbacks[LAST].attrs["lang"] == "en"
    assert "es" not in _listed(project)
    assert not (project / "build/es/index.html").exists()
    text = (project / "build/es" / f"{BUNDLED_SLUG}.txt").read_text("utf-8")
    assert text.startswith("[Borrador de traducción, sin revisar]")
    markdown = (project / "build/es" / f"{BUNDLED_SLUG}.md").read_text("utf-8")
    assert "\ndraft: true\n" in markdown


def test_check_errors_refuse_publishing_with_the_checkers_lines(
    project: Path, run_cli: Run
) -> None:
    def drop_term(entry: polib.POEntry) -> None:
        entry.msgstr = entry.msgstr.replace("PRP", "plasma")

    line = _edit(project, "es", LAST, drop_term)
    result = run_cli(project, "build")
    assert result.code == 1
    shown = f"locales/es/LC_MESSAGES/{BUNDLED_SLUG}.po"
    assert f"{shown}:{line}: error: glossary:" in result.err
    assert f"not published: {BUNDLED_SLUG} in es: 1 check error(s)" in result.err
    assert not any(path.exists() for path in _outputs(project, "es"))
    check = run_cli(project, "check", "--lang", "es")
    errors = [x for x in check.out.splitlines() + check.err.splitlines() if ": error: " in x]
    assert errors and all(e in result.err for e in errors)  # the same lines as handout check


def _snapshot(project: Path) -> dict[Path, tuple[bytes, int]]:
    files = (p for p in (project / "build").rglob("*") if p.is_file())
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}


def test_a_rebuild_with_nothing_changed_writes_nothing(project: Path, run_cli: Run) -> None:
    assert run_cli(project, "build").code == 0
    before = {
        p: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in (project / "build").rglob("*")
        if p.is_file()
    }
    again = run_cli(project, "build")
    assert again.code == 0
    # 8 languages × (page, text, Markdown, EPUB, handout PDF, large-print PDF) + 9 indexes
    assert "0 file(s) written, 57 unchanged" in again.out
    after = {
        p: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in (project / "build").rglob("*")
        if p.is_file()
    }
    assert after == before


def test_lang_and_article_narrow_the_pages_written(project: Path, run_cli: Run) -> None:
    result = run_cli(project, "build", "--lang", "zh-Hans", "--article", BUNDLED_SLUG)
    assert result.code == 0, result.err
    pages = sorted(
        p.relative_to(project / "build").as_posix() for p in (project / "build").rglob("*.*")
    )
    assert [p for p in pages if not p.endswith("index.html")] == [
        f"zh-Hans/{BUNDLED_SLUG}.epub",
        f"zh-Hans/{BUNDLED_SLUG}.html",
        f"zh-Hans/{BUNDLED_SLUG}.large-print.pdf",
        f"zh-Hans/{BUNDLED_SLUG}.md",
        f"zh-Hans/{BUNDLED_SLUG}.pdf",
        f"zh-Hans/{BUNDLED_SLUG}.txt",
    ]
    assert _listed(project) == {"en", "es", "zh-Hans", "vi", "ar", "ko", "ru", "tl"}


def test_unknown_language_or_article_is_bad_input(project: Path, run_cli: Run) -> None:
    result = run_cli(project, "build", "--lang", "fr")
    assert result.code == 2
    assert "error: fr is not a language of this project" in result.err
    result = run_cli(project, "build", "--article", "no-such-article")
    assert result.code == 2
    assert "source/no-such-article.md: error: no article 'no-such-article'" in result.err
    assert not (project / "build").exists()


def test_a_malformed_catalog_names_file_and_line_and_spoils_nothing(
    project: Path, run_cli: Run
) -> None:
    assert run_cli(project, "build").code == 0
    path = _catalog(project, "ru")
    lines = path.read_text("utf-8").split("\n")
    broken = next(i for i, line in enumerate(lines) if line.startswith("msgstr") and i > 20)
    lines[broken] = 'msgstr "unterminated'
    path.write_text("\n".join(lines), "utf-8")
    result = run_cli(project, "build")
    assert result.code == 2
    assert f"locales/ru/LC_MESSAGES/{BUNDLED_SLUG}.po:{broken + 1}: error:" in result.err
    assert not any(p.exists() for p in _outputs(project, "ru"))  # the old copy is taken down
    assert "ru" not in _listed(project)
    assert all(p.exists() for p in _outputs(project, "es"))  # the others still build
    assert not list((project / "build").rglob("*.tmp"))


def test_same_inputs_give_byte_identical_outputs(
    project: Path, run_cli: Run, tmp_path: Path
) -> None:
    import shutil

    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    assert run_cli(project, "build").code == 0
    assert run_cli(twin, "build").code == 0
    ours = {p.relative_to(project): p.read_bytes() for p in (project / "build").rglob("*.*")}
    theirs = {p.relative_to(twin): p.read_bytes() for p in (twin / "build").rglob("*.*")}
    assert ours == theirs
