"""The podcast feeds: one RSS 2.0 feed per language, read back by feedparser as podcast apps would.

A small article is spoken for real; a second one changes after its audio was
made (so its page has no player), and Spanish is started but not translated
(so it is not published). Only the first may be an episode, only in English.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import polib
import pytest

from pipeline.cli import main
from pipeline.languages import parse_language
from pipeline.site import feed as feed_module
from pipeline.site.feed import ITUNES, PODCAST, render_feed
from pipeline.words.catalog import WordSource

BASE = "https://clinic.example/patients/"
ARTICLE = """---
title: Ice Packs & "Cold" Compresses
description: What to do in the first 2 days.
reviewed: 2026-11-20
---

# Ice Packs

Wrap the pack in a towel. Hold it on the skin for ten minutes.

## When To Call Us

Call us if the skin turns white.
"""
SECOND = """---
title: Walking After An Injection
---

# Walking After An Injection

Walk a little every day.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("feed") / "project"
    (root / "source").mkdir(parents=True)
    (root / "source" / "ice-packs.md").write_text(ARTICLE, encoding="utf-8")
    (root / "source" / "walking.md").write_text(SECOND, encoding="utf-8")
    (root / "handout.toml").write_text(
        f'clinic = "Test <Clinic>"\nbase_url = "{BASE}"\nlanguages = ["es"]\n', "utf-8"
    )
    assert main(["--root", str(root), "init", "es"]) == 0
    assert main(["--root", str(root), "audio", "--jobs", "2"]) == 0
    walking = root / "source" / "walking.md"
    walking.write_text(SECOND.replace("a little", "slowly"), encoding="utf-8")
    assert main(["--root", str(root), "build"]) == 0  # Spanish is not translated: held back, exit 0
    return root


def _local(site: Path, url: str) -> Path:
    assert url.startswith(BASE)
    return site / "build" / url.removeprefix(BASE)


def test_the_feed_is_valid_rss_with_one_episode_per_spoken_article(site: Path) -> None:
    data = (site / "build" / "en" / "feed.xml").read_bytes()
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.language == "en"
    assert feed.feed.title == "Test <Clinic>: Patient information"
    assert feed.feed.author_detail.name == "Test <Clinic>"  # itunes:author
    assert [e.title for e in feed.entries] == ['Ice Packs & "Cold" Compresses']
    entry = feed.entries[0]
    assert entry.link == f"{BASE}en/ice-packs.html" and entry.id == entry.link
    assert entry.published_parsed[:3] == (2026, 11, 20)
    enclosure = entry.enclosures[0]
    assert enclosure.type == "audio/mpeg"
    mp3 = _local(site, enclosure.href)
    assert int(enclosure.length) == mp3.stat().st_size
    chapters_doc = json.loads((site / "build/en/audio/ice-packs.chapters.json").read_text("utf-8"))
    end = chapters_doc["chapters"][-1]["endTime"]
    assert abs(int(entry.itunes_duration) - end) <= 1


def test_each_episode_carries_its_chapters_and_transcript(site: Path) -> None:
    item = ET.parse(site / "build" / "en" / "feed.xml").getroot().find("channel/item")
    assert item is not None
    chapters = item.find(f"{{{PODCAST}}}chapters")
    transcript = item.find(f"{{{PODCAST}}}transcript")
    assert chapters is not None and transcript is not None
    assert chapters.get("type") == "application/json+chapters"
    document = json.loads(_local(site, chapters.get("url", "")).read_text(encoding="utf-8"))
    assert [c["title"] for c in document["chapters"]] == ["Ice Packs", "When To Call Us"]
    assert transcript.get("type") == "text/vtt" and transcript.get("language") == "en"
    assert _local(site, transcript.get("url", "")).read_text("utf-8").startswith("WEBVTT")
    assert item.find(f"{{{ITUNES}}}duration") is not None


def test_only_published_languages_get_a_feed(site: Path) -> None:
    assert not (site / "build" / "es" / "feed.xml").exists()


def test_no_base_url_no_feed_and_an_old_one_is_taken_down(site: Path, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "project"
    shutil.copytree(site, root)
    config = root / "handout.toml"
    config.write_text(config.read_text("utf-8").replace(f'base_url = "{BASE}"\n', ""), "utf-8")
    main(["--root", str(root), "build"])
    assert not (root / "build" / "en" / "feed.xml").exists()


def test_a_rebuild_gives_the_same_bytes(site: Path, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "project"
    shutil.copytree(site, root)
    before = (root / "build" / "en" / "feed.xml").read_bytes()
    (root / "build" / "en" / "feed.xml").unlink()
    main(["--root", str(root), "build"])
    assert (root / "build" / "en" / "feed.xml").read_bytes() == before


def _german_words(root: Path) -> WordSource:
    """A project whose handout.po translates every page word into German (placeholders kept)."""
    catalog = polib.pofile(str(Path(feed_module.__file__).parents[1] / "locales" / "handout.pot"))
    for entry in catalog:
        if entry.msgctxt.startswith("page:"):
            entry.msgstr = f"DE {entry.msgid}".replace("DE Patient information", "Patienteninfos")
    folder = root / "locales" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog.metadata["Language"] = "de"
    catalog.save(str(folder / "handout.po"))
    return WordSource(root, root / "locales")


def test_a_feed_title_never_carries_english_labelled_as_another_language(tmp_path: Path) -> None:
    german = parse_language("de")
    untranslated = feedparser.parse(render_feed(german, [], "Klinik Mitte", "https://x.example/"))
    assert untranslated.feed.title == "Klinik Mitte"
    assert untranslated.feed.language == "de"
    words = _german_words(tmp_path)
    translated = feedparser.parse(
        render_feed(german, [], "Klinik Mitte", "https://x.example/", words)
    )
    assert translated.feed.title == "Klinik Mitte: Patienteninfos"
    english = feedparser.parse(
        render_feed(parse_language("en"), [], "Clinic", "https://x.example/")
    )
    assert english.feed.title == "Clinic: Patient information"
