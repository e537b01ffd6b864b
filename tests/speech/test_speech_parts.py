"""The speech stages one by one: lexicon, voices and settings, cache keys, files, mastering."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import miniaudio
import numpy as np
import pyloudnorm
import pytest
from mutagen.mp3 import MP3
from support.project import REPO, CliResult, voices_error

from pipeline.config import load_config
from pipeline.errors import HandoutError
from pipeline.languages import parse_language
from pipeline.speech import master, mp3
from pipeline.speech.cache import SpeechCache, speech_key
from pipeline.speech.chapters import ChapterSpan, render_chapters_json
from pipeline.speech.engine import EngineInfo, Pcm, VoiceInfo, VoiceSettings
from pipeline.speech.lexicon import load_lexicon
from pipeline.speech.playlist import Track, render_m3u8
from pipeline.speech.sentences import split_sentences
from pipeline.speech.voices import SpeechSettings, choose_voice, match_voice, speech_settings
from pipeline.speech.webvtt import Cue, render_webvtt, timestamp

RATE = 22_050
Runner = Callable[..., CliResult]
PLS = """<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
    alphabet="ipa" xml:lang="{lang}">
{body}
</lexicon>
"""


def lexicon_file(tmp_path: Path, body: str, lang: str = "en") -> Path:
    path = tmp_path / f"{lang}.pls"
    path.write_text(PLS.format(lang=lang, body=body), encoding="utf-8")
    return path


# --- lexicon ---------------------------------------------------------------------------------


def test_bundled_english_lexicon_says_prp_as_letters_and_x_ray() -> None:
    lexicon = load_lexicon(REPO / "source/lexicons/en.pls", "en.pls", parse_language("en"))
    spoken = lexicon.apply("Ask about PRP (PRP injections) and an X-ray; PRPs stay, aPRP too.")
    assert spoken == "Ask about P R P (P R P injections) and an ex-ray; PRPs stay, aPRP too."


def test_lexicon_matches_whole_words_even_in_scripts_without_spaces(tmp_path: Path) -> None:
    body = "<lexeme><grapheme>PRP</grapheme><alias>P R P</alias></lexeme>"
    lexicon = load_lexicon(lexicon_file(tmp_path, body, "zh-Hans"), "x", parse_language("zh-Hans"))
    assert lexicon.apply("PRP注射或许能解决您的腰痛问题") == "P R P注射或许能解决您的腰痛问题"
    assert lexicon.apply("PRPs, xPRP, PRP2") == "PRPs, xPRP, PRP2"


def test_longest_grapheme_wins(tmp_path: Path) -> None:
    body = (
        "<lexeme><grapheme>X-ray</grapheme><alias>ex-ray</alias></lexeme>"
        "<lexeme><grapheme>X-ray machine</grapheme><alias>radiography unit</alias></lexeme>"
    )
    lexicon = load_lexicon(lexicon_file(tmp_path, body), "x", parse_language("en"))
    assert lexicon.apply("An X-ray machine, an X-ray.") == "An radiography unit, an ex-ray."


@pytest.mark.parametrize(
    ("body", "lang", "message", "line"),
    [
        ("<lexeme><grapheme>PRP</grapheme></lexeme>", "en", "has no <alias>", 4),
        ("<lexeme>\n<alias>x</alias></lexeme>", "en", "needs at least one <grapheme>", 4),
        ("<lexeme><grapheme>PRP</grapheme>", "en", "not a valid PLS lexicon", 5),
        ("", "es", "xml:lang is 'es' but this file is the en lexicon", 1),
    ],
)
def test_bad_lexicons_name_file_and_line(
    tmp_path: Path, body: str, lang: str, message: str, line: int
) -> None:
    path = lexicon_file(tmp_path, body, lang)
    with pytest.raises(HandoutError) as caught:
        load_lexicon(path, "source/lexicons/en.pls", parse_language("en"))
    assert message in caught.value.message
    assert caught.value.path == "source/lexicons/en.pls" and caught.value.line == line


def test_lexicon_refuses_doctype(tmp_path: Path) -> None:
    path = tmp_path / "en.pls"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE lexicon [<!ENTITY a "aaaa">]>\n'
        + PLS.format(lang="en", body="").split("\n", 1)[1],
        encoding="utf-8",
    )
    with pytest.raises(HandoutError, match="DOCTYPE"):
        load_lexicon(path, "en.pls", parse_language("en"))


# --- sentences -------------------------------------------------------------------------------


def test_sentences_in_several_scripts() -> None:
    assert split_sentences("Ask Dr. Lee.  Then rest!\nCall us?", "en") == (
        "Ask Dr. Lee.",
        "Then rest!",
        "Call us?",
    )
    assert split_sentences("注射很快。恢复也很快！", "zh-Hans") == ("注射很快。", "恢复也很快！")
    assert split_sentences("هل لديك أسئلة؟ اتصل بنا.", "ar") == ("هل لديك أسئلة؟", "اتصل بنا.")
    assert split_sentences("   ", "en") == ()


# --- voices and settings ---------------------------------------------------------------------

VOICES = (
    VoiceInfo("gmw/en", "English (Great Britain)", (("en-gb", 2), ("en", 2))),
    VoiceInfo("gmw/en-us", "English (America)", (("en-us", 2), ("en", 3))),
    VoiceInfo("roa/es", "Spanish (Spain)", (("es", 5),)),
    VoiceInfo("roa/es-419", "Spanish (Latin America)", (("es-419", 5), ("es-mx", 6), ("es", 6))),
    VoiceInfo("roa/pt", "Portuguese (Portugal)", (("pt", 5), ("pt-pt", 5))),
    VoiceInfo("roa/pt-br", "Portuguese (Brazil)", (("pt-br", 5), ("pt", 6))),
    VoiceInfo("sit/cmn", "Chinese (Mandarin)", (("cmn", 5), ("zh-cmn", 5), ("zh", 5))),
    VoiceInfo("sit/yue", "Chinese (Cantonese)", (("yue", 5), ("zh-yue", 5), ("zh", 8))),
)
ENGINE = EngineInfo("espeak-ng", "test", VOICES)


@pytest.mark.parametrize(
    ("tag", "voice"),
    [
        ("en", "gmw/en"),
        ("en-US", "gmw/en-us"),
        ("es", "roa/es"),
        ("es-419", "roa/es-419"),
        ("es-MX", "roa/es-419"),
        ("pt-BR", "roa/pt-br"),
        ("pt", "roa/pt"),
        ("zh-Hans", "sit/cmn"),
        ("zh", "sit/cmn"),
        ("zh-HK", "sit/yue"),
        ("tl", None),
        ("fr", None),
    ],
)
def test_voices_are_matched_by_language_tag_never_across_languages(
    tag: str, voice: str | None
) -> None:
    found = match_voice(parse_language(tag), VOICES)
    assert (found.id if found else None) == voice


def settings_for(tmp_path: Path, toml: str) -> SpeechSettings:
    (tmp_path / "handout.toml").write_text(toml, encoding="utf-8")
    return speech_settings(load_config(tmp_path))


def test_handout_toml_overrides_voice_rate_and_pitch(tmp_path: Path) -> None:
    settings = settings_for(
        tmp_path,
        '[speech]\nrate = 160\n[voices.es]\nvoice = "Spanish (Latin America)"\npitch = 40\n'
        '[voices."zh_Hans"]\nrate = 130\n',
    )
    es = choose_voice(parse_language("es"), ENGINE, settings)
    zh = choose_voice(parse_language("zh-Hans"), ENGINE, settings)
    en = choose_voice(parse_language("en"), ENGINE, settings, rate=120)
    assert es is not None and zh is not None and en is not None
    assert es.settings == VoiceSettings("roa/es-419", 160, 40) and es.configured
    assert zh.settings == VoiceSettings("sit/cmn", 130, 50) and not zh.configured
    assert en.settings.rate == 120  # --rate wins for one build


def test_default_rate_is_slower_than_espeak_for_patients(tmp_path: Path) -> None:
    choice = choose_voice(parse_language("en"), ENGINE, settings_for(tmp_path, ""))
    assert choice is not None and 140 <= choice.settings.rate <= 160 < 175


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[voices.es]\nrate = 20\n", "voices.es.rate must be a whole number from 80 to 450"),
        ("[voices.es]\nspeed = 150\n", "unknown setting voices.es.speed"),
        ("[voices.xx-YY-zz]\nrate = 150\n", "voices.xx-YY-zz:"),
        ("[speech]\npitch = 101\n", "speech.pitch must be a whole number from 0 to 100"),
        ('[speech]\nengine = "nonesuch"\n', "unknown speech engine 'nonesuch'"),
        ('[voices.es]\nvoice = "Old Norse"\n', "espeak-ng has no voice 'Old Norse'"),
    ],
)
def test_bad_speech_settings_are_one_line_errors_naming_handout_toml(
    project: Path, run_cli: Runner, toml: str, message: str
) -> None:
    error = voices_error(project, run_cli, toml)
    assert message in error
    # an unknown key also names its line (issue 13)
    assert error.startswith("handout.toml:") or "engine" in message


def test_voices_command_lists_each_language(project: Path, run_cli: Runner) -> None:
    result = run_cli(project, "voices")
    assert result.code == 0
    rows = {line.split()[0]: line for line in result.out.splitlines()[2:]}
    assert "sit/cmn" in rows["zh-Hans"] and "roa/es" in rows["es"] and "150" in rows["en"]
    assert "no voice" in rows["tl"]
    assert result.err.count("warning") == 1 and "tl (Tagalog)" in result.err


def test_bad_rate_and_jobs_on_the_command_line(project: Path, run_cli: Runner) -> None:
    assert "--rate must be between 80 and 450" in run_cli(project, "audio", "--rate", "10").err
    assert "--jobs must be at least 1" in run_cli(project, "audio", "--jobs", "0").err
    assert "fr is not a language of this project" in run_cli(project, "audio", "--lang", "fr").err


# --- cache -----------------------------------------------------------------------------------


def test_cache_key_covers_text_voice_rate_pitch_and_engine_version(tmp_path: Path) -> None:
    base = speech_key("P R P helps.", VoiceSettings("gmw/en", 150, 50), ENGINE)
    variants = [
        speech_key("PRP helps.", VoiceSettings("gmw/en", 150, 50), ENGINE),
        speech_key("P R P helps.", VoiceSettings("gmw/en-us", 150, 50), ENGINE),
        speech_key("P R P helps.", VoiceSettings("gmw/en", 151, 50), ENGINE),
        speech_key("P R P helps.", VoiceSettings("gmw/en", 150, 51), ENGINE),
        speech_key("P R P helps.", VoiceSettings("gmw/en", 150, 50), EngineInfo("x", "test", ())),
        speech_key(
            "P R P helps.", VoiceSettings("gmw/en", 150, 50), EngineInfo("espeak-ng", "2", ())
        ),
    ]
    assert len({base, *variants}) == 7
    assert base == speech_key("P R P helps.", VoiceSettings("gmw/en", 150, 50), ENGINE)


def test_cache_round_trip_and_damaged_entries_are_misses(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    pcm = Pcm(np.arange(-500, 500, dtype="<i2").tobytes(), RATE)
    cache.put("ab" * 32, pcm)
    assert cache.get("ab" * 32) == pcm and "ab" * 32 in cache
    cache.path("ab" * 32).write_bytes(cache.path("ab" * 32).read_bytes()[:60])
    assert cache.get("ab" * 32) is None
    assert cache.get("cd" * 32) is None


# --- files -----------------------------------------------------------------------------------


def test_webvtt_timestamps_and_untrusted_text_escaped() -> None:
    assert timestamp(3_723_004) == "01:02:03.004"
    text = render_webvtt([Cue("s1", 250, 1999, "Take <b>2</b> & rest\n--> now", 0)], "Title --> x")
    assert text.startswith("WEBVTT\n\n")
    assert (
        "00:00:00.250 --> 00:00:01.999\nTake &lt;b&gt;2&lt;/b&gt; &amp; rest --&gt; now\n" in text
    )
    assert "NOTE Title --&gt; x" in text


def test_playlist_titles_cannot_become_directives() -> None:
    text = render_m3u8([Track("a/01-x.mp3", "#EXT-X-EVIL\nline", 12.4)], "Title")
    assert text.splitlines() == [
        "#EXTM3U",
        "#PLAYLIST:Title",
        "#EXTINF:12,EXT-X-EVIL line",
        "a/01-x.mp3",
    ]


def tone(seconds: float, amplitude: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return amplitude * np.sin(2 * np.pi * 440 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))


@pytest.mark.parametrize("frames", [1, 575, 576, 577, 22_050 * 3 + 123])
def test_mp3_gapless_header_gives_back_exactly_the_samples(frames: int) -> None:
    pcm = (np.resize(tone(1.0), frames) * 32767).astype("<i2").tobytes()
    data = mp3.with_header(mp3.encode_stream(pcm, RATE))
    decoded = miniaudio.decode(
        data, output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1, sample_rate=RATE
    )
    assert decoded.num_frames == frames
    assert abs(MP3(io.BytesIO(data)).info.length * RATE - frames) < 0.5
    assert mp3.with_header(mp3.encode_stream(pcm, RATE)) == data  # deterministic


def test_id3_tags_are_deterministic_and_unicode_safe() -> None:
    data = mp3.with_header(mp3.encode_stream((tone(2.0) * 32767).astype("<i2").tobytes(), RATE))
    tags = mp3.Tags(
        "حقن PRP",
        "Clinic",
        "Clinic",
        "ara",
        chapters=(mp3.ChapterMark("ch1", "أ", 0, 1000), mp3.ChapterMark("ch2", "ب", 1000, 2000)),
    )
    first, second = mp3.tag(data, tags), mp3.tag(data, tags)
    assert first == second and first.endswith(data)
    audio = MP3(io.BytesIO(first))
    assert audio.tags["TIT2"].text == ["حقن PRP"] and audio.tags["TLAN"].text == ["ara"]


def test_mastering_reaches_target_loudness_under_the_peak_ceiling() -> None:
    rng = np.random.default_rng(7)
    bursts = np.concatenate([tone(0.7, 0.05) * rng.uniform(0.2, 1.0) for _ in range(30)])
    bursts[::997] = 0.04  # spiky
    result = master.master(bursts)
    samples = np.frombuffer(result.samples, dtype="<i2").astype(np.float64) / 32768
    assert abs(pyloudnorm.Meter(RATE).integrated_loudness(samples) - -16.0) < 0.2
    assert master.true_peak_dbtp(samples) <= master.CEILING_DBTP + 0.01
    assert master.master(bursts).samples == result.samples


def test_chapters_json_is_podcasting_format() -> None:
    text = render_chapters_json([ChapterSpan("Intro", "intro", 0, 1500, "a/01.mp3")], "T", "es")
    document = json.loads(text)
    assert document["version"] == "1.2.0"
    assert document["chapters"] == [
        {"startTime": 0.0, "endTime": 1.5, "title": "Intro", "url": "#intro", "track": "a/01.mp3"}
    ]


def _crc16_bytewise(data: bytes) -> int:
    """CRC-16/ARC one bit at a time, straight from its definition."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


