"""The spoken version on the page: a native player, chapter links that seek, the transcript lit up.

A small two-section article is spoken (for real) and built into pages, then
opened in headless Chromium from a local web server that serves byte ranges,
as any real server does (seeking in media needs them; ``file://`` pages
cannot load a WebVTT track at all): ``handout serve``'s own.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from support.browser import (
    WCAG_TAGS,
    Browser,
    describe,
    validate_html,
    wait_for,
)
from support.project import voiced_site

from pipeline.cli import main
from pipeline.site.serve import Preview

ARTICLE = """---
title: Ice Packs After An Injection
language: en
---

# Ice Packs After An Injection

Wrap the pack in a towel. Hold it on the skin for ten minutes. Ask about PRP at your visit.

## When To Call Us

Call us if the skin turns white or numb. We answer the phone every day.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return voiced_site(tmp_path_factory.mktemp("page") / "project", ARTICLE)


@pytest.fixture(scope="module")
def server(preview: Preview) -> str:
    """The pages through ``handout serve``'s own server, which answers byte ranges."""
    return preview.url.rstrip("/")


LIT = "() => (h => h && h.size ? [...h][0].toString() : '')(CSS.highlights.get('handout-reading'))"


def open_page(browser: Browser, server: str) -> None:
    browser.driver.get(f"{server}/en/ice-packs.html")
    assert wait_for(browser, "document.querySelector('.listen audio').readyState >= 1")
    assert wait_for(browser, "document.querySelector('.listen audio').textTracks[0].cues.length")


def test_page_has_a_native_player_with_transcript_and_real_chapter_links(site: Path) -> None:
    html = (site / "build" / "en" / "ice-packs.html").read_text(encoding="utf-8")
    player = html[
        html.index('<section class="listen"') : html.index(
            "</section>", html.index('<section class="listen"')
        )
    ]
    assert '<audio class="player" controls preload="metadata" src="audio/ice-packs.mp3">' in player
    assert '<track kind="captions" src="audio/ice-packs.vtt" srclang="en"' in player
    links = re.findall(r'<a href="(audio/ice-packs\.mp3#t=[\d.]+)" data-start', player)
    assert len(links) == 2 and links[0] == "audio/ice-packs.mp3#t=0.000"  # work without JS too
    assert '<p class="listen-note" hidden>' in player  # no claim of highlighting without JS
    assert validate_html(site / "build" / "en" / "ice-packs.html").returncode == 0


def test_the_site_deploys_alone_with_its_audio_hard_linked(site: Path) -> None:
    built = site / "build" / "en" / "audio"
    for name in ("ice-packs.mp3", "ice-packs.vtt", "ice-packs.chapters.json", "ice-packs.m3u8"):
        assert os.path.samefile(built / name, site / "audio" / "en" / name)
    assert sorted(p.name for p in (built / "ice-packs").iterdir()) == [
        "01-ice-packs-after-an-injection.mp3",
        "02-when-to-call-us.mp3",
    ]


def test_no_player_for_audio_made_from_other_text(site: Path, tmp_path: Path) -> None:
    """Edit the article but not the audio: the page must not offer a recording that disagrees."""
    root = tmp_path / "project"
    shutil.copytree(site, root)
    source = root / "source" / "ice-packs.md"
    source.write_text(source.read_text("utf-8").replace("ten minutes", "fifteen minutes"), "utf-8")
    assert main(["--root", str(root), "build"]) == 0
    assert 'class="listen"' not in (root / "build" / "en" / "ice-packs.html").read_text("utf-8")
    assert not (root / "build" / "en" / "audio" / "ice-packs.mp3").exists()
    assert main(["--root", str(root), "audio"]) == 0
    assert main(["--root", str(root), "build"]) == 0
    assert 'class="listen"' in (root / "build" / "en" / "ice-packs.html").read_text("utf-8")


def test_seeking_highlights_the_sentence_being_read(browser: Browser, server: str) -> None:
    open_page(browser, server)
    assert browser.js("return document.querySelector('.listen-note').hidden") is False
    cues = browser.js(
        "return [...document.querySelector('.listen audio').textTracks[0].cues]"
        ".map(c => [c.id, c.startTime, c.endTime, c.text])"
    )
    assert len(cues) == 7
    for identifier, start, end, text in cues[1:4]:
        browser.js(f"document.querySelector('.listen audio').currentTime = {(start + end) / 2}")
        assert wait_for(
            browser, f"document.querySelector('.listen').dataset.reading === '{identifier}'"
        )
        lit = browser.js("return [...CSS.highlights.get('handout-reading')][0].toString()")
        assert lit == text
        element = browser.js(
            "return [...CSS.highlights.get('handout-reading')][0]"
            ".startContainer.parentElement.tagName"
        )
        assert element == "P"  # the page's own paragraph, not the player


def test_chapter_links_seek_and_are_keyboard_operable(browser: Browser, server: str) -> None:
    open_page(browser, server)
    links = browser.driver.find_elements("css selector", ".listen a[data-start]")
    second = float(links[1].get_attribute("data-start"))
    links[1].send_keys("\n")  # Enter on a focused link, as a keyboard user does
    assert wait_for(
        browser, f"Math.abs(document.querySelector('.listen audio').currentTime - {second}) < 0.05"
    )
    # The cue change of the page's own resume seek (a position an earlier test left in this
    # browser's storage) can still arrive after the link's seek: wait for the highlight to settle
    # on the chapter's heading rather than take the first one lit.
    settled = wait_for(browser, f"({LIT})() === 'When To Call Us'")
    assert settled, browser.js(f"return ({LIT})()")
    assert browser.driver.current_url.endswith("/en/ice-packs.html")  # no navigation away


def test_page_with_player_passes_axe(browser: Browser, server: str) -> None:
    open_page(browser, server)
    for width in (1280, 320):
        browser.viewport(width, 900)
        violations = browser.axe(tags=WCAG_TAGS)
        assert not violations, describe(violations)
