"""Hostile files (issue 13): a planted link, FIFO or device, or a file name made to forge output.

Every file handout reads must be a regular file inside the project (every
folder on the way resolved), opened without following a final link and without
blocking; every folder it writes into lies inside the project; every value it
prints is one line. Each test replays one attack from the issue against the
real command. Attacks that hung the old code run as a separate process with a
timeout, so a regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from support.hostile_tools import run_limited
from support.project import CliResult
from support.reliability_tools import error_lines, files, small_project

Runner = Callable[..., CliResult]
SECRET = "root:*:19000:0:99999:7:::\n"
ES_DIR = "locales/es/LC_MESSAGES"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project holding a secret the project must never read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text(f"# Secret\n\n{SECRET}", encoding="utf-8")
    (folder / "shadow").write_text(SECRET, encoding="utf-8")
    return folder


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return small_project(tmp_path / "project")


def everything(root: Path) -> str:
    """All regular files' contents under ``root`` (links not followed), to find a leaked secret."""
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace")
        for p in sorted(root.rglob("*"))
        if not p.is_symlink() and p.is_file()
    )


# --- defect 3: symlinked, FIFO and device source files ---------------------------------------


def test_a_symlinked_source_file_is_neither_read_nor_published(
    small: Path, outside: Path, run_cli: Runner
) -> None:
    os.symlink(outside / "secret.md", small / "source" / "leak.md")
    result = run_cli(small, "extract")
    assert result.code == 2
    (line,) = error_lines(result.err)
    assert line.startswith("source/leak.md: error: is a symbolic link")
    build = run_cli(small, "build")
    assert build.code == 2
    for args in (("status",), ("audio", "--article", "leak", "--jobs", "1")):
        other = run_cli(small, *args)
        assert other.code == 2, (args, other.err)
        assert "source/leak.md: error: is a symbolic link" in other.err
        assert "root:*" not in other.out + other.err
    assert "root:*" not in everything(small)
    assert not (small / "locales" / "leak.pot").exists()
    assert not list((small / "build").rglob("leak.*"))


