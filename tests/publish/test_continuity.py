"""Publishing continuity: a source edit keeps the last published translation online, with a
notice, in every format and after a fresh clone; a risky edit withdraws it; undo restores it."""

from __future__ import annotations

import json
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from support.book_tools import pdftotext
from support.html_tools import parse_page
from support.project import BUNDLED_SLUG, CliResult

from pipeline.languages import parse_language
from pipeline.publish.continuity import carries_risk

Run = Callable[..., CliResult]
SOURCE = f"source/{BUNDLED_SLUG}.md"
TAGS = ("es", "zh-Hans", "vi", "ar", "ko", "ru", "tl")
NOTICES = {
    "es": "La versión en inglés de esta página se actualizó el 26 de noviembre de 2026; "
    "esta traducción se está actualizando.",
    "zh-Hans": "本页的英语版本已于2026年11月26日更新；此译文正在更新中。",
    "ru": "Исходный текст этой страницы (английский) обновлён 26 ноября 2026\u202fг.; "
    "этот перевод обновляется.",
}


def _edit_source(project: Path, old: str, new: str) -> None:
    path = project / SOURCE
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _page(project: Path, tag: str, suffix: str = ".html") -> Path:
    return project / "build" / tag / f"{BUNDLED_SLUG}{suffix}"


def _listed(project: Path) -> set[str]:
    site = parse_page((project / "build/index.html").read_text("utf-8"))
    return {a.attrs["lang"] for a in site.all("a") if "lang" in a.attrs}