@pytest.mark.parametrize("size", [0, 1, 511, 512, 513, 4099, 70_001])
def test_lame_tag_crc_is_crc16_arc(size: int) -> None:
    data = np.random.default_rng(size).integers(0, 256, size, dtype=np.uint8).tobytes()
    assert mp3.crc16(data) == _crc16_bytewise(data)
    assert mp3.crc16(b"123456789") == 0xBB3D  # the catalogue's check value


def test_joined_streams_play_each_at_its_place_and_keep_the_tag_crc() -> None:
    """The programme is its sections' streams joined: each plays at the sum of the spans before."""
    pieces = [
        (tone(seconds, 0.2 + 0.1 * i) * 32767).astype("<i2")
        for i, seconds in enumerate((1.0, 0.37, 2.2))
    ]
    streams = [mp3.encode_stream(p.tobytes(), RATE) for p in pieces]
    whole = mp3.joined(streams)
    assert whole.crc == mp3.crc16(whole.frames)
    data = mp3.with_header(whole)
    decoded = miniaudio.decode(
        data, output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1, sample_rate=RATE
    )
    samples = np.frombuffer(decoded.samples, dtype="<i2").astype(np.float64)
    spans = [s.span for s in streams]
    assert samples.size == sum(spans[:-1]) + pieces[-1].size
    start = 0
    for piece, span in zip(pieces, spans, strict=True):
        got = samples[start : start + piece.size]
        noise = np.sum((got - piece) ** 2)
        assert 10 * np.log10(np.sum(piece.astype(np.float64) ** 2) / noise) > 20
        assert span - piece.size < 3 * mp3.SAMPLES_PER_FRAME
        start += span


