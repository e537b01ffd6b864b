"""``handout serve``: byte ranges, types, 127.0.0.1 only, and ``--watch`` rebuilding and reloading.

Every server here binds to 127.0.0.1 on a free port and is stopped by its test.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.browser import chromium, require_tools, wait_for
from support.project import BUNDLED_SLUG, REPO, voiced_site

from pipeline.site.serve import EVENTS, HOST, Preview, parse_range

ARTICLE = """---
title: Ice Packs After An Injection
---

# Ice Packs After An Injection

Wrap the pack in a towel. Hold it on the skin for ten minutes.

## When To Call Us

Call us if the skin turns white or numb. We answer the phone every day.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return voiced_site(
        tmp_path_factory.mktemp("serve") / "project",
        ARTICLE,
        'clinic = "Test Clinic"\nlanguages = []\nbase_url = "https://c.example/"\n',
    )


def _get(preview: Preview, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(HOST, preview.server.server_address[1], timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_it_listens_on_this_computer_only(preview: Preview) -> None:
    assert preview.server.server_address[0] == "127.0.0.1"
    assert preview.url.startswith("http://127.0.0.1:")


def test_range_requests_get_206_and_exactly_those_bytes(site: Path, preview: Preview) -> None:
    mp3 = (site / "build" / "en" / "audio" / "ice-packs.mp3").read_bytes()
    url = "/en/audio/ice-packs.mp3"
    status, headers, body = _get(preview, url, Range="bytes=1000-1999")
    assert status == 206 and body == mp3[1000:2000]
    assert headers["Content-Range"] == f"bytes 1000-1999/{len(mp3)}"
    assert headers["Accept-Ranges"] == "bytes" and headers["Content-Type"] == "audio/mpeg"
    status, _, body = _get(preview, url, Range="bytes=5000-")
    assert status == 206 and body == mp3[5000:]
    status, _, body = _get(preview, url, Range="bytes=-300")
    assert status == 206 and body == mp3[-300:]
    status, headers, _ = _get(preview, url, Range=f"bytes={len(mp3)}-")
    assert status == 416 and headers["Content-Range"] == f"bytes */{len(mp3)}"
    status, _, body = _get(preview, url)
    assert status == 200 and body == mp3


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/en/audio/ice-packs.vtt", "text/vtt; charset=utf-8"),
        ("/en/ice-packs.epub", "application/epub+zip"),
        ("/en/ice-packs.pdf", "application/pdf"),
        ("/en/audio/ice-packs.m3u8", "audio/x-mpegurl"),
        ("/en/audio/ice-packs.chapters.json", "application/json"),
        ("/en/feed.xml", "application/rss+xml; charset=utf-8"),
        ("/en/ice-packs.html", "text/html; charset=utf-8"),
        ("/", "text/html; charset=utf-8"),
    ],
)
def test_each_file_has_its_type(preview: Preview, path: str, kind: str) -> None:
    status, headers, _ = _get(preview, path)
    assert status == 200 and headers["Content-Type"] == kind


def test_nothing_outside_build_and_no_reload_script_without_watch(
    site: Path, preview: Preview
) -> None:
    assert _get(preview, "/../handout.toml")[0] == 404
    assert _get(preview, "/en/../../handout.toml")[0] == 404
    _, _, body = _get(preview, "/en/ice-packs.html")
    assert body == (site / "build" / "en" / "ice-packs.html").read_bytes()
    assert _get(preview, EVENTS)[0] == 404


def test_parse_range_edges() -> None:
    assert parse_range(None, 10) is None
    assert parse_range("bytes=0-0,5-6", 10) is None  # several ranges: the whole file
    assert parse_range("bytes=-0", 10) is False
    assert parse_range("bytes=3-1", 10) is False
    assert parse_range("items=0-1", 10) is None


def test_a_chapter_link_seeks_in_chromium(preview: Preview) -> None:
    """Without ranges Chromium cannot seek: the chapter restarted the audio at 0:00."""
    require_tools()
    with chromium() as browser:
        browser.driver.get(f"{preview.url}en/ice-packs.html")
        assert wait_for(browser, "document.querySelector('.listen audio').readyState >= 1", 15)
        links = browser.driver.find_elements("css selector", ".listen a[data-start]")
        second = float(links[1].get_attribute("data-start"))
        assert second > 1
        links[1].send_keys("\n")  # Enter, as a keyboard user (a click can land mid-scroll)
        assert wait_for(browser, "!document.querySelector('.listen audio').paused", 15)
        browser.js("document.querySelector('.listen audio').pause()")
        now = browser.js("return document.querySelector('.listen audio').currentTime")
        assert second - 0.05 <= now < second + 3


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """``handout serve --watch --port 0`` on the bundled article in English and Spanish."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locales", root / "locales")
    config = (REPO / "handout.toml").read_text("utf-8")
    config = re.sub(r"(?m)^languages = .*$", 'languages = ["es"]', config)
    (root / "handout.toml").write_text(config, "utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--root", str(root), "serve", "--watch", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        url = ""
        assert process.stdout is not None
        for line in process.stdout:
            found = re.search(r"at (http://127\.0\.0\.1:\d+/) \(this computer only\)", line)
            if found:
                url = found.group(1)
                break
        assert url, "the server did not start"
        yield root, url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_po_edit_appears_in_the_open_page_after_the_rebuild(
    watched: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    require_tools()
    root, url = watched
    catalog = root / "locales" / "es" / "LC_MESSAGES" / f"{BUNDLED_SLUG}.po"
    text = catalog.read_text("utf-8")
    old = "Las inyecciones usan sus propias plaquetas para sanar"
    new = "Las inyecciones usan sus propias plaquetas para curar"
    assert text.count(f'msgstr "{old}"') == 1
    page = f"{url}es/{BUNDLED_SLUG}.html"
    with chromium() as browser:
        browser.driver.get(page)
        assert old in browser.driver.page_source
        browser.js("window.handoutMarker = 1")  # gone once the page has reloaded
        saved = time.monotonic()
        catalog.write_text(text.replace(f'msgstr "{old}"', f'msgstr "{new}"'), "utf-8")
        assert wait_for(
            browser, f"!window.handoutMarker && document.body.innerText.includes({new!r})", 60
        )
        latency = time.monotonic() - saved
    built = (root / "build" / "es" / f"{BUNDLED_SLUG}.html").read_text("utf-8")
    assert new in built and "EventSource" not in built  # the script is only in what is served
    with capsys.disabled():
        print(f"\nserve --watch: .po saved -> page reloaded with the edit in {latency:.2f} s")