@pytest.mark.parametrize("command", ["extract", "update", "status", "build"])
def test_a_source_file_linked_to_a_fifo_does_not_hang(
    small: Path, tmp_path: Path, command: str
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    os.symlink(fifo, small / "source" / "pipe.md")
    result = run_limited(small, command, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "source/pipe.md: error: is a symbolic link" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fifo_source_file_is_refused_as_not_a_regular_file(small: Path) -> None:
    os.mkfifo(small / "source" / "pipe.md")
    result = run_limited(small, "extract", timeout=60)
    assert result.returncode == 2
    assert "source/pipe.md: error: is not a regular file" in result.stderr


def test_a_source_file_linked_to_dev_zero_is_refused_without_reading(small: Path) -> None:
    os.symlink("/dev/zero", small / "source" / "zero.md")
    result = run_limited(small, "extract", timeout=60)
    assert result.returncode == 2
    assert "source/zero.md: error: is a symbolic link" in result.stderr
    assert "MemoryError" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["check", "build", "status", "update", "compile"])
def test_a_fifo_catalog_does_not_hang(small: Path, command: str) -> None:
    po = small / ES_DIR / "ice-packs.po"
    po.unlink()
    os.mkfifo(po)
    result = run_limited(small, command, timeout=90)
    assert result.returncode == 2, result.stderr
    assert f"{ES_DIR}/ice-packs.po: error: is not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


# --- defect 4: file contents in error messages -----------------------------------------------


def test_a_catalog_linked_to_a_secret_is_not_read_and_not_echoed(
    small: Path, outside: Path, run_cli: Runner
) -> None:
    po = small / ES_DIR / "ice-packs.po"
    po.unlink()
    os.symlink(outside / "shadow", po)
    result = run_cli(small, "check")
    assert result.code == 2
    assert "root" not in result.out + result.err
    assert f"{ES_DIR}/ice-packs.po: error: is a symbolic link" in result.err


def test_an_unparseable_catalog_is_named_not_quoted(small: Path, run_cli: Runner) -> None:
    """Even a regular file inside the project: the message says what is wrong, not what it holds."""
    (small / ES_DIR / "ice-packs.po").write_text(SECRET, encoding="utf-8")
    result = run_cli(small, "check")
    assert result.code == 2
    (line,) = error_lines(result.err)
    assert line.startswith(f"{ES_DIR}/ice-packs.po:1: error: not a valid PO file")
    assert "root" not in result.out + result.err


# --- defect 5: planted links in audio/ are never published ------------------------------------


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small English-only project after a real ``handout audio`` (espeak-ng)."""
    root = small_project(tmp_path_factory.mktemp("spoken") / "project", ())
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--root", str(root), "audio", "--jobs", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return root


def test_a_symlink_planted_in_audio_is_not_published(
    spoken: Path, outside: Path, run_cli: Runner
) -> None:
    tracks = spoken / "audio" / "en" / "ice-packs"
    assert any(tracks.glob("*.mp3")), "handout audio wrote section tracks"
    planted = tracks / "99-zz.mp3"
    unrecorded = tracks / "98-yy.mp3"
    os.symlink(outside / "shadow", planted)
    unrecorded.write_bytes(b"ID3 not made by handout")
    try:
        result = run_cli(spoken, "build", "--lang", "en")
        assert result.code == 0, result.err
        published = spoken / "build" / "en" / "audio" / "ice-packs"
        assert any(published.glob("*.mp3")), "handout's own tracks are published"
        assert not os.path.lexists(published / "99-zz.mp3")
        assert not os.path.lexists(published / "98-yy.mp3")
        assert "root:*" not in everything(spoken / "build")
    finally:
        planted.unlink()
        unrecorded.unlink()


# --- defect 6: symlinked folders ---------------------------------------------------------------


def test_a_language_folder_linked_outside_is_not_written_through(
    small: Path, tmp_path: Path, run_cli: Runner
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (small / "locales" / "es").rename(elsewhere)
    os.symlink(elsewhere, small / "locales" / "es")
    before = files(elsewhere)
    for command in ("update", "check", "build"):
        result = run_cli(small, command)
        assert result.code == 2, (command, result.err)
        assert "locales/es is a symbolic link leading outside the project" in result.err
    assert files(elsewhere) == before


def test_a_build_folder_linked_outside_is_not_written_through(
    small: Path, tmp_path: Path, run_cli: Runner
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, small / "build")
    result = run_cli(small, "build")
    assert result.code == 2
    (line,) = error_lines(result.err)
    assert line.startswith("build: error: the folder build is a symbolic link leading outside")
    assert files(elsewhere) == {}


def test_a_lexicon_folder_linked_outside_is_not_read(
    small: Path, tmp_path: Path, run_cli: Runner
) -> None:
    elsewhere = tmp_path / "lexicons"
    elsewhere.mkdir()
    (elsewhere / "es.pls").write_text("not for the build to read", encoding="utf-8")
    os.symlink(elsewhere, small / "source" / "lexicons")
    result = run_cli(small, "audio", "--lang", "es", "--jobs", "1")
    assert result.code == 2
    assert "source/lexicons is a symbolic link leading outside the project" in result.err


# --- defect 7: forged output lines --------------------------------------------------------------


def test_a_catalog_name_cannot_forge_output_lines(small: Path, run_cli: Runner) -> None:
    forged = "zz\n::error file=README.md::forged\nAll catalogs OK.po"
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es"}
    catalog.append(polib.POEntry(msgid="Take 500 mg.", msgstr="Tome 50 mg."))
    catalog.save(str(small / ES_DIR / forged))
    for args in (("check",), ("check", "--lang", "es"), ("status",), ("compile",)):
        result = run_cli(small, *args)
        lines = (result.out + result.err).splitlines()
        assert not any(line.startswith(("::", "All catalogs OK")) for line in lines), lines
    result = run_cli(small, "check")
    assert result.code == 2
    assert any(
        line.startswith(
            f"{ES_DIR}/zz\\n::error file=README.md::forged\\nAll catalogs OK.po: error:"
        )
        and "is not a safe file name" in line
        for line in error_lines(result.err)
    )


# --- defect 12: the minor ones ------------------------------------------------------------------


def test_a_bad_folder_under_locales_is_named_as_itself(small: Path, run_cli: Runner) -> None:
    toml = small / "handout.toml"
    toml.write_text('clinic = "Test Clinic"\n', encoding="utf-8")  # languages from the folders
    (small / "locales" / "not a language").mkdir()
    result = run_cli(small, "check")
    assert result.code == 2
    (line,) = error_lines(result.err)
    assert line.startswith("locales/not a language: error:")


def test_a_catalog_named_dot_dot_po_is_located(small: Path, run_cli: Runner) -> None:
    (small / ES_DIR / "..po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    result = run_cli(small, "check")
    assert result.code == 2
    lines = error_lines(result.err)
    assert any(line.startswith(f"{ES_DIR}/..po: error: article name '.'") for line in lines)
    assert not any(line.startswith(".: error") for line in lines)


def test_a_glossary_linked_to_a_secret_is_not_read(
    small: Path, outside: Path, run_cli: Runner
) -> None:
    os.symlink(outside / "shadow", small / "locales" / "glossary.csv")
    result = run_cli(small, "check")
    assert result.code == 2
    assert "locales/glossary.csv: error: is a symbolic link" in result.err
    assert "root" not in result.out + result.err


def test_a_language_header_from_another_folder_is_warned_about(
    small: Path, run_cli: Runner
) -> None:
    po = small / ES_DIR / "ice-packs.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace('"Language: es\\n"', '"Language: de\\n"'),
        encoding="utf-8",
    )
    result = run_cli(small, "check")
    assert f"{ES_DIR}/ice-packs.po: warning: the Language header says de" in result.err


def test_a_lock_file_linked_outside_is_not_written_through(
    small: Path, outside: Path, run_cli: Runner
) -> None:
    """The lock file gets the holder's pid written into it: never through a planted link."""
    (small / ".handout-cache").mkdir()
    os.symlink(outside / "shadow", small / ".handout-cache" / "lock")
    result = run_cli(small, "extract")
    assert result.code == 2
    (line,) = error_lines(result.err)
    assert line.startswith(".handout-cache/lock: error: is a symbolic link")
    assert (outside / "shadow").read_text(encoding="utf-8") == SECRET


def test_a_cache_subfolder_linked_outside_is_not_written_through(
    small: Path, tmp_path: Path, run_cli: Runner
) -> None:
    """Below the folders the project names: the speech cache's ``ab/`` shards, all planted."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    speech = small / ".handout-cache" / "speech"
    speech.mkdir(parents=True)
    for shard in range(256):
        os.symlink(elsewhere, speech / f"{shard:02x}")
    result = run_cli(small, "audio", "--lang", "es", "--jobs", "1")
    assert result.code == 2, result.err
    assert "is a symbolic link leading outside the project" in result.err
    assert "Traceback" not in result.err
    assert files(elsewhere) == {}