def test_a_source_fix_keeps_every_translation_online_and_undo_restores_it(
    project: Path, run_cli: Run
) -> None:
    assert run_cli(project, "build").code == 0
    for tag in ("es", "zh_Hans", "tl"):
        kept = project / "locales" / tag / "published"
        assert (kept / f"{BUNDLED_SLUG}.po").is_file() and (kept / f"{BUNDLED_SLUG}.md").is_file()
    before = _files(project / "build")
    old_es = _page(project, "es", ".txt").read_text("utf-8")

    _edit_source(project, "a doctor that offers", "a doctor who offers")
    assert run_cli(project, "update").code == 0
    result = run_cli(project, "build")
    assert result.code == 0, result.err
    assert "7 held back, previous version online" in result.out
    assert _listed(project) == {"en", *TAGS}, "no language leaves the site"
    for tag in TAGS:
        page = parse_page(_page(project, tag).read_text("utf-8"))
        banner = next(e for e in page.elements if "update-notice" in e.attrs.get("class", ""))
        assert banner.attrs["role"] == "status" and "lang" not in banner.attrs, tag
        assert "provenance" not in {e.attrs.get("class") for e in page.elements}
        assert (
            _page(project, tag, ".epub").is_file()
            and _page(project, tag, ".large-print.pdf").is_file()
        )
    for tag, notice in NOTICES.items():
        page = parse_page(_page(project, tag).read_text("utf-8"))
        assert notice in [e.text for e in page.elements], tag
        text = _page(project, tag, ".txt").read_text("utf-8")
        first = text.split("\n\n")[0]  # the notice comes first, before the title
        assert first.startswith("[") and "".join(notice.split()) in "".join(first.split())
        markdown = _page(project, tag, ".md").read_text("utf-8")
        assert "\nupdating: true\n" in markdown and f"> {notice}" in markdown
        with zipfile.ZipFile(_page(project, tag, ".epub")) as book:
            xhtml = "".join(
                book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xhtml")
            )
        assert notice in xhtml
        pdf = "".join(pdftotext(_page(project, tag, ".large-print.pdf")).split())
        assert "".join(notice.split()) in pdf, tag
    new_es = _page(project, "es", ".txt").read_text("utf-8")
    assert new_es.endswith(old_es.split("\n", 1)[1]), "the Spanish text is the published one"
    status = {r["language"]: r for r in json.loads(run_cli(project, "status", "--json").out)}
    assert {status[t]["published"] for t in TAGS} == {"previous"}
    assert status["es"]["out_of_date_since"] == "2026-11-26"

    _edit_source(project, "a doctor who offers", "a doctor that offers")
    assert run_cli(project, "update").code == 0
    again = run_cli(project, "build")
    assert again.code == 0 and "held back" not in again.out
    assert _files(project / "build") == before, "byte-identical to before the edit"


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Clinic", "-c", "user.email=clinic@example.org", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def test_the_previous_version_survives_a_fresh_clone(
    project: Path, run_cli: Run, tmp_path: Path
) -> None:
    (project / ".gitignore").write_text("build/\n.handout-cache/\naudio/\n", "utf-8")
    assert run_cli(project, "build", "--lang", "es", "--lang", "en").code == 0
    published = _page(project, "es", ".txt").read_text("utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "published")
    _edit_source(project, "a doctor that offers", "a doctor who offers")
    assert run_cli(project, "update").code == 0
    _git(project, "commit", "-q", "-am", "one word fixed")

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(project), str(clone)], check=True)
    assert not (clone / "build").exists() and not (clone / ".handout-cache").exists()
    result = run_cli(clone, "build", "--lang", "es", "--lang", "en")
    assert result.code == 0, result.err
    assert f"1 held back, previous version online: {BUNDLED_SLUG} in es" in result.out
    text = _page(clone, "es", ".txt").read_text("utf-8")
    assert text.startswith("[Traducción en actualización]\n" + "La versión en inglés")
    assert text.endswith(published.split("\n", 1)[1])


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        (
            "require multiple injections",
            "require 3 injections",
            "a quantity ('3 injections')",
        ),
        (
            "The blood sample is put in a centrifuge",
            "The blood sample is not put in a centrifuge",
            "a negation ('not')",
        ),
        (
            "contact a doctor that offers PRP injections",
            "call a doctor that offers PRP injections",
            "a warning ('call')",
        ),
    ],
)
def test_a_risky_change_withdraws_the_translation(
    project: Path, run_cli: Run, old: str, new: str, why: str
) -> None:
    assert run_cli(project, "build", "--lang", "es", "--lang", "en").code == 0
    _edit_source(project, old, new)
    assert run_cli(project, "update").code == 0
    result = run_cli(project, "build", "--lang", "es", "--lang", "en")
    assert result.code == 0, result.err
    assert f"withdrawn: a changed message carries {why}" in result.err
    assert f"1 not online: {BUNDLED_SLUG} in es" in result.out
    for suffix in (".html", ".txt", ".md", ".epub", ".large-print.pdf"):
        assert not _page(project, "es", suffix).exists(), suffix
    status = {r["language"]: r for r in json.loads(run_cli(project, "status", "--json").out)}
    assert status["es"]["published"] == "no"


@pytest.mark.parametrize(
    ("text", "tag", "category"),
    [
        ("Take 2 tablets.", "en", "quantity"),
        ("Take two tablets.", "en", "quantity"),
        ("Don’t lift heavy things.", "en", "negation"),
        ("Don't lift heavy things.", "en", "negation"),
        ("Take it twice a day.", "en", "quantity"),
        ("Tome 2 tabletas.", "es", "quantity"),
        ("服用500毫克。", "zh-Hans", "quantity"),
        ("تناول ٥٠٠ ملغ.", "ar", "quantity"),
        ("Принимайте 500 мг.", "ru", "quantity"),
        ("Go to the emergency room.", "en", "warning"),
        ("Call your doctor if it bleeds.", "en", "warning"),
        ("No tome ibuprofeno.", "es", "negation"),
        ("Llame a su médico.", "es", "warning"),
        ("不要服用布洛芬。", "zh-Hans", "negation"),
        ("请立即就医。", "zh-Hans", "warning"),
        ("Đừng uống ibuprofen.", "vi", "negation"),
        ("لا تتناول الإيبوبروفين.", "ar", "negation"),
        ("즉시 병원에 가십시오.", "ko", "warning"),
        ("Не принимайте ибупрофен.", "ru", "negation"),
        ("Huwag uminom ng ibuprofen.", "tl", "negation"),
        ("Tumawag sa doktor.", "tl", "warning"),
    ],
)
def test_the_risk_classifier_finds_each_category_in_each_language(
    text: str, tag: str, category: str
) -> None:
    risk = carries_risk(text, parse_language(tag))
    assert risk is not None and risk.category == category


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("Your blood is drawn during the same appointment as your injection.", "en"),
        ("Su sangre se extrae durante la misma cita.", "es"),
        ("Kung may iba pa kayong tanong, makipag-ugnayan sa isang doktor.", "tl"),
    ],
)
def test_plain_wording_carries_no_risk(text: str, tag: str) -> None:
    source = None if tag == "en" else parse_language("en")
    assert carries_risk(text, parse_language(tag), source=source) is None


