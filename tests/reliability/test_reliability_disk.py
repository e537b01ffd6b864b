"""A full disk or a read-only folder: one line naming the file, exit 2, nothing half-written.

Both are real: the build folder is a small tmpfs, or a read-only bind mount,
inside a user and mount namespace (``unshare -rm``), so no root is needed
and nothing outside the test changes. Where the kernel allows no user
namespaces these tests are skipped, saying so.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.reliability_tools import error_lines, failed_lines, files, handout, temporaries


def namespaces_work() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount -t tmpfs tmpfs /mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(
    not namespaces_work(), reason="needs unshare -rm (user and mount namespaces)"
)


def run_mounted(mount: str, root: Path, command: str, keep: Path) -> tuple[int, str, str]:
    """``mount`` then ``handout --root ROOT COMMAND``, in a namespace; what it left goes to keep."""
    handout = f"{shlex.quote(sys.executable)} -m pipeline --root {shlex.quote(str(root))}"
    script = (
        f"{mount} || exit 99\n"
        f"{handout} {command} > {keep}/out 2> {keep}/err; echo $? > {keep}/code\n"
        f"mkdir {keep}/left && cp -a {root}/build/. {keep}/left/\n"
    )
    keep.mkdir()
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], check=False, timeout=300)
    assert done.returncode == 0, "the namespace could not be set up"
    return (
        int((keep / "code").read_text()),
        (keep / "out").read_text("utf-8"),
        (keep / "err").read_text("utf-8"),
    )


def test_a_full_disk_stops_the_build_in_one_line_and_nothing_is_half_written(
    project: Path, tmp_path: Path
) -> None:
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    assert handout(reference, "build").code == 0
    expected = files(reference / "build")
    size = sum(len(data) for data in expected.values()) // 3
    (project / "build").mkdir()
    build = shlex.quote(str(project / "build"))

    code, _, err = run_mounted(
        f"mount -t tmpfs -o size={size} tmpfs {build}", project, "build", tmp_path / "full"
    )
    assert code == 2
    (line,) = error_lines(err)
    assert re.fullmatch(
        r"build/[\w./-]+: error: cannot write: the disk is full \(no space left on device\)", line
    ), line
    assert failed_lines(err) == []  # not one failure per unit: the build stopped at once
    left = tmp_path / "full" / "left"
    assert temporaries(left) == []
    written = files(left)
    assert written and all(expected[name] == data for name, data in written.items())

    again = handout(project, "build")  # the disk has room again (the tmpfs is gone)
    assert again.code == 0, again.err
    assert files(project / "build") == expected


def test_a_read_only_build_folder_is_one_line_and_no_file(project: Path, tmp_path: Path) -> None:
    (project / "build").mkdir()
    build = shlex.quote(str(project / "build"))
    code, _, err = run_mounted(
        f"mount --bind {build} {build} && mount -o remount,bind,ro {build}",
        project,
        "build",
        tmp_path / "ro",
    )
    assert code == 2
    (line,) = error_lines(err)
    assert re.fullmatch(
        r"build/[\w./-]+: error: cannot write: the folder is on a read-only file system", line
    ), line
    assert files(tmp_path / "ro" / "left") == {}
    assert "Traceback" not in err


def test_an_unchanged_build_needs_no_write_access(project: Path, tmp_path: Path) -> None:
    """Read-only after a build (a deployed copy, say): nothing to change, so nothing fails."""
    assert handout(project, "build").code == 0
    build = shlex.quote(str(project / "build"))
    code, out, err = run_mounted(
        f"mount --bind {build} {build} && mount -o remount,bind,ro {build}",
        project,
        "build",
        tmp_path / "ro",
    )
    assert code == 0, err
    assert "0 file(s) written" in out
