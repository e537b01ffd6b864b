"""Two commands on one project at the same time: the second waits, neither corrupts anything."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from support.reliability_tools import end_group, files, handout, small_project, temporaries

from pipeline.config import load_config
from pipeline.lock import project_lock
from pipeline.project import Project
from pipeline.speech.cache import decode_entry


def start(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--root", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1764115200"},
        start_new_session=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=300)
    finally:
        end_group(process.pid)
    return process.returncode, out, err


def test_two_builds_at_once_give_the_files_of_one(project: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    assert handout(reference, "build").code == 0
    first, second = start(project, "build"), start(project, "build")
    results = [finish(first), finish(second)]
    assert [code for code, _, _ in results] == [0, 0], results
    assert files(project / "build") == files(reference / "build")
    assert temporaries(project) == []
    assert not (project / ".handout-cache" / "lock").exists()


def test_a_command_waits_for_the_lock_and_then_runs(project: Path) -> None:
    """Deterministic: this test holds the lock, so the build must say it waits, and wait."""
    with project_lock(Project(load_config(project))):
        build = start(project, "build")
        assert build.stderr is not None
        line = build.stderr.readline()
        assert line == (
            "handout: waiting for another handout command in this project to finish "
            f"(pid {os.getpid()})\n"
        )
        assert build.poll() is None
        assert not (project / "build").exists()  # nothing written while it waits
    code, out, err = finish(build)
    assert code == 0, err
    assert "8 published" in out
    assert (project / "build" / "index.html").is_file()


def test_two_audio_builds_at_once_speak_each_sentence_once(tmp_path: Path) -> None:
    project = small_project(tmp_path / "project", ("es", "vi"))
    reference = small_project(tmp_path / "reference", ("es", "vi"))
    assert handout(reference, "audio").code == 0
    first, second = start(project, "audio"), start(project, "audio")
    results = [finish(first), finish(second)]
    assert [code for code, _, _ in results] == [0, 0], results
    spoken = [int(re.findall(r"(\d+) sentence\(s\) synthesized", out)[0]) for _, out, _ in results]
    assert sorted(spoken) == [0, 15]  # the one that waited found every sentence in the cache
    assert files(project / "audio") == files(reference / "audio")
    for entry in (project / ".handout-cache" / "speech").rglob("*"):
        if entry.is_file():
            assert decode_entry(entry.read_bytes()) is not None, entry
    assert temporaries(project) == []


def test_a_killed_holder_frees_the_lock_at_once(project: Path) -> None:
    """flock belongs to the process: killed, it holds nothing, and the next command sweeps."""
    killed = handout(project, "build", env={"HANDOUT_TEST_KILL_AT": "rename:4"})
    assert killed.code < 0
    assert len(temporaries(project / "build")) == 1
    after = handout(project, "build")
    assert after.code == 0, after.err
    assert "waiting" not in after.err
    assert "note: removed 1 temporary file(s) left by an interrupted run" in after.err
    assert temporaries(project) == []
