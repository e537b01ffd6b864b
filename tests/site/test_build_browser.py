"""The built pages in a real headless Chromium: axe-core, zoom, phone width, type size, contrast.

One browser serves the whole module. Every page the bundled project builds is
checked, plus an Arabic draft (banner and left-to-right English fallbacks) and
a Spanish draft made of hostile msgstrs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from support.browser import WCAG_TAGS, Browser, describe
from support.project import BUNDLED_SLUG, copy_bundled
from support.text_fixtures import RICH_SOURCE

from pipeline.cli import main

HOSTILE = (
    '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
    "[guía](javascript:window.pwned=3) PRP"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled project built, then an Arabic draft and a hostile Spanish draft beside it."""
    root = copy_bundled(tmp_path_factory.mktemp("site") / "project")
    assert main(["--root", str(root), "build"]) == 0
    drafts = root / "drafts"
    shutil.copytree(root, drafts)
    ar = drafts / "locales/ar/LC_MESSAGES" / f"{BUNDLED_SLUG}.po"
    catalog = polib.pofile(str(ar))
    for entry in list(catalog)[2:5]:
        entry.msgstr = ""
    catalog.save(str(ar))
    es = drafts / "locales/es/LC_MESSAGES" / f"{BUNDLED_SLUG}.po"
    catalog = polib.pofile(str(es))
    for entry in catalog:
        entry.msgstr = HOSTILE
    catalog.save(str(es))
    (drafts / "source/after-prp.md").write_text(RICH_SOURCE, "utf-8")  # lists, table, code …
    main(
        ["--root", str(drafts), "build", "--draft", "--lang", "ar", "--lang", "es", "--lang", "en"]
    )
    return root


def _pages(site: Path) -> list[Path]:
    built = sorted((site / "build").rglob("*.html"))
    assert len(built) == 17  # 8 articles, 8 language indexes, the site index
    drafts = site / "drafts/build"
    extra = [
        drafts / f"ar/{BUNDLED_SLUG}.html",
        drafts / "ar/after-prp.html",
        drafts / "en/after-prp.html",
    ]
    assert all(page.is_file() for page in extra)
    return [*built, *extra]


def _articles(site: Path) -> list[Path]:
    return [p for p in _pages(site) if p.name != "index.html"]


@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "phone-320px"])
def test_axe_finds_no_wcag_2_2_a_or_aa_violation_on_any_page(
    site: Path, browser: Browser, width: int
) -> None:
    browser.viewport(width, 900)
    browser.media(prefers_color_scheme="light")
    problems = {}
    for page in _pages(site):
        browser.open(page)
        violations = browser.axe(tags=WCAG_TAGS)
        if violations:
            problems[page.relative_to(site).as_posix()] = describe(violations)
    assert not problems, problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_is_at_least_7_to_1_in_light_and_dark(
    site: Path, browser: Browser, scheme: str
) -> None:
    browser.viewport(1280, 900)
    browser.media(prefers_color_scheme=scheme)
    problems = {}
    for page in _pages(site):
        browser.open(page)
        failures = browser.low_contrast(7.0)
        if failures:
            problems[page.relative_to(site).as_posix()] = failures
    browser.media(prefers_color_scheme="light")
    assert not problems, problems


@pytest.mark.parametrize(
    ("width", "scale"), [(640, 2), (320, 1), (320, 2)], ids=["zoom-200%", "phone", "phone-2x"]
)
def test_nothing_scrolls_sideways_at_200_percent_zoom_or_on_a_phone(
    site: Path, browser: Browser, width: int, scale: float
) -> None:
    browser.viewport(width, 800, scale)
    overflowing = {}
    for page in _pages(site):
        browser.open(page)
        sizes = browser.js(
            "return [document.documentElement.scrollWidth, window.innerWidth,"
            " Math.max(...[...document.querySelectorAll('body *')].map("
            "  e => e.closest('.table-wrap') ? 0 : e.getBoundingClientRect().right))]"
        )
        if sizes[0] > sizes[1] or sizes[2] > sizes[1] + 0.5:
            overflowing[page.relative_to(site).as_posix()] = sizes
    assert not overflowing, overflowing


def test_body_text_is_large_well_spaced_and_of_a_readable_measure(
    site: Path, browser: Browser
) -> None:
    browser.viewport(1280, 900)
    for page in _articles(site):
        browser.open(page)
        size, line, width = browser.js(
            "const p = document.querySelector('main section p');"
            "const s = getComputedStyle(p);"
            "return [parseFloat(s.fontSize), parseFloat(s.lineHeight), p.clientWidth];"
        )
        assert size >= 18, page
        assert line / size >= 1.5, page
        assert width / size <= 36, page  # about 70 Latin characters at most


def test_reduced_motion_turns_smooth_scrolling_off(site: Path, browser: Browser) -> None:
    page = _articles(site)[0]
    behaviours = []
    for preference in ("no-preference", "reduce"):
        browser.media(prefers_reduced_motion=preference)
        browser.open(page)
        behaviours.append(
            browser.js("return getComputedStyle(document.documentElement).scrollBehavior")
        )
    browser.media(prefers_reduced_motion="no-preference")
    assert behaviours == ["smooth", "auto"]


def test_print_keeps_the_article_and_the_draft_banner_and_drops_the_menus(
    site: Path, browser: Browser
) -> None:
    browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        browser.open(site / "drafts/build/ar" / f"{BUNDLED_SLUG}.html")
        shown = browser.js(
            "return ['.languages', '.skip-link', '.draft-banner', 'main h1', '.formats'].map("
            "s => getComputedStyle(document.querySelector(s)).display)"
        )
    finally:
        browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert shown[0] == "none" and shown[1] == "none" and shown[4] == "none"
    assert shown[2] != "none" and shown[3] != "none"


def test_a_hostile_translation_runs_nothing_in_the_browser(site: Path, browser: Browser) -> None:
    browser.viewport(1280, 900)
    browser.open(site / "drafts/build/es" / f"{BUNDLED_SLUG}.html")
    state = browser.js(
        "return [typeof window.pwned, document.scripts.length,"
        " [...document.querySelectorAll('*')].filter("
        "   e => [...e.attributes].some(a => a.name.startsWith('on'))).length,"
        " [...document.links].filter(a => a.protocol === 'javascript:').length,"
        " document.body.innerText.includes('window.pwned = 1')]"
    )
    assert state == ["undefined", 0, 0, 0, True]
