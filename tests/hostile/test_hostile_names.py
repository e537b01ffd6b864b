"""Property (issue 13): any file name in source/ or locales/ is a normal run or error lines.

A file name is whatever bytes the file system allows: newlines, escape
sequences, C1 controls, bidi overrides, bytes that are not UTF-8. Planted as
an article or a catalog, as a regular file, a link to a secret outside the
project or a FIFO, it must give a normal run or one escaped error line per
problem: never a forged output line, a hang, a read outside the project, or a
traceback. Each example runs in-process under an alarm, so a regression that
blocks fails the example instead of hanging the suite.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.reliability_tools import small_project

from pipeline.cli import main

SECRET = "root:*:19000:0:99999:7:::"
ES = "locales/es/LC_MESSAGES"
#: What no output line may hold raw (errors.one_line's class): a name printed unescaped shows here.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
HOSTILE = "ab-_.:é \n\r\t\x1b\x00\x07\x7f\x85\u2028\u202e\u2066\u200f/\\"

names = st.one_of(
    st.binary(min_size=1, max_size=20),
    st.text(alphabet=st.sampled_from(HOSTILE), min_size=1, max_size=20).map(os.fsencode),
    st.sampled_from([b"zz\n::error file=README.md::forged\nAll catalogs OK", b"..", b"."]),
)


class Hung(BaseException):
    """Not an ``Exception``: no ``except Exception`` in the command under test may swallow it."""


@contextlib.contextmanager
def alarm(seconds: int) -> Iterator[None]:
    """Interrupt a blocked command after ``seconds``, and again every second after that."""

    def ring(signum: int, frame: FrameType | None) -> None:
        raise Hung(f"a command blocked for {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(root: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), alarm(30):
        code = main(["--root", str(root), *args])
    return code, out.getvalue() + err.getvalue()


def plant(root: Path, outside: Path, folder: str, name: bytes, kind: str) -> bool:
    """Put a file called ``name`` in ``folder``; False if the file system refuses the name.

    ``locales`` gets a language folder of that name, and handout.toml no language list, so
    the languages are read from the folder names.
    """
    suffix = b".md" if folder == "source" else b"" if folder == "locales" else b".po"
    target = os.path.join(os.fsencode(root / folder), name + suffix)
    source = root / ("source/ice-packs.md" if folder == "source" else f"{ES}/ice-packs.po")
    try:
        if folder == "locales":
            (root / "handout.toml").write_text('clinic = "Test Clinic"\n', encoding="utf-8")
            os.makedirs(os.path.join(target, b"LC_MESSAGES"))
            target = os.path.join(target, b"LC_MESSAGES", b"ice-packs.po")
        if kind == "file":
            with open(target, "wb") as handle:
                handle.write(source.read_bytes())
        elif kind == "link":
            os.symlink(os.fsencode(outside), target)
        else:
            os.mkfifo(target)
    except (OSError, ValueError):  # "/" or NUL in the name, or too long: no such file exists
        return False
    return True


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    name=names,
    folder=st.sampled_from(["source", ES, "locales"]),
    kind=st.sampled_from(["file", "link", "fifo"]),
)
def test_any_file_name_gives_a_normal_run_or_escaped_error_lines(
    name: bytes, folder: str, kind: str
) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        root = small_project(Path(temporary) / "project")
        outside = Path(temporary) / "secret.txt"
        outside.write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
        if not plant(root, outside, folder, name, kind):
            return
        forged = [part for part in os.fsdecode(name).split("\n")[1:] if len(part) > 3]
        for command in ("extract", "check", "status", "build"):
            code, output = run(root, command)
            assert code in (0, 1, 2), (command, output)
            assert "Traceback" not in output and "internal error" not in output, output
            assert SECRET not in output
            assert RAW.search(output) is None, (command, output)
            for line in output.split("\n"):
                assert not any(line.startswith(part) for part in forged), (command, output)
        for path in root.rglob("*"):
            if path.is_file() and not path.is_symlink():
                assert SECRET.encode() not in path.read_bytes(), path
