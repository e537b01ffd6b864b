"""The audio build on the bundled article, synthesized for real (pyttsx3 → espeak-ng).

One full build of the bundled project (7 languages, Tagalog without a voice)
is shared by every test here; tests that change something work on a copy.
Files are checked as a listener's player would see them: the MP3 is decoded
(miniaudio, which honours the gapless header like browsers do), loudness and
true peak are measured on the decoded samples, tags are read back by mutagen.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import miniaudio
import numpy as np
import polib
import pyloudnorm
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3
from scipy.signal import resample_poly
from support.project import BUNDLED_SLUG, Built, copy_bundled

from pipeline.config import load_config
from pipeline.languages import parse_language
from pipeline.project import Project
from pipeline.report import Report
from pipeline.speech.build import AudioRequest, AudioStats, build_audio
from pipeline.speech.sentences import split_sentences

VOICED = ("en", "es", "zh-Hans", "vi", "ar", "ko", "ru")
RATE = 22_050


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The bundled project after one cold ``handout audio``, run as a user runs it."""
    root = copy_bundled(tmp_path_factory.mktemp("spoken") / "project")
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--root", str(root), "audio", "--jobs", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    return Built(root, result.stdout, result.stderr, result.returncode)


def rebuild(root: Path) -> tuple[AudioStats, Report]:
    report = Report()
    project = Project(load_config(root))
    return build_audio(project, report, AudioRequest(jobs=2)), report


def snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every file: content hash, modification time and inode (a rewrite changes the last two)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[path.relative_to(folder).as_posix()] = (digest, stat.st_mtime_ns, stat.st_ino)
    return found


def decode(path: Path) -> np.ndarray:
    decoded = miniaudio.decode(
        path.read_bytes(),
        output_format=miniaudio.SampleFormat.SIGNED16,
        nchannels=1,
        sample_rate=RATE,
    )
    assert decoded.sample_rate == RATE and decoded.nchannels == 1
    return np.frombuffer(decoded.samples, dtype="<i2").astype(np.float64) / 32768.0


