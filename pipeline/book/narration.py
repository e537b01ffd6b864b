"""The narration of a book: the audio build's MP3, and each sentence's clip in it.

Nothing here splits or times sentences. The audio build (``handout audio``)
already did both; its sentence timings are read through the speech
package's accessor (:mod:`pipeline.speech.timing`), and what it speaks comes
from its own script (:func:`pipeline.speech.script.make_script`). The
narration is used only if the audio speaks exactly the sentences the
article has now: audio made from an older text would highlight the wrong
words, so such a book is built without narration and the user is told why.
A language with no voice, or a project whose audio was never built, simply
gets a book without narration.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.book.model import BookContent, Clip, Narration, Sentence
from pipeline.errors import HandoutError
from pipeline.fsio import read_record
from pipeline.project import Project
from pipeline.report import Report
from pipeline.speech.recorded import owned
from pipeline.speech.script import make_script
from pipeline.speech.timing import SentenceTiming, read_sentence_timings


def find_narration(project: Project, content: BookContent, report: Report) -> Narration | None:
    """The narration of ``content``'s unit if its audio is there and current, else None."""
    language, slug = content.edition.language, content.edition.slug
    vtt = project.audio_path(language, slug, ".vtt")
    mp3 = project.audio_path(language, slug, ".mp3")
    if not vtt.is_file() and not mp3.is_file():
        return None
    shown = project.shown(vtt)
    if not vtt.is_file() or not mp3.is_file():
        missing = shown if not vtt.is_file() else project.shown(mp3)
        report.warn(f"{missing} is missing: the book has no narration (run handout audio)", shown)
        return None
    try:
        timings = read_sentence_timings(vtt, shown)
    except HandoutError as exc:
        report.warn(f"{exc.message}: the book has no narration", exc.path, exc.line)
        return None
    spoken = [u.shown for u in make_script(content.edition.localized, {}).utterances()]
    stale = _first_difference(spoken, timings)
    if stale is not None:
        report.warn(
            f"the audio is older than the text ({stale}): the book has no narration "
            "(run handout audio)",
            shown,
        )
        return None
    clips = align(content.sentences(), timings)
    if clips is None:  # the book and the script disagree about sentences: a bug, not bad input
        report.warn("the book's sentences do not line up with the audio's: no narration", shown)
        return None
    if not (owned(project, vtt) and owned(project, mp3)):  # a planted link is never packed
        report.warn("the audio is not what handout audio wrote: the book has no narration", shown)
        return None
    return Narration(read_record(mp3), clips)


def align(
    sentences: Sequence[Sentence], timings: Sequence[SentenceTiming]
) -> tuple[Clip, ...] | None:
    """Pair each timed sentence with the book's element for it, in reading order.

    Both lists come from the same splitter over the same text; the book also
    has elements the voice skips (a "sentence" of punctuation alone), so
    book sentences may go unpaired, timings never.
    """
    clips: list[Clip] = []
    pending = iter(timings)
    timing = next(pending, None)
    for sentence in sentences:
        if timing is not None and sentence.text == timing.text:
            clips.append(Clip(sentence.id, timing.start_ms, timing.end_ms))
            timing = next(pending, None)
    return tuple(clips) if timing is None else None


def _first_difference(spoken: list[str], timings: Sequence[SentenceTiming]) -> str | None:
    for text, timing in zip(spoken, timings, strict=False):
        if text != timing.text:
            return f"cue {timing.identifier} reads {_short(timing.text)}, the text {_short(text)}"
    if len(spoken) != len(timings):
        return f"{len(timings)} sentences spoken, the text has {len(spoken)}"
    return None


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:39] + "…")
