"""The talking books: EPUBCheck and Ace by DAISY find nothing, and the narration follows the text.

The bundled project is spoken in English and Arabic (real espeak-ng through
``handout audio``) and built; Tagalog has no voice, so its book has no
overlays, and the other languages were simply not spoken here. An article
with every block kind is built beside it. Every book goes through Debian's
EPUBCheck and through Ace (axe-core in Debian's Chromium); a deliberately
broken book shows that both checks can fail.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from support.book_tools import (
    OPF,
    SMIL,
    XHTML,
    XML_LANG,
    Book,
    ace,
    ace_violations,
    clock_ms,
    epubcheck,
    epubcheck_problems,
    text_of,
)
from support.html_tools import parse_page
from support.project import BUNDLED_SLUG, REPO, CliResult
from support.text_fixtures import RICH_SOURCE

from pipeline.cli import main

Run = Callable[..., CliResult]
LANGUAGES = ("en", "es", "zh-Hans", "vi", "ar", "ko", "ru", "tl")
NARRATED = ("en", "ar")


def _copy_bundled(root: Path) -> Path:
    root.mkdir(parents=True)
    for folder in ("source", "locales"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "handout.toml", root / "handout.toml")
    return root


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled project, spoken in English and Arabic, then built (shared: do not change)."""
    root = _copy_bundled(tmp_path_factory.mktemp("books") / "project")
    assert main(["--root", str(root), "audio", "--lang", "en", "--lang", "ar"]) == 0
    assert main(["--root", str(root), "build"]) == 0
    return root


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An English article with lists, a table, a quote, code and links, spoken and built."""
    root = tmp_path_factory.mktemp("rich") / "project"
    (root / "source").mkdir(parents=True)
    (root / "source/after-prp.md").write_text(RICH_SOURCE, "utf-8")
    (root / "handout.toml").write_text(
        'clinic = "Riverside Clinic"\nsource_language = "en"\nlanguages = []\n', "utf-8"
    )
    assert main(["--root", str(root), "audio"]) == 0
    assert main(["--root", str(root), "build"]) == 0
    return root


def _book(root: Path, tag: str, slug: str = BUNDLED_SLUG) -> Path:
    return root / "build" / tag / f"{slug}.epub"


def _cues(vtt: Path) -> list[tuple[str, int, int]]:
    """(text, start, end) of each cue, read straight from the WebVTT file."""
    cues = []
    for block in vtt.read_text("utf-8").split("\n\n"):
        lines = block.strip("\n").split("\n")
        times = re.fullmatch(r"(\S+) --> (\S+)", lines[1]) if len(lines) == 3 else None
        if times:
            text = lines[2].replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
            cues.append((text, _vtt_ms(times.group(1)), _vtt_ms(times.group(2))))
    return cues


def _vtt_ms(value: str) -> int:
    hours, minutes, rest = value.split(":")
    seconds, millis = rest.split(".")
    return ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def _clips(book: Book) -> list[tuple[str, int, int, str]]:
    """(element text, clipBegin, clipEnd, overlay) for every par, in reading order."""
    overlays = {
        item.get("id"): item.get("href")
        for item in book.manifest()
        if item.get("media-type") == "application/smil+xml"
    }
    items = {item.get("href"): item for item in book.manifest()}
    clips = []
    for document in book.spine():
        overlay = overlays.get(items[document].get("media-overlay"))
        if overlay is None:
            continue
        for par in book.xml(str(overlay)).iter(f"{SMIL}par"):
            text, audio = par.find(f"{SMIL}text"), par.find(f"{SMIL}audio")
            assert text is not None and audio is not None
            name, _, fragment = str(text.get("src")).partition("#")
            assert name == document and audio.get("src") == "narration.mp3"
            element = book.elements_by_id(name)[fragment]
            begin, end = str(audio.get("clipBegin")), str(audio.get("clipEnd"))
            clips.append((text_of(element), clock_ms(begin), clock_ms(end), str(overlay)))
    return clips


@pytest.mark.parametrize("tag", LANGUAGES)
def test_epubcheck_finds_no_error_or_warning(books: Path, tmp_path: Path, tag: str) -> None:
    result = epubcheck(_book(books, tag), tmp_path / "epubcheck.json")
    assert epubcheck_problems(result) == []
    checker = result["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0)
    assert result["publication"]["hasAudio"] is (tag in NARRATED)


@pytest.mark.parametrize("tag", LANGUAGES)
def test_ace_finds_no_violation(books: Path, tmp_path: Path, tag: str) -> None:
    report = ace(_book(books, tag), tmp_path / "ace")
    assert ace_violations(report) == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    checked = {a["earl:testSubject"]["url"] for a in report["assertions"]}
    assert {"section-01.xhtml", "nav.xhtml"} <= checked  # the content really went through axe


def test_a_book_with_every_block_kind_passes_both(rich: Path, tmp_path: Path) -> None:
    book = _book(rich, "en", "after-prp")
    assert epubcheck_problems(epubcheck(book, tmp_path / "epubcheck.json")) == []
    assert ace_violations(ace(book, tmp_path / "ace")) == []


def test_both_checkers_fail_a_broken_book(books: Path, tmp_path: Path) -> None:
    """The control: a picture without alt text, a missing file, no accessibility features."""
    original = Book(_book(books, "en"))
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(broken, "w") as archive:
        for info in original.infos:
            data = original.files[info.filename]
            if info.filename == "EPUB/section-01.xhtml":
                data = data.replace(b"</header>", b'<img src="missing.png"/></header>')
            if info.filename == "EPUB/package.opf":
                data = re.sub(
                    rb'<meta property="schema:accessibilityFeature">\w+</meta>', b"", data
                )
            archive.writestr(info, data)
    assert any("RSC-007" in p for p in epubcheck_problems(epubcheck(broken, tmp_path / "ec.json")))
    violations = ace_violations(ace(broken, tmp_path / "ace"))
    assert any("image-alt" in v for v in violations), violations
    assert any("accessibilityfeature" in v.lower() for v in violations), violations


@pytest.mark.parametrize("tag", NARRATED)
def test_overlay_clips_are_the_webvtt_cues(books: Path, tag: str) -> None:
    book = Book(_book(books, tag))
    cues = _cues(books / "audio" / tag / f"{BUNDLED_SLUG}.vtt")
    clips = _clips(book)
    assert [(text, begin, end) for text, begin, end, _ in clips] == cues
    assert len(cues) > 20


def test_overlays_cover_lists_and_tables_too(rich: Path) -> None:
    book = Book(_book(rich, "en", "after-prp"))
    cues = _cues(rich / "audio/en/after-prp.vtt")
    assert [(text, begin, end) for text, begin, end, _ in _clips(book)] == cues
    assert {"Lifting over 5 kg", "Walk a little every 2 hours."} <= {c[0] for c in cues}


@pytest.mark.parametrize("tag", NARRATED)
def test_overlay_durations_add_up_to_the_book(books: Path, tag: str) -> None:
    book = Book(_book(books, tag))
    clips = _clips(book)
    per_overlay: dict[str, int] = {}
    for _, begin, end, overlay in clips:
        per_overlay[overlay] = per_overlay.get(overlay, 0) + end - begin
    declared = {}
    for meta in book.meta("media:duration"):
        refines = meta.get("refines")
        if refines:
            item = next(i for i in book.manifest() if i.get("id") == refines.lstrip("#"))
            declared[str(item.get("href"))] = clock_ms(str(meta.text))
    assert declared == per_overlay
    (total,) = [clock_ms(str(m.text)) for m in book.meta("media:duration") if not m.get("refines")]
    assert abs(total - sum(declared.values())) < 1000
    assert book.meta_values("media:active-class") == ["-epub-media-overlay-active"]
    stylesheet = book.files["EPUB/book.css"].decode()
    assert ".-epub-media-overlay-active" in stylesheet  # the reading app's highlight is styled
    mp3 = book.files["EPUB/narration.mp3"]
    assert mp3 == (books / "audio" / tag / f"{BUNDLED_SLUG}.mp3").read_bytes()


def test_a_language_without_a_voice_gets_the_book_without_overlays(books: Path) -> None:
    book = Book(_book(books, "tl"))
    assert not (books / "audio/tl").exists()
    assert not [name for name in book.files if name.endswith((".smil", ".mp3"))]
    assert not [m for m in book.package.iter(f"{OPF}meta") if "media:" in m.get("property", "")]
    assert book.meta_values("schema:accessMode") == ["textual"]
    assert "synchronizedAudioText" not in book.meta_values("schema:accessibilityFeature")
    assert book.meta_values("schema:accessModeSufficient") == ["textual"]


def test_accessibility_metadata_says_what_the_book_offers(books: Path) -> None:
    book = Book(_book(books, "en"))
    assert book.meta_values("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    (certifier,) = book.meta("a11y:certifiedBy")
    assert certifier.text == "Riverside Spine & Pain Clinic"
    assert certifier.get("refines") == "#" + book.meta("dcterms:conformsTo")[0].get("id", "")
    assert book.meta_values("schema:accessMode") == ["textual", "auditory"]
    # The voice does not read the clinic's name or the review date: listening alone is not enough.
    assert book.meta_values("schema:accessModeSufficient") == ["textual"]
    features = set(book.meta_values("schema:accessibilityFeature"))
    assert {
        "synchronizedAudioText",
        "structuralNavigation",
        "readingOrder",
        "tableOfContents",
    } <= features
    assert book.meta_values("schema:accessibilityHazard") == ["none"]
    (summary,) = book.meta("schema:accessibilitySummary")
    assert "read" in str(summary.text) and "highlighted" in str(summary.text)
    arabic = Book(_book(books, "ar"))
    (summary,) = arabic.meta("schema:accessibilitySummary")
    assert summary.get(XML_LANG) is None and "جملة" in str(summary.text)  # in the book's language


@pytest.mark.parametrize(("tag", "direction"), [("en", "ltr"), ("ar", "rtl"), ("zh-Hans", "ltr")])
def test_language_and_page_direction(books: Path, tag: str, direction: str) -> None:
    book = Book(_book(books, tag))
    metadata = book.package.find(f"{OPF}metadata")
    assert metadata is not None
    assert [e.text for e in metadata if e.tag.endswith("}language")] == [tag]
    assert book.package.get("dir") == direction
    spine = book.package.find(f"{OPF}spine")
    assert spine is not None and spine.get("page-progression-direction") == direction
    for name in (*book.spine(), "nav.xhtml"):
        root = book.xml(name)
        assert (root.get("lang"), root.get(XML_LANG), root.get("dir")) == (tag, tag, direction)


def test_navigation_lists_every_section_in_order(books: Path) -> None:
    book = Book(_book(books, "es"))
    nav = book.xml("nav.xhtml")
    toc = next(n for n in nav.iter(f"{XHTML}nav") if n.get("role") == "doc-toc")
    entries = [(str(a.get("href")).partition("#"), text_of(a)) for a in toc.iter(f"{XHTML}a")]
    assert len(entries) == len(book.spine()) == 5
    assert [name for (name, _, _), _ in entries] == book.spine()
    for (name, _, fragment), _ in entries:  # each entry lands on its section's heading
        assert book.elements_by_id(name)[fragment].tag in (f"{XHTML}h1", f"{XHTML}h2")
    page = parse_page((books / "build/es" / f"{BUNDLED_SLUG}.html").read_text("utf-8"))
    anchors = {fragment for (_, _, fragment), _ in entries}
    headings = [
        (e.attrs["id"], " ".join(e.text.split()))
        for e in page.elements
        if e.tag in ("h1", "h2") and e.attrs.get("id") in anchors
    ]
    assert [(fragment, text) for (_, _, fragment), text in entries] == headings


def test_a_rebuild_from_the_same_inputs_is_byte_identical(books: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    shutil.copytree(books, again, ignore=shutil.ignore_patterns("build", ".handout-cache"))
    assert main(["--root", str(again), "build"]) == 0
    for tag in LANGUAGES:
        for suffix in (".epub", ".pdf", ".large-print.pdf"):
            name = f"{tag}/{BUNDLED_SLUG}{suffix}"
            assert (again / "build" / name).read_bytes() == (books / "build" / name).read_bytes()
    book = Book(_book(books, "ar"))
    first = book.infos[0]
    assert (first.filename, first.compress_type, first.extra) == ("mimetype", 0, b"")
    assert book.files["mimetype"] == b"application/epub+zip"
    assert {info.date_time for info in book.infos} == {(1980, 1, 1, 0, 0, 0)}


def test_audio_older_than_the_text_is_left_out_and_named(
    books: Path, tmp_path: Path, run_cli: Run
) -> None:
    project = tmp_path / "project"
    shutil.copytree(books, project)
    catalog_path = project / "locales/ar/LC_MESSAGES" / f"{BUNDLED_SLUG}.po"
    catalog = polib.pofile(str(catalog_path))
    entry = next(e for e in catalog if e.msgid.startswith("Platelet-rich plasma is derived"))
    entry.msgstr = entry.msgstr[:-1] + " جدًا."
    catalog.save(str(catalog_path))
    result = run_cli(project, "build", "--lang", "ar")
    vtt = f"audio/ar/{BUNDLED_SLUG}.vtt"
    assert f"{vtt}: warning: the audio is older than the text" in result.err
    book = Book(_book(project, "ar"))
    assert not [name for name in book.files if name.endswith(".smil")]
    assert "synchronizedAudioText" not in book.meta_values("schema:accessibilityFeature")
    assert Book(_book(project, "en")).meta_values("media:active-class")  # untouched


def test_drafts_get_no_books_and_lose_old_ones(project: Path, run_cli: Run) -> None:
    assert run_cli(project, "build").code == 0
    epub, pdf = (
        project / "build/vi" / f"{BUNDLED_SLUG}{suffix}" for suffix in (".epub", ".large-print.pdf")
    )
    assert epub.is_file() and pdf.is_file()
    page = parse_page((project / "build/vi" / f"{BUNDLED_SLUG}.html").read_text("utf-8"))
    types = {a.attrs.get("href"): a.attrs.get("type") for a in page.all("a")}
    assert types[f"{BUNDLED_SLUG}.epub"] == "application/epub+zip"
    assert types[f"{BUNDLED_SLUG}.large-print.pdf"] == "application/pdf"
    catalog_path = project / "locales/vi/LC_MESSAGES" / f"{BUNDLED_SLUG}.po"
    catalog = polib.pofile(str(catalog_path))
    next(e for e in catalog if e.msgstr).flags.append("fuzzy")
    catalog.save(str(catalog_path))
    result = run_cli(project, "build", "--draft", "--lang", "vi")
    assert not epub.exists() and not pdf.exists()
    assert not (project / "build/vi" / f"{BUNDLED_SLUG}.pdf").exists()  # the standard handout too
    assert f"removed build/vi/{BUNDLED_SLUG}.epub" in result.out
    draft = parse_page((project / "build/vi" / f"{BUNDLED_SLUG}.html").read_text("utf-8"))
    hrefs = {a.attrs.get("href") for a in draft.all("a")}
    assert f"{BUNDLED_SLUG}.epub" not in hrefs and f"{BUNDLED_SLUG}.txt" in hrefs
