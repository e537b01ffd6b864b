# ruff: noqa: E501  (the test article's Markdown table rows are one line each)
"""Paper handouts: the standard-size PDF beside the large-print one, the paper they are laid out
for, the QR code and address that lead from paper to the page and its audio, and table cells
that break between words.

Judged as a patient's phone and a reader would: the page is rendered to an image with
pdftoppm and the QR code decoded by zbarimg (Debian's zbar-tools); words are read back by
pdftotext; sizes come from WeasyPrint's own laid-out boxes and pdfinfo.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support.book_tools import pdf_objects, pdftotext, require
from support.project import BUNDLED_SLUG, CliResult
from support.text_fixtures import edition
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from pipeline.article import Article, parse_article
from pipeline.book.content import book_content
from pipeline.book.model import Book
from pipeline.config import load_config
from pipeline.errors import HandoutError
from pipeline.languages import parse_language
from pipeline.print.large_print import LARGE_PRINT, large_print_html, render_large_print
from pipeline.print.standard import STANDARD, render_standard
from pipeline.print.strings import print_strings
from pipeline.printing import PrintSettings, check_base_url, default_paper

POINT = 4 / 3  # CSS px per pt
BASE = "https://riverside.example/handouts/"
RENDERERS = {"standard": render_standard, "large": render_large_print}

CALL_SOURCE = """\
---
title: When to call us
---

# When to call us

| When | Signs | Who |
|------|-------|-----|
| Emergency | Severe pain, fever over 38 °C, numbness or weakness in your legs, loss of bladder control | Emergency department at the nearest hospital |
| Afterwards | Questions about medication, appointments, physiotherapy exercises | Riverside Spine & Pain Clinic, Monday to Friday |

## Telephone numbers

