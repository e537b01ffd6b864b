"""``build/<tag>/feed.xml``: one podcast feed per language, each spoken article an episode.

Podcast apps (Apple Podcasts, Pocket Casts, Overcast, AntennaPod) are how
many patients would keep a clinic's audio on their phone, and they read
chapters and transcripts from the feed: RSS 2.0 with Apple's ``itunes:`` tags
and the Podcasting 2.0 ``<podcast:chapters>`` (the chapters JSON) and
``<podcast:transcript>`` (the WebVTT). A feed needs absolute addresses, so it
is written only when ``base_url`` is set in ``handout.toml``; it lists only
articles published in that language whose page carries their audio (a
language without a voice gets no feed). Everything comes from files already
in ``build/`` and the sources' front matter; the same inputs give the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from pipeline.article.frontmatter import date_value, split_front_matter
from pipeline.errors import HandoutError
from pipeline.fsio import write_text_atomic
from pipeline.languages import Language
from pipeline.project import Project
from pipeline.publish.rule import Verdict
from pipeline.site.audio import AUDIO_DIR
from pipeline.text.ui import ui_for
from pipeline.words.catalog import BUNDLED_ONLY, WordSource
from pipeline.words.project import word_source

FEED_NAME = "feed.xml"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Episode:
    """One article in one language, as a feed item."""

    slug: str
    title: str
    description: str
    reviewed: date | None
    mp3_bytes: int
    seconds: int


def feed_path(project: Project, language: Language) -> Path:
    return project.build_folder(language) / FEED_NAME


def episode(
    project: Project, language: Language, slug: str, title: str, description: str
) -> Episode | None:
    """The article's episode if its audio is on the site (linked by the build), else None."""
    folder = project.build_folder(language) / AUDIO_DIR
    mp3, vtt, chapters = (folder / f"{slug}{s}" for s in (".mp3", ".vtt", ".chapters.json"))
    if not (mp3.is_file() and vtt.is_file() and chapters.is_file()):
        return None
    document = json.loads(chapters.read_text(encoding="utf-8"))
    ends = [float(c.get("endTime", 0)) for c in document.get("chapters", [])]
    return Episode(
        slug,
        title,
        description,
        _reviewed(project, slug),
        mp3.stat().st_size,
        round(max(ends, default=0)),
    )


def _reviewed(project: Project, slug: str) -> date | None:
    """The article's review date (front matter only: the body is not parsed again)."""
    path = project.config.folders.source / f"{slug}.md"
    shown = project.shown(path)
    try:
        return date_value(
            split_front_matter(path.read_text(encoding="utf-8"), shown), "reviewed", shown
        )
    except (OSError, UnicodeDecodeError, HandoutError):
        return None


def render_feed(
    language: Language,
    episodes: list[Episode],
    clinic: str,
    base_url: str,
    words: WordSource = BUNDLED_ONLY,
) -> str:
    """The feed's XML (every value escaped by ElementTree; nothing from a catalog is markup)."""
    ET.register_namespace("itunes", ITUNES)
    ET.register_namespace("podcast", PODCAST)
    ET.register_namespace("atom", ATOM)
    tag = language.bcp47
    site = f"{base_url}{tag}/"
    name = _title(language, clinic, words)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    _text(channel, "title", name)
    _text(channel, "link", f"{site}index.html")
    _text(channel, "description", name)
    _text(channel, "language", tag)
    ET.SubElement(
        channel,
        f"{{{ATOM}}}link",
        {"href": f"{site}{FEED_NAME}", "rel": "self", "type": "application/rss+xml"},
    )
    if clinic:
        _text(channel, f"{{{ITUNES}}}author", clinic)
    category = ET.SubElement(channel, f"{{{ITUNES}}}category", {"text": "Health & Fitness"})
    ET.SubElement(category, f"{{{ITUNES}}}category", {"text": "Medicine"})
    _text(channel, f"{{{ITUNES}}}explicit", "false")
    _text(channel, f"{{{ITUNES}}}type", "episodic")
    _text(channel, f"{{{PODCAST}}}locked", "no")
    for item in episodes:
        _item(channel, item, site, tag, clinic)
    ET.indent(rss)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"


def _item(channel: ET.Element, episode: Episode, site: str, tag: str, clinic: str) -> None:
    audio = f"{site}{AUDIO_DIR}/{episode.slug}"
    page = f"{site}{episode.slug}.html"
    item = ET.SubElement(channel, "item")
    _text(item, "title", episode.title)
    _text(item, "link", page)
    _text(item, "description", episode.description or episode.title)
    ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = page
    if episode.reviewed is not None:
        moment = datetime(*episode.reviewed.timetuple()[:3], tzinfo=UTC)
        _text(item, "pubDate", format_datetime(moment))
    ET.SubElement(
        item,
        "enclosure",
        {"url": f"{audio}.mp3", "length": str(episode.mp3_bytes), "type": "audio/mpeg"},
    )
    _text(item, f"{{{ITUNES}}}duration", str(episode.seconds))
    _text(item, f"{{{ITUNES}}}explicit", "false")
    if clinic:
        _text(item, f"{{{ITUNES}}}author", clinic)
    ET.SubElement(
        item,
        f"{{{PODCAST}}}chapters",
        {"url": f"{audio}.chapters.json", "type": "application/json+chapters"},
    )
    ET.SubElement(
        item,
        f"{{{PODCAST}}}transcript",
        {"url": f"{audio}.vtt", "type": "text/vtt", "language": tag, "rel": "captions"},
    )


def _title(language: Language, clinic: str, words: WordSource) -> str:
    """The channel's name: the clinic and handout's "Patient information" in the feed's language.

    A feed's title has one language, the channel's, so where handout has no
    word for it yet (no bundled or project translation) the clinic's name
    stands alone rather than an English phrase labelled as another language.
    """
    ui = ui_for(language, words)
    if not language.shares_language(ui.lang) and clinic:
        return clinic
    return f"{clinic}: {ui.articles}" if clinic else ui.articles


def _text(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, name).text = value


@dataclass(frozen=True)
class FeedsWritten:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


def write_feeds(
    project: Project, verdicts: list[Verdict], languages: tuple[Language, ...]
) -> FeedsWritten:
    """Write (or take down) every language's feed; only bytes that changed are written."""
    base = project.config.printing.base_url
    written: list[str] = []
    removed: list[str] = []
    unchanged = 0
    for language in languages:
        path = feed_path(project, language)
        found = (
            episode(project, language, v.unit.slug, v.title, v.description)
            for v in verdicts
            if base and v.published and v.unit.language == language
        )
        episodes = [e for e in found if e is not None]
        if episodes:
            words = word_source(project)
            text = render_feed(language, episodes, project.config.clinic, base, words)
            if write_text_atomic(path, text):
                written.append(project.shown(path))
            else:
                unchanged += 1
        elif path.exists():
            path.unlink()
            removed.append(project.shown(path))
    return FeedsWritten(tuple(written), unchanged, tuple(removed))
