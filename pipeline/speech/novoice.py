"""Languages without a voice: the audio build records them, and their pages say so.

A Tagalog-speaking patient must not meet a page that simply lacks a player:
the page says, in Tagalog, that there is no recording in Tagalog and that a
phone's own reader can read the EPUB book aloud, with a link to it. The
audio build lists the languages it found no voice for in
``<audio>/no-voice.json`` (a language whose configured voice failed is not
listed: that is an error to fix, not a missing voice); the text build reads
it, as one of the page's inputs, so the notice comes and goes with the list.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.fsio import write_text_atomic
from pipeline.languages import Language
from pipeline.project import Project
from pipeline.text.page_audio import NoVoiceNotice
from pipeline.words.lookup import group
from pipeline.words.project import word_source

RECORD_NAME = "no-voice.json"

def record_path(project: Project) -> Path:
    return project.config.folders.audio / RECORD_NAME


def record_voiceless(project: Project, voiceless: set[Language], voiced: set[Language]) -> bool:
    """Add ``voiceless`` to the list and take ``voiced`` off it; True if the file changed."""
    path = record_path(project)
    known = _read(path)
    listed = sorted((known - {lang.bcp47 for lang in voiced}) | {lang.bcp47 for lang in voiceless})
    if set(listed) == known and (path.is_file() or not listed):
        return False
    return write_text_atomic(path, json.dumps(listed, indent=1) + "\n")


def no_voice_notice(
    project: Project, language: Language, slug: str, published: bool
) -> NoVoiceNotice | None:
    """The notice for a published page whose language the last audio build found no voice for.

    Its words are the ``no-voice:`` entries of :mod:`pipeline.words` (the project's
    own ``handout.po`` first), all in one language, which the notice says.
    """
    if not published or language.bcp47 not in _read(record_path(project)):
        return None
    found = group(language, "no-voice", ("title", "body", "epub_label"), word_source(project))
    texts = found.texts
    return NoVoiceNotice(
        found.lang, texts["title"], texts["body"], texts["epub_label"], f"{slug}.epub"
    )


def _read(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {str(tag) for tag in data} if isinstance(data, list) else set()
