"""A real build killed with SIGKILL part-way leaves no half-written file, and the next one finishes.

Each test runs ``handout`` as its own process and kills it at chosen points
through the documented hook ``HANDOUT_TEST_KILL_AT=<stage>:<n>`` (see
:mod:`pipeline.fsio`): at the n-th atomic write, half-way through its bytes
(``write``), complete but not yet renamed (``rename``), or just after
(``done``). Points are counts, so they are the same on every run however
fast the machine. After every kill, each file in the output folders is
checked whole: the old version or the new one, byte for byte. The next
command must remove what the killed one left, and give exactly the files an
uninterrupted run gives.
"""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

from support.project import BUNDLED_SLUG
from support.reliability_tools import files, handout, small_project, temporaries

from pipeline.speech.cache import decode_entry

KILLED = -signal.SIGKILL


def copy(project: Path, to: Path) -> Path:
    shutil.copytree(project, to)
    return to


def assert_whole(folder: Path, *versions: dict[str, bytes]) -> None:
    """Every file is one of ``versions`` exactly; a temporary one is a whole copy of its target."""
    for name, data in files(folder).items():
        assert any(v.get(name) == data for v in versions), f"{name} is half-written or foreign"
    for temporary in temporaries(folder):
        name = temporary.name[1:]  # .<name>.<random>.tmp, or .<name>.link from the audio linker
        original = name.removesuffix(".link") if name.endswith(".link") else name.rsplit(".", 2)[0]
        target = temporary.relative_to(folder).parent / original
        data = temporary.read_bytes()
        assert any(v.get(target.as_posix()) == data for v in versions), f"{temporary} is partial"


def kill_at(root: Path, command: tuple[str, ...], point: str) -> None:
    run = handout(root, *command, env={"HANDOUT_TEST_KILL_AT": point})
    assert run.code == KILLED, f"{point}: not killed (exit {run.code}): {run.err}"


def test_a_text_build_killed_anywhere_resumes_to_the_same_files(
    project: Path, tmp_path: Path
) -> None:
    reference = copy(project, tmp_path / "reference")
    assert handout(reference, "build").code == 0
    expected = files(reference / "build")
    assert len(expected) >= 49 and f"es/{BUNDLED_SLUG}.large-print.pdf" in expected

    # Kill points spread over the ~50 writes of a first build (pages, books, caches); each
    # run resumes where the last stopped, as files already whole are not written again.
    for point in ["write:1", "done:5", "rename:3", "write:9", "done:15", "rename:12"]:
        kill_at(project, ("build",), point)
        assert_whole(project / "build", expected)
    assert (project / ".handout-cache" / "lock").read_text().startswith("running")

    final = handout(project, "build")
    assert final.code == 0, final.err
    assert "temporary file(s) left by an interrupted run" in final.err  # "rename" left one
    assert files(project / "build") == expected
    assert temporaries(project) == []
    assert not (project / ".handout-cache" / "lock").exists()


def test_a_rebuild_killed_anywhere_leaves_each_file_old_or_new(
    project: Path, tmp_path: Path
) -> None:
    """Every page changes (the clinic's name is on each): killed, each file is whole, old or new."""
    assert handout(project, "build").code == 0
    old = files(project / "build")
    config = project / "handout.toml"
    config.write_text(
        config.read_text("utf-8").replace("Riverside Spine", "Lakeside Spine"), "utf-8"
    )
    reference = copy(project, tmp_path / "reference")
    assert handout(reference, "build").code == 0
    new = files(reference / "build")
    assert old.keys() == new.keys() and old != new

    for point in ["rename:2", "write:7", "done:11"]:
        kill_at(project, ("build",), point)
        assert_whole(project / "build", old, new)
        now = files(project / "build")
        assert now.keys() == new.keys()  # nothing was removed on the way
    assert handout(project, "build").code == 0
    assert files(project / "build") == new
    assert temporaries(project) == []


def test_an_update_killed_anywhere_leaves_whole_catalogs(project: Path, tmp_path: Path) -> None:
    article = project / "source" / f"{BUNDLED_SLUG}.md"
    text = article.read_text("utf-8")
    first = next(line for line in text.splitlines() if len(line) > 60 and line[0].isalpha())
    article.write_text(text.replace(first, first + " Ask us anything."), "utf-8")
    old = files(project / "locales")
    reference = copy(project, tmp_path / "reference")
    assert handout(reference, "update").code == 0
    new = files(reference / "locales")
    changed = [name for name in new if new[name] != old.get(name)]
    assert len(changed) == 8  # the template and each language's catalog

    for point in ["write:1", "rename:3", "done:5"]:
        kill_at(project, ("update",), point)
        assert_whole(project / "locales", old, new)
    assert handout(project, "update").code == 0
    assert files(project / "locales") == new
    assert temporaries(project) == []


def test_an_audio_build_killed_anywhere_resumes_to_the_same_files(tmp_path: Path) -> None:
    project = small_project(tmp_path / "project", ("es", "vi"))
    reference = copy(project, tmp_path / "reference")
    assert handout(reference, "audio", "--jobs", "2").code == 0
    expected = files(reference / "audio")
    assert "es/ice-packs.mp3" in expected and "vi/ice-packs.vtt" in expected

    # About 35 writes: 15 sentences to the cache, 18 files to audio/, then the
    # caches' records. These points stop 25 writes in, through the cache and into audio/.
    for point in ["write:2", "rename:5", "done:5", "rename:5", "write:5", "done:5", "rename:3"]:
        kill_at(project, ("audio", "--jobs", "2"), point)
        assert_whole(project / "audio", expected)
        speech = project / ".handout-cache" / "speech"
        for entry in speech.rglob("*.wav"):
            assert decode_entry(entry.read_bytes()) is not None, f"{entry} is half-written"

    final = handout(project, "audio", "--jobs", "2")
    assert final.code == 0, final.err
    assert files(project / "audio") == expected
    assert temporaries(project) == []
    again = handout(project, "audio", "--jobs", "2")
    assert "0 sentence(s) synthesized" in again.out and "0 file(s) written" in again.out