| When | Signs | Who | Telephone |
|------|-------|-----|-----------|
| Emergency | Bleeding that does not stop | Ambulance | 911 |
| Afterwards | Questions about physiotherapy | Riverside Spine & Pain Clinic | 555-123-4567 |
"""
CALL_RU = {
    "When to call us": "Когда звонить нам",
    "Telephone numbers": "Номера телефонов",
    "When": "Когда",
    "Signs": "Признаки",
    "Who": "Куда",
    "Telephone": "Телефон",
    "Emergency": "Неотложная помощь",
    "Severe pain, fever over 38 °C, numbness or weakness in your legs, loss of bladder "
    "control": "Сильная боль, температура выше 38 °C, онемение или слабость в ногах, "
    "недержание мочи",
    "Emergency department at the nearest hospital": "Приёмное отделение ближайшей больницы",
    "Afterwards": "Впоследствии",
    "Questions about medication, appointments, physiotherapy exercises": "Вопросы о "
    "лекарствах, записи на приём, упражнениях лечебной физкультуры",
    "Riverside Spine & Pain Clinic, Monday to Friday": "Riverside Spine & Pain Clinic, "
    "с понедельника по пятницу",
    "Bleeding that does not stop": "Кровотечение, которое не останавливается",
    "Ambulance": "Скорая помощь",
    "911": "911",
    "Questions about physiotherapy": "Вопросы о физкультуре",
    "Riverside Spine & Pain Clinic": "Riverside Spine & Pain Clinic",
    "555-123-4567": "555-123-4567",
}


def _call_article() -> Article:
    return parse_article(CALL_SOURCE, slug="when-to-call", path="source/when-to-call.md")


def _words(pdf: Path) -> Counter[str]:
    """Every word pdftotext finds, as its own box (a word split over two lines is two)."""
    found = re.findall(r"<word [^>]*>([^<]*)</word>", pdftotext(pdf, "-bbox"))
    return Counter(_bare(w) for w in found)


def _bare(word: str) -> str:
    return word.replace("&amp;", "&").strip(".,:;()")


def _cells(book: Book, table: int) -> list[str]:
    """The text of every cell of the ``table``-th table (0-based)."""
    tables = [
        n for chapter in book.content.chapters for n in chapter.body.walk() if n.tag == "table"
    ]
    return [n.text() for n in tables[table].walk() if n.tag in ("td", "th")]


def _print(tmp_path: Path, kind: str, tag: str) -> tuple[Book, Path]:
    translations = CALL_RU if tag == "ru" else {}
    book = Book(book_content(edition(_call_article(), tag, translations)), None)
    pdf = tmp_path / f"{kind}-{tag}.pdf"
    pdf.write_bytes(RENDERERS[kind](book).data)
    return book, pdf


@pytest.mark.parametrize("kind", RENDERERS)
@pytest.mark.parametrize("tag", ["en", "ru"])
def test_table_cells_break_between_words(tmp_path: Path, kind: str, tag: str) -> None:
    """Regression: ``overflow-wrap: anywhere`` on cells printed "Emerge / ncy" in large print."""
    book, pdf = _print(tmp_path, kind, tag)
    printed = _words(pdf)
    cells = _cells(book, 0)
    assert len(cells) == 9
    split = [w for cell in cells for w in map(_bare, cell.split()) if w and w not in printed]
    assert split == []


def test_a_table_wider_than_the_page_is_hyphenated_not_cut(tmp_path: Path) -> None:
    """Russian at 20 pt: the second table's longest words side by side are wider than Letter.

    Breaking only between words, its last column ran off the page ("Тел" of
    "Телефон"); that table alone is hyphenated instead, with a visible hyphen,
    and the first table (which fits) still breaks between words only.
    """
    book, pdf = _print(tmp_path, "large", "ru")
    printed = _words(pdf)
    pieces = [w[:-1] for w in printed if w.endswith("\u2010")]
    assert pieces  # hyphenated
    for cell in _cells(book, 1):
        for word in map(_bare, cell.split()):
            assert word in printed or any(word.startswith(p) for p in pieces), word
    assert "555-123-4567" in printed  # nothing cut off the page
    first = [w for cell in _cells(book, 0) for w in map(_bare, cell.split())]
    assert [w for w in first if w not in printed] == []


def _build(
    project: Path, run_cli: Callable[..., CliResult], settings: str, *langs: str
) -> CliResult:
    config = project / "handout.toml"
    bundled = config.read_text(encoding="utf-8")
    if "region =" in settings:  # the case's own region replaces the bundled one
        bundled = bundled.replace('region = "US"\n', "")
    config.write_text(settings + bundled, encoding="utf-8")
    options = [item for tag in langs for item in ("--lang", tag)]
    return run_cli(project, "build", "--jobs", "1", *options)


def _page_image(pdf: Path, tmp_path: Path, name: str) -> Path:
    stem = tmp_path / name.replace(".", "-")
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-singlefile", "-png", str(pdf), str(stem)],
        check=True,
    )
    return stem.with_suffix(".png")


def _decode(png: Path) -> list[str]:
    """The QR codes zbarimg reads on the image (it exits 4 when it finds none)."""
    assert shutil.which("zbarimg"), "zbarimg missing: Debian package zbar-tools (make test)"
    done = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
    assert done.returncode in (0, 4), done.stderr
    return done.stdout.split()


def test_both_pdfs_lead_to_their_page_by_qr_code_and_address(
    project: Path, run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    require("poppler")
    result = _build(project, run_cli, f'base_url = "{BASE.rstrip("/")}"\n', "es", "ar")
    assert result.code == 0, result.err
    for tag in ("es", "ar"):
        url = f"{BASE}{tag}/{BUNDLED_SLUG}.html"
        words = print_strings(parse_language(tag))
        for suffix in (".pdf", ".large-print.pdf"):
            pdf = project / "build" / tag / f"{BUNDLED_SLUG}{suffix}"
            assert _decode(_page_image(pdf, tmp_path, f"{tag}{suffix}")) == [url]
            text = re.sub(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", pdftotext(pdf))
            assert url.removeprefix("https://") in text
            objects = pdf_objects(pdf)
            alt = ("\ufeff" + words.qr_alt).encode("utf-16-be").hex().encode()
            assert b"/S /Figure" in objects and b"/Alt <" + alt + b">" in objects
            images = subprocess.run(
                ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            assert images[2:] == []  # the code is vector paths, not a picture


def test_without_base_url_nothing_leads_off_the_paper(
    project: Path, run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    require("poppler")
    assert _build(project, run_cli, "", "es").code == 0
    for suffix in (".pdf", ".large-print.pdf"):
        pdf = project / "build" / "es" / f"{BUNDLED_SLUG}{suffix}"
        assert _decode(_page_image(pdf, tmp_path, suffix)) == []
        assert "handouts/es" not in pdftotext(pdf)


def _page_size(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    match = re.search(r"^Page size:\s+(.*)$", info.stdout, re.M)
    assert match
    return match.group(1)


@pytest.mark.parametrize(
    ("settings", "size"),
    [
        ("", "612 x 792 pts (letter)"),  # source language en: CLDR's likely region US
        ('paper = "a4"\n', "595.276 x 841.89 pts (A4)"),
        ('region = "GB"\n', "595.276 x 841.89 pts (A4)"),
        ('source_language = "en-GB"\npaper = "Letter"\n', "612 x 792 pts (letter)"),
    ],
)
def test_paper_follows_the_setting_or_the_clinics_region(
    project: Path, run_cli: Callable[..., CliResult], settings: str, size: str
) -> None:
    config = project / "handout.toml"  # the bundled region goes: each case sets its own
    config.write_text(
        config.read_text(encoding="utf-8").replace('region = "US"\n', ""), encoding="utf-8"
    )
    if "source_language" in settings:  # replace the bundled one rather than repeat the key
        text = config.read_text(encoding="utf-8").replace('source_language = "en"\n', "")
        config.write_text(text, encoding="utf-8")
        for catalog in (project / "locales").glob("*/LC_MESSAGES/*.po"):
            catalog.unlink()  # the catalogs' msgids are the en source: keep only the source
    result = _build(project, run_cli, settings)
    assert result.code in (0, 1), result.err
    tag = "en-GB" if "en-GB" in settings else "en"
    for suffix in (".pdf", ".large-print.pdf"):
        assert _page_size(project / "build" / tag / f"{BUNDLED_SLUG}{suffix}") == size


@pytest.mark.parametrize(
    "line",
    [
        'paper = "A5"',
        'region = "USA"',
        'base_url = "ftp://clinic.example/"',
        'base_url = "https://clinic.example/a b/"',
        'base_url = "https://clinic.example/?x=1"',
        'base_url = "javascript:alert(1)"',
        'base_url = "https://user:pw@clinic.example/"',
        "base_url = 3",
    ],
)
def test_bad_print_settings_are_one_line_errors(
    project: Path, run_cli: Callable[..., CliResult], line: str
) -> None:
    result = _build(project, run_cli, line + "\n")
    assert result.code == 2
    assert result.err.startswith("handout.toml: error: ")
    assert not (project / "build").exists()


def test_region_defaults() -> None:
    def paper(region: str, tag: str) -> str:
        return default_paper(region, parse_language(tag))

    assert paper("", "en") == "letter"
    assert paper("", "en-GB") == "a4"
    assert paper("", "es") == "a4" and paper("", "es-MX") == "letter"
    assert paper("CA", "fr") == "letter" and paper("DE", "en-US") == "a4"
    assert check_base_url("https://x.example/h", "t") == "https://x.example/h/"
    with pytest.raises(HandoutError):
        check_base_url("https://x.example/<script>", "t")


def _laid_out(html: str) -> Iterator[tuple[Any, tuple[str, ...]]]:
    def walk(box: Any, outer: tuple[str, ...]) -> Iterator[tuple[Any, tuple[str, ...]]]:
        tags = (*outer, box.element_tag) if getattr(box, "element_tag", None) else outer
        yield box, tags
        for child in getattr(box, "children", []):
            yield from walk(child, tags)

    for page in HTML(string=html).render().pages:
        yield from walk(page._page_box, ())


@pytest.mark.parametrize(("style", "low", "high"), [(STANDARD, 12, 14), (LARGE_PRINT, 20, 20)])
def test_body_text_size(style: Any, low: float, high: float) -> None:
    from support.text_fixtures import rich_article

    content = book_content(edition(rich_article(), "en"))
    texts = [
        (b, tags)
        for b, tags in _laid_out(large_print_html(content, style, "letter"))
        if isinstance(b, boxes.TextBox) and b.text.strip()
    ]
    body = [b.style["font_size"] / POINT for b, tags in texts if "p" in tags and "h1" not in tags]
    size = Counter(body).most_common(1)[0][0]
    assert low <= size <= high
    headings = [b.style["font_size"] / POINT for b, tags in texts if "h2" in tags]
    assert min(headings) >= 1.3 * size


def test_the_page_links_the_standard_handout(
    project: Path, run_cli: Callable[..., CliResult]
) -> None:
    assert _build(project, run_cli, "", "vi").code == 0
    page = (project / "build" / "vi" / f"{BUNDLED_SLUG}.html").read_text(encoding="utf-8")
    label = print_strings(parse_language("vi")).handout
    assert f'<a href="{BUNDLED_SLUG}.pdf" type="application/pdf">{label}</a>' in page
    assert load_config(project).printing == PrintSettings("letter", "")
