"""Helpers for the hostile-file tests (issue 13): a `handout` process that cannot hang."""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from support.reliability_tools import end_group


def run_limited(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``handout`` as a process with a time limit and a 2 GB address-space limit.

    A regression that blocks on a FIFO or reads ``/dev/zero`` then fails here
    (timeout, or the memory limit) instead of hanging the suite or the machine.
    """

    def limit() -> None:
        two_gb = 2 << 30
        resource.setrlimit(resource.RLIMIT_AS, (two_gb, two_gb))

    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--root", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=limit,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1764115200"},
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        end_group(process.pid)
        process.communicate()
        pytest.fail(f"handout {' '.join(args)} did not finish in {timeout} s (it blocked)")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 9)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)