def test_section_entries_round_trip_and_refuse_damage() -> None:
    from pipeline.speech.programme import SectionAudio
    from pipeline.speech.sections import decode_entry, encode_entry

    stream = mp3.encode_stream((tone(1.0) * 20000).astype("<i2").tobytes(), RATE)
    section = SectionAudio(stream, ((5512, 20000),), -16.02, -1.31)
    data = encode_entry(section)
    assert decode_entry(data) == section
    for broken in (data[:-1], data + b"\0", data[:-300] + bytes([data[-300] ^ 1]) + data[-299:]):
        assert decode_entry(broken) is None
    assert decode_entry(b"RIFF....WAVE") is None


def test_a_section_key_is_its_sound_not_its_cue_text() -> None:
    from pipeline.speech.programme import Line, Programme
    from pipeline.speech.sections import section_jobs

    def programme(shown: str, pause: int) -> Programme:
        lines = (Line("k1", "Title", 600, 0), Line("k2", shown, pause, 1), Line("k3", "x", 0, 1))
        return Programme("s", "en", "eng", "T", "C", (("T", "t"), ("B", "b")), lines, "/c")

    first = section_jobs(programme("Rest for a day.", 400), "recipe")
    assert [j.key for j in first] == [
        j.key for j in section_jobs(programme("Rest!", 400), "recipe")
    ]
    moved = section_jobs(programme("Rest for a day.", 500), "recipe")
    assert first[0].key == moved[0].key and first[1].key != moved[1].key
    assert first[0].lead_in_ms > 0 and first[1].lead_in_ms == 0
    assert first[0].key != section_jobs(programme("Rest for a day.", 400), "other")[0].key
