"""The audio on the built site: files linked into ``build/``, and what the page needs to show it.

The site must deploy alone, so each published page's audio is hard-linked
(copied across file systems) into ``build/<tag>/audio/``: no second copy on
disk, and a rebuild that changed nothing touches nothing (the link is the
same inode). The page gets a :class:`PageAudio`: hrefs relative to the page,
the chapters for seek links, and the player's few words in the page's
language (handout's own words, the project's ``handout.po`` first). Only
files ``handout audio`` wrote are linked (:func:`pipeline.speech.recorded.owned`).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from pipeline.fsio import read_record, write_bytes_atomic
from pipeline.languages import Language
from pipeline.localize import Localized
from pipeline.project import Project
from pipeline.speech.recorded import owned
from pipeline.speech.script import make_script
from pipeline.text.page_audio import (
    PageAudio,
    PageChapter,
    control_labels,
    labels_for,
    speed_choices,
)
from pipeline.words.project import word_source

AUDIO_DIR = "audio"  # under build/<tag>/


def page_audio(project: Project, localized: Localized, published: bool) -> PageAudio | None:
    """What the page shows of its audio; None if it has none. Reads, never writes.

    Drafts get no audio (none is made for them), and neither does a page whose
    audio was made from other text: if the transcript's sentences are not the
    page's sentences, the article changed since ``handout audio`` last ran,
    and a recording that disagrees with the page is worse than none. It runs
    wherever the page is rendered (a worker, perhaps); :func:`link_audio` or
    :func:`remove_audio` then puts the files in ``build/`` accordingly.
    """
    language = localized.language
    slug = localized.article.slug
    vtt = project.audio_path(language, slug, ".vtt")
    current = published and owned(project, vtt) and _transcript(vtt) == _sentences(localized)
    if not current:
        return None
    sources = _sources(project, language, slug)
    if not all(owned(project, sources[f"{slug}{s}"]) for s in (".mp3", ".vtt", ".chapters.json")):
        return None
    document = json.loads(read_record(sources[f"{slug}.chapters.json"]))
    chapters = tuple(
        PageChapter(str(c["title"]), float(c["startTime"]), _clock(float(c["startTime"])))
        for c in document.get("chapters", [])
    )
    return PageAudio(
        mp3=f"{AUDIO_DIR}/{slug}.mp3",
        vtt=f"{AUDIO_DIR}/{slug}.vtt",
        playlist=f"{AUDIO_DIR}/{slug}.m3u8",
        chapters=chapters,
        labels=labels_for(language, word_source(project)),
        srclang=language.bcp47,
        controls=control_labels(language, word_source(project)),
        speeds=speed_choices(language),
        resume_key=f"handout:{language.bcp47}/{slug}",
    )


def audio_inputs(project: Project, language: Language, slug: str) -> list[Path]:
    """The unit's audio files under ``audio/``: what :func:`page_audio` and the books read."""
    return list(_sources(project, language, slug).values())


def linked_outputs(project: Project, language: Language, slug: str) -> list[Path]:
    """Where :func:`link_audio` puts the unit's audio under ``build/``."""
    target = project.build_folder(language) / AUDIO_DIR
    return [target / name for name in _sources(project, language, slug)]


def _transcript(vtt: Path) -> list[str]:
    """The cue texts of a WebVTT file written by :mod:`pipeline.speech.webvtt`, unescaped."""
    cues = []
    for block in read_record(vtt).decode("utf-8").split("\n\n"):
        lines = block.splitlines()
        if len(lines) >= 3 and " --> " in lines[1]:
            text = " ".join(lines[2:])
            cues.append(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
    return cues


def _sentences(localized: Localized) -> list[str]:
    script = make_script(localized, {})
    return [" ".join(u.shown.split()) for u in script.utterances()]


def _sources(project: Project, language: Language, slug: str) -> dict[str, Path]:
    """Every audio file of one unit, by its name under ``audio/<tag>/``."""
    found = {
        f"{slug}{suffix}": project.audio_path(language, slug, suffix)
        for suffix in (".mp3", ".vtt", ".chapters.json", ".m3u8")
    }
    tracks = project.track_folder(language, slug)
    if tracks.is_dir():
        for track in sorted(tracks.glob("*.mp3")):
            found[f"{slug}/{track.name}"] = track
    return found


def link_audio(project: Project, language: Language, slug: str) -> tuple[list[str], int]:
    """Link the unit's audio into ``build/``; (files written, files unchanged)."""
    sources = _sources(project, language, slug)
    target = project.build_folder(language) / AUDIO_DIR
    project.inside_folder(target / slug)  # no planted link in build/ leads the files out
    written: list[str] = []
    unchanged = 0
    for name, source in sources.items():
        if not owned(project, source):
            continue  # not there, or not a file handout made: never published
        if _link(source, target / name):
            written.append(project.shown(target / name))
        else:
            unchanged += 1
    for stale in sorted((target / slug).glob("*.mp3")) if (target / slug).is_dir() else []:
        if f"{slug}/{stale.name}" not in sources:
            stale.unlink()
    return written, unchanged


def remove_audio(project: Project, language: Language, slug: str) -> list[str]:
    """Take a unit's audio off the site (its page was taken down or has no audio)."""
    target = project.build_folder(language) / AUDIO_DIR
    removed = []
    candidates = [target / f"{slug}{s}" for s in (".mp3", ".vtt", ".chapters.json", ".m3u8")]
    if (target / slug).is_dir():
        candidates += sorted((target / slug).glob("*.mp3"))
    for path in candidates:
        if path.is_file():
            path.unlink()
            removed.append(project.shown(path))
    with contextlib.suppress(OSError):
        (target / slug).rmdir()
    return removed


def _link(source: Path, target: Path) -> bool:
    """Hard-link ``source`` at ``target`` (atomically); copy if linking is impossible."""
    try:
        if os.path.samefile(source, target):
            return False
        if read_record(target) == read_record(source):
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.link")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    try:
        os.link(source, temporary)
    except OSError:
        return write_bytes_atomic(target, read_record(source))
    os.replace(temporary, target)
    return True


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"
