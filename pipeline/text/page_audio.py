"""What a page shows of its spoken version: the player's words and links, or the no-voice notice.

Plain frozen values the text renderers read (:class:`~pipeline.text.edition.Edition`
carries them); the site build (:mod:`pipeline.site.audio`) and
:mod:`pipeline.speech.novoice` make them. They live here, below both, so
that the page's code never imports the audio build's. The player's words
come from handout's own catalog (:mod:`pipeline.words`), with the page's.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_decimal

from pipeline.languages import Language
from pipeline.words.catalog import BUNDLED_ONLY, WordSource
from pipeline.words.groups import fill

#: Playback speeds offered (0.75–2×): slower for a new language, faster for a second listen.
SPEEDS = ("0.75", "1", "1.25", "1.5", "1.75", "2")


@dataclass(frozen=True)
class PlayerLabels:
    lang: str  # the language these words are in
    listen: str
    chapters: str
    transcript_note: str
    download: str
    playlist: str


@dataclass(frozen=True)
class ControlLabels:
    """The player's controls, named in the page's language (``lang``: the words' language)."""

    lang: str
    player: str  # the group of controls
    play: str
    pause: str
    back: str  # 10 seconds back
    forward: str  # 10 seconds on
    speed: str
    resumed: str  # holds "{time}": shown when the page picks up where the patient stopped
    start_over: str


@dataclass(frozen=True)
class SpeedChoice:
    rate: str  # the playbackRate, as "1.25"
    label: str  # as the page's locale writes it: "1,25×"


@dataclass(frozen=True)
class PageChapter:
    title: str
    start: float  # seconds
    start_label: str  # m:ss


@dataclass(frozen=True)
class PageAudio:
    mp3: str
    vtt: str
    playlist: str
    chapters: tuple[PageChapter, ...]
    labels: PlayerLabels
    srclang: str
    controls: ControlLabels | None = None  # None: the page shows only the native player
    speeds: tuple[SpeedChoice, ...] = ()
    resume_key: str = ""  # where the page keeps the listening position (local storage)


@dataclass(frozen=True)
class NoVoiceNotice:
    """The page's words when its language has no voice, and where its e-book is."""

    lang: str  # the language these words are in (English when handout has none)
    title: str
    body: str
    epub_label: str
    epub: str  # href of the EPUB, relative to the page


def control_labels(language: Language, source: WordSource = BUNDLED_ONLY) -> ControlLabels:
    """The controls' words (``controls:`` in :mod:`pipeline.words`): its tag, the bare
    language, else English."""
    return fill(ControlLabels, "controls", language, source)


def speed_choices(language: Language) -> tuple[SpeedChoice, ...]:
    """The speeds as the page's locale writes decimals (CLDR through Babel): "1,25×" in Spanish."""
    return tuple(
        SpeedChoice(rate, f"{format_decimal(float(rate), locale=language.locale)}×")
        for rate in SPEEDS
    )


def labels_for(language: Language, source: WordSource = BUNDLED_ONLY) -> PlayerLabels:
    """The player's words (``player:`` in :mod:`pipeline.words`), like :func:`control_labels`."""
    return fill(PlayerLabels, "player", language, source)