def vtt_cues(path: Path) -> list[tuple[float, float, str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n")
    cues = []
    for block in text.split("\n\n"):
        lines = block.strip().splitlines()
        for i, line in enumerate(lines):
            match = re.fullmatch(
                r"(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})", line
            )
            if match:
                h1, m1, s1, ms1, h2, m2, s2, ms2 = map(int, match.groups())
                start = h1 * 3600 + m1 * 60 + s1 + ms1 / 1000
                end = h2 * 3600 + m2 * 60 + s2 + ms2 / 1000
                cues.append((start, end, " ".join(lines[i + 1 :])))
    return cues


def expected_headings(root: Path, tag: str) -> list[str]:
    """The section headings as the source and catalogs have them (not via the pipeline)."""
    source = (root / "source" / f"{BUNDLED_SLUG}.md").read_text(encoding="utf-8")
    headings = [
        line.lstrip("#").strip() for line in source.splitlines() if re.match(r"#{1,2} ", line)
    ]
    if tag == "en":
        return headings
    catalog = polib.pofile(
        str(root / "locales" / parse_language(tag).gettext / "LC_MESSAGES" / f"{BUNDLED_SLUG}.po")
    )
    translated = {entry.msgid: entry.msgstr for entry in catalog}
    return [translated[h] for h in headings]


def test_every_language_with_a_voice_gets_every_file(built: Built) -> None:
    assert built.code == 0, built.stderr
    for tag in VOICED:
        folder = built.root / "audio" / tag
        for suffix in (".mp3", ".vtt", ".chapters.json", ".m3u8"):
            assert (folder / f"{BUNDLED_SLUG}{suffix}").is_file(), (tag, suffix)
        assert len(list((folder / BUNDLED_SLUG).glob("*.mp3"))) == 5


def test_tagalog_is_skipped_with_one_warning_and_no_other_voice(built: Built) -> None:
    assert not (built.root / "audio" / "tl").exists()
    warnings = [line for line in built.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1, built.stderr
    assert warnings[0].startswith("warning: tl (Tagalog)") and "no voice" in warnings[0]


def test_the_engine_never_writes_to_stdout(built: Built) -> None:
    """pyttsx3 prints "Audio saved to …" for every file; the command's output stays clean."""
    assert "Audio saved" not in built.stdout
    assert all(line.startswith(("wrote ", "audio in ")) for line in built.stdout.splitlines())
    assert "\r" not in built.stderr and "[#" not in built.stderr  # no progress bar in a pipe


def test_headings_and_paragraph_ends_pause_longer_than_sentence_ends(built: Built) -> None:
    cues = vtt_cues(built.root / "audio" / "en" / f"{BUNDLED_SLUG}.vtt")
    gaps = {text: following[0] - end for (_, end, text), following in itertools.pairwise(cues)}
    heading = gaps["PRP Injections Might Be The Solution For Your Lower Back Pain"]
    paragraph_end = gaps["Your blood is drawn during the same appointment as your injection."]
    sentence_end = gaps["These injections stimulate the growth of healthy tissue."]
    section_end = gaps["Here's how these injections work for back pain."]
    assert sentence_end < paragraph_end < heading < section_end
    assert 0.3 <= sentence_end <= 0.45


@pytest.mark.parametrize("tag", VOICED)
def test_mp3_decodes_and_ends_with_the_last_cue(built: Built, tag: str) -> None:
    mp3 = built.root / "audio" / tag / f"{BUNDLED_SLUG}.mp3"
    samples = decode(mp3)
    cues = vtt_cues(mp3.with_suffix(".vtt"))
    assert cues and all(start < end for start, end, _ in cues)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(cues)), "cues overlap"
    duration = samples.size / RATE
    assert abs(duration - cues[-1][1]) <= 0.050
    info = MP3(mp3).info
    assert info.sample_rate == RATE and info.channels == 1 and info.bitrate // 1000 == 64
    assert abs(info.length - duration) < 0.001  # mutagen reads the gapless header too


@pytest.mark.parametrize("tag", VOICED)
def test_loudness_and_true_peak_of_the_decoded_file(built: Built, tag: str) -> None:
    samples = decode(built.root / "audio" / tag / f"{BUNDLED_SLUG}.mp3")
    loudness = pyloudnorm.Meter(RATE).integrated_loudness(samples)
    assert abs(loudness - -16.0) <= 0.5
    oversampled = resample_poly(samples, 8, 1)  # 176.4 kHz, as BS.1770 true peak
    true_peak = 20 * np.log10(np.max(np.abs(oversampled)))
    assert true_peak <= -1.0


@pytest.mark.parametrize("tag", ["en", "ar", "ko"])
def test_each_section_track_is_as_loud_alone_as_the_programme(built: Built, tag: str) -> None:
    """Every track is mastered by itself: -16 LUFS and under -1 dBTP when played alone."""
    folder = built.root / "audio" / tag / BUNDLED_SLUG
    tracks = sorted(folder.glob("*.mp3"))
    assert len(tracks) == 5
    for track in tracks:
        samples = decode(track)
        assert abs(pyloudnorm.Meter(RATE).integrated_loudness(samples) - -16.0) <= 0.5, track
        assert 20 * np.log10(np.max(np.abs(resample_poly(samples, 8, 1)))) <= -1.0, track


def test_a_damaged_section_entry_is_made_again_never_joined(built: Built, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(built.root, root)
    before = snapshot(root / "audio" / "vi")
    entries = sorted((root / ".handout-cache" / "sections").glob("*/*.bin"))
    assert len(entries) == 5 * len(VOICED)  # one per section, per language with a voice
    vi_mp3 = root / "audio" / "vi" / f"{BUNDLED_SLUG}.mp3"
    frames = decode(vi_mp3)
    programme = vi_mp3.read_bytes()

    def middle(entry: Path) -> bytes:  # speech, not the silence every section ends with
        data = entry.read_bytes()
        return data[len(data) // 2 : len(data) // 2 + 2000]

    damaged = next(e for e in entries if middle(e) in programme)
    data = bytearray(damaged.read_bytes())
    data[-100] ^= 0xFF
    damaged.write_bytes(bytes(data))
    shutil.rmtree(root / "audio" / "vi")
    stats, report = rebuild(root)
    assert stats.sections_rendered == 1 and stats.synthesized == 0
    assert snapshot(root / "audio" / "vi").keys() == before.keys()
    assert np.array_equal(decode(vi_mp3), frames)  # made again, the same samples
    assert not report.bad_input


@pytest.mark.parametrize("tag", VOICED)
def test_id3_tags_and_chapters_match_the_sections(built: Built, tag: str) -> None:
    mp3 = built.root / "audio" / tag / f"{BUNDLED_SLUG}.mp3"
    tags = ID3(mp3)
    headings = expected_headings(built.root, tag)
    assert tags["TPE1"].text == ["Riverside Spine & Pain Clinic"]
    assert tags["TIT2"].text[0]  # the article's title, in its language
    assert len(tags["TLAN"].text[0]) == 3  # ISO 639-2
    toc = tags.getall("CTOC")[0]
    chapters = {frame.element_id: frame for frame in tags.getall("CHAP")}
    ordered = [chapters[element] for element in toc.child_element_ids]
    assert [c.sub_frames["TIT2"].text[0] for c in ordered] == headings
    assert ordered[0].start_time == 0
    assert all(a.end_time == b.start_time for a, b in itertools.pairwise(ordered))
    duration_ms = decode(mp3).size * 1000 / RATE
    assert abs(ordered[-1].end_time - duration_ms) <= 1
    document = json.loads(mp3.with_suffix("").with_suffix(".chapters.json").read_text("utf-8"))
    assert [c["title"] for c in document["chapters"]] == headings
    assert [round(c["startTime"] * 1000) for c in document["chapters"]] == [
        c.start_time for c in ordered
    ]


def test_each_chapter_starts_with_its_heading_cue(built: Built) -> None:
    folder = built.root / "audio" / "es"
    cues = vtt_cues(folder / f"{BUNDLED_SLUG}.vtt")
    document = json.loads((folder / f"{BUNDLED_SLUG}.chapters.json").read_text("utf-8"))
    for chapter in document["chapters"][1:]:
        first = next(cue for cue in cues if cue[0] >= chapter["startTime"] - 0.0005)
        assert first[2] == chapter["title"]


def test_section_tracks_and_playlist(built: Built) -> None:
    folder = built.root / "audio" / "ru"
    playlist = (folder / f"{BUNDLED_SLUG}.m3u8").read_text(encoding="utf-8").splitlines()
    assert playlist[0] == "#EXTM3U"
    entries = [line for line in playlist if line and not line.startswith("#")]
    assert entries == sorted(entries) and len(entries) == 5
    assert all(re.fullmatch(rf"{BUNDLED_SLUG}/0\d-[a-z0-9-]+\.mp3", entry) for entry in entries)
    _assert_tracks_are_the_programmes_chapters(folder, entries)
    titles = [ID3(folder / entry)["TIT2"].text[0] for entry in entries]
    assert titles == expected_headings(built.root, "ru")
    assert [ID3(folder / e)["TRCK"].text[0] for e in entries] == [f"{n}/5" for n in range(1, 6)]


def test_transcript_cues_are_the_sentences_as_shown(built: Built) -> None:
    """Cue text is the page's text (the lexicon only changes what is spoken)."""
    cues = vtt_cues(built.root / "audio" / "en" / f"{BUNDLED_SLUG}.vtt")
    texts = [text for _, _, text in cues]
    assert texts[0] == "PRP Injections Might Be The Solution For Your Lower Back Pain"
    assert "These injections stimulate the growth of healthy tissue." in texts
    assert not any("P R P" in text for text in texts)


def test_second_build_synthesizes_nothing_and_rewrites_nothing(
    built: Built, tmp_path: Path
) -> None:
    root = tmp_path / "project"
    shutil.copytree(built.root, root)
    before = snapshot(root / "audio")
    stats, report = rebuild(root)
    assert stats.synthesized == 0 and stats.spoken == ()
    assert stats.written == () and stats.removed == ()
    assert snapshot(root / "audio") == before
    assert stats.reused > 150 and not report.bad_input


def test_lexicon_reaches_the_engine_and_a_paragraph_edit_resynthesizes_only_it(
    built: Built, tmp_path: Path
) -> None:
    """Change one Spanish paragraph: exactly its sentences go to the engine, lexicon applied."""
    root = tmp_path / "project"
    shutil.copytree(built.root, root)
    before = snapshot(root / "audio")
    po = root / "locales" / "es" / "LC_MESSAGES" / f"{BUNDLED_SLUG}.po"
    catalog = polib.pofile(str(po))
    entry = next(e for e in catalog if e.msgid.startswith("PRP injections work by stimulating"))
    entry.msgstr = (
        "Las inyecciones de PRP estimulan la curación de los tejidos dañados. "
        "Las plaquetas reparan los tejidos todo el tiempo. "
        "Concentradas en una zona, su efecto puede ser mayor."
    )
    catalog.save(str(po))
    stats, report = rebuild(root)
    sentences = split_sentences(entry.msgstr, "es")
    assert len(sentences) == 3
    assert stats.synthesized == 3
    assert stats.spoken == tuple(sorted(s.replace("PRP", "P R P") for s in sentences))
    after = snapshot(root / "audio")
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed and all(name.startswith("es/") for name in changed), changed
    assert "es/" + BUNDLED_SLUG + ".mp3" in changed
    # one section mastered and encoded again: its track changed, every other track is untouched
    assert stats.sections_rendered == 1
    tracks = {name for name in changed if name.startswith(f"es/{BUNDLED_SLUG}/")}
    assert len(tracks) == 1, tracks
    cues = [text for _, _, text in vtt_cues(root / "audio" / "es" / f"{BUNDLED_SLUG}.vtt")]
    assert sentences[1] in cues and not report.bad_input


def test_rate_option_slows_or_speeds_every_voice(built: Built, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(built.root, root)
    project = Project(load_config(root))
    before = decode(root / "audio" / "vi" / f"{BUNDLED_SLUG}.mp3").size
    stats = build_audio(
        project, Report(), AudioRequest(languages=(parse_language("vi"),), rate=200, jobs=2)
    )
    after = decode(root / "audio" / "vi" / f"{BUNDLED_SLUG}.mp3").size
    assert stats.synthesized > 20
    assert stats.reused == 0  # a new rate is a new cache key for every sentence
    assert after < before * 0.9  # 200 words a minute instead of 150
    assert stats.languages == ("vi",)


#: The programme file is the section tracks' MP3 frames one after another (encoded once);
#: each section then also takes the codec's delay and padding, under 3 frames of silence.
_CODEC_GAP = 3 * 576


def _assert_tracks_are_the_programmes_chapters(folder: Path, entries: list[str]) -> None:
    """Each section track is its chapter of the programme: same audio, same place."""
    programme = decode(folder / f"{BUNDLED_SLUG}.mp3").astype(np.float64)
    document = json.loads((folder / f"{BUNDLED_SLUG}.chapters.json").read_text("utf-8"))
    starts = [round(c["startTime"] * RATE) for c in document["chapters"]]
    ends = [*starts[1:], programme.size]
    tracks = [decode(folder / entry).astype(np.float64) for entry in entries]
    for track, start, end in zip(tracks, starts, ends, strict=True):
        assert 0 <= (end - start) - track.size <= _CODEC_GAP
        # chapter times are in whole milliseconds: find the sample where the track lines up
        best = min(
            range(max(0, start - 12), min(start + 13, programme.size - track.size + 1)),
            key=lambda at: float(np.sum((programme[at : at + track.size] - track) ** 2)),
        )
        noise = np.sum((programme[best : best + track.size] - track) ** 2)
        assert 10 * np.log10(np.sum(track**2) / max(noise, 1e-9)) > 30  # dB: the same audio
    assert starts[0] == 0 and abs(ends[-1] - starts[-1] - tracks[-1].size) <= RATE // 1000
