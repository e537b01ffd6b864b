"""Reading the audio build's sentence timings back, and pairing them with the book's sentences.

The timings come from the WebVTT transcript the audio build writes; the
accessor must give back exactly what :func:`render_webvtt` was given, and
refuse (with file and line) anything else, so a clip is never silently
shifted. A transcript that cannot be read costs the book its narration,
never the build.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.project import BUNDLED_SLUG, CliResult

from pipeline.article import parse_article
from pipeline.book.a11y import accessibility
from pipeline.book.content import book_content
from pipeline.book.model import Book, Clip, Narration, Sentence
from pipeline.book.narration import align
from pipeline.errors import HandoutError
from pipeline.languages import parse_language
from pipeline.localize import localize
from pipeline.speech.timing import SentenceTiming, parse_sentence_timings
from pipeline.speech.webvtt import Cue, render_webvtt
from pipeline.text.edition import Edition

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1
).filter(lambda t: t.strip())


@given(
    st.lists(st.tuples(_TEXT, st.integers(0, 10_000), st.integers(0, 10_000)), max_size=12),
    _TEXT,
)
def test_timings_read_back_exactly_what_the_audio_build_wrote(
    spans: list[tuple[str, int, int]], title: str
) -> None:
    cues, position = [], 0
    for i, (text, gap, length) in enumerate(spans):
        start = position + gap
        cues.append(Cue(f"s{i + 1}", start, start + length, text, 0))
        position = start + length
    timings = parse_sentence_timings(render_webvtt(cues, title), "a.vtt")
    assert timings == tuple(
        SentenceTiming(c.identifier, c.start_ms, c.end_ms, " ".join(c.text.split())) for c in cues
    )


@pytest.mark.parametrize(
    ("vtt", "line", "message"),
    [
        ("WEBVTT FILE\n", 1, "not a WebVTT file"),
        ("WEBVTT\n\ns1\n00:00:01.000 -> 00:00:02.000\nHello.\n", 4, "expected cue times"),
        ("WEBVTT\n\ns1\n00:00:02.000 --> 00:00:01.000\nHello.\n", 4, "out of order"),
        ("WEBVTT\n\ns1\n00:00:01.000 --> 00:00:02.000\nHello.\nAgain.\n", 3, "one line of text"),
    ],
)
def test_a_transcript_not_written_by_the_audio_build_is_refused(
    vtt: str, line: int, message: str
) -> None:
    with pytest.raises(HandoutError) as raised:
        parse_sentence_timings(vtt, "audio/es/a.vtt")
    assert (raised.value.path, raised.value.line) == ("audio/es/a.vtt", line)
    assert message in raised.value.message


def test_align_skips_book_sentences_the_voice_does_not_read() -> None:
    sentences = [Sentence("s_1", "Rest."), Sentence("s_2", "—"), Sentence("s_3", "Walk.")]
    timings = [SentenceTiming("s1", 250, 900, "Rest."), SentenceTiming("s2", 1250, 2000, "Walk.")]
    clips = align(sentences, timings)
    assert clips is not None
    assert [(c.sentence, c.start_ms, c.end_ms) for c in clips] == [
        ("s_1", 250, 900),
        ("s_3", 1250, 2000),
    ]
    assert align(sentences, [*timings, SentenceTiming("s3", 2100, 2500, "Sit.")]) is None


def test_an_unreadable_transcript_costs_the_narration_not_the_build(
    project: Path, run_cli: Callable[..., CliResult]
) -> None:
    audio = project / "audio/es"
    audio.mkdir(parents=True)
    (audio / f"{BUNDLED_SLUG}.mp3").write_bytes(b"ID3")
    (audio / f"{BUNDLED_SLUG}.vtt").write_text("WEBVTT\n\ns1\nnot a time\nHola.\n", "utf-8")
    result = run_cli(project, "build", "--lang", "es")
    assert result.code == 0
    assert (
        f"audio/es/{BUNDLED_SLUG}.vtt:4: warning: expected cue times "
        "(hh:mm:ss.mmm --> hh:mm:ss.mmm): the book has no narration"
    ) in result.err.splitlines()
    book = project / "build/es" / f"{BUNDLED_SLUG}.epub"
    shutil.unpack_archive(book, project / "unpacked", "zip")
    assert (project / "unpacked/EPUB/section-01.xhtml").is_file()
    assert not list((project / "unpacked").rglob("*.smil"))


def test_listening_is_called_sufficient_only_when_every_word_is_read() -> None:
    def book(source: str, clinic: str, narrated: bool) -> Book:
        article = parse_article(source, slug="rest", path="source/rest.md")
        language = parse_language("en")
        localized = localize(article, language, language, {})
        content = book_content(Edition(localized, False, clinic, (language,)))
        clips = tuple(
            Clip(s.id, i * 1000, i * 1000 + 900) for i, s in enumerate(content.sentences())
        )
        return Book(content, Narration(b"ID3", clips) if narrated else None)

    plain = "---\ntitle: Rest\n---\n\nRest for a day. Then walk a little.\n"
    dated = plain.replace("title: Rest\n", "title: Rest\nreviewed: 2026-11-26\n")
    coded = plain + "\n```\n555-123-4567\n```\n"
    assert accessibility(book(plain, "", True)).sufficient == ("textual", "auditory")
    assert accessibility(book(plain, "", False)).sufficient == ("textual",)
    assert accessibility(book(plain, "Riverside Clinic", True)).sufficient == ("textual",)
    assert accessibility(book(dated, "", True)).sufficient == ("textual",)
    assert accessibility(book(coded, "", True)).sufficient == ("textual",)