@pytest.mark.parametrize(
    ("text", "tag", "category", "word"),
    [
        ("Tome 500 mg.", "es", "quantity", "500 mg"),
        ("Kung may isang tanong, tumawag.", "tl", "warning", "tumawag"),
        ("Su sangre se extrae sin dolor.", "es", "negation", "sin"),
        ("Don't forget.", "es", "negation", "Don't"),  # the source's own negation, kept
    ],
)
def test_a_translation_is_read_as_the_checks_read_one(
    text: str, tag: str, category: str, word: str
) -> None:
    """Number words are not quantities in a translation ("isang" is Tagalog's "a"), but
    its digits, its own negations and warnings, and a kept source negation are."""
    risk = carries_risk(text, parse_language(tag), source=parse_language("en"))
    assert risk is not None and (risk.category, risk.word.casefold()) == (category, word.casefold())


def test_the_clinics_own_words_count_as_risk(project: Path, run_cli: Run) -> None:
    """handout.toml [checks.en] warning words are the checks' and continuity's alike: a
    one-word fix in a sentence with such a word withdraws the translation."""
    assert run_cli(project, "build", "--lang", "es", "--lang", "en").code == 0
    settings = project / "handout.toml"
    settings.write_text(
        settings.read_text("utf-8") + '\n[checks.en]\nwarning = ["offers"]\n', "utf-8"
    )
    _edit_source(project, "a doctor that offers", "a doctor who offers")
    assert run_cli(project, "update").code == 0
    result = run_cli(project, "build", "--lang", "es", "--lang", "en")
    assert result.code == 0, result.err
    assert "withdrawn: a changed message carries a warning ('offers')" in result.err
    assert not _page(project, "es").exists()
    assert carries_risk("It offers relief.", parse_language("en")) is None  # not without it


def test_the_previous_version_keeps_its_audio_and_its_narrated_book(
    project: Path, run_cli: Run
) -> None:
    """Real espeak-ng: the Spanish audio made for the published text stays with it."""
    assert run_cli(project, "audio", "--lang", "es", "--jobs", "1").code == 0
    assert run_cli(project, "build", "--lang", "es", "--lang", "en").code == 0
    player = '<audio class="player"'
    assert player in _page(project, "es").read_text("utf-8")
    mp3 = project / "audio" / "es" / f"{BUNDLED_SLUG}.mp3"
    recorded = mp3.read_bytes()

    _edit_source(project, "a doctor that offers", "a doctor who offers")
    assert run_cli(project, "update").code == 0
    audio = run_cli(project, "audio", "--lang", "es", "--jobs", "1")
    assert audio.code == 0, audio.err
    assert mp3.read_bytes() == recorded, "the recording of the published text is kept"
    assert run_cli(project, "build", "--lang", "es", "--lang", "en").code == 0
    html = _page(project, "es").read_text("utf-8")
    assert "update-notice" in html and player in html
    with zipfile.ZipFile(_page(project, "es", ".epub")) as book:
        names = book.namelist()
    assert any(name.endswith(".smil") for name in names), "the book is still narrated"
    status = {r["language"]: r for r in json.loads(run_cli(project, "status", "--json").out)}
    assert status["es"]["published"] == "previous" and status["es"]["audio"] == "current"
    assert status["vi"]["audio"] == "none"
