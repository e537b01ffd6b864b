"""A build through a real Dask cluster writes exactly the bytes a local build writes.

The cluster is a ``dask.distributed.LocalCluster`` started in this process:
a scheduler and two worker processes talking TCP on the loopback address,
the same protocol a cluster of machines uses. The workers share this
machine's file system, as a real cluster's workers share the project folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from distributed import LocalCluster
from support.project import BUNDLED_SLUG, CliResult

Run = Callable[..., CliResult]


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",  # any free port: never a clash with a cluster already here
    ) as started:
        yield started


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_build_through_dask_is_byte_identical_to_a_local_build(
    cluster: LocalCluster, project: Path, tmp_path: Path, run_cli: Run
) -> None:
    remote = tmp_path / "remote"
    shutil.copytree(project, remote)
    address = cluster.scheduler_address
    dask = ("--executor", "dask", "--scheduler", address)
    speech = ("audio", "--lang", "es", "--article", BUNDLED_SLUG)

    local_audio = run_cli(project, *speech, "--jobs", "1")
    remote_audio = run_cli(remote, *speech, *dask)
    assert local_audio.code == remote_audio.code == 0, remote_audio.err
    local_pages = run_cli(project, "build", "--jobs", "1")
    remote_pages = run_cli(remote, "build", *dask)
    assert local_pages.code == remote_pages.code == 0, remote_pages.err

    ran = set(cluster.scheduler.task_prefixes)
    assert {"synthesize_batch", "render_section_job", "decide_unit", "render_unit"} <= ran
    audio = _tree(project / "audio")
    assert f"es/{BUNDLED_SLUG}.mp3" in audio and audio == _tree(remote / "audio")
    pages = _tree(project / "build")
    assert f"es/audio/{BUNDLED_SLUG}.mp3" in pages  # the page links the audio built remotely
    assert f"es/{BUNDLED_SLUG}.epub" in pages
    assert pages == _tree(remote / "build")
    assert remote_pages.out == local_pages.out


def test_an_unchanged_rebuild_needs_no_cluster(
    cluster: LocalCluster, project: Path, run_cli: Run
) -> None:
    """Nothing to do means no work item: the build does not even connect to the scheduler."""
    assert run_cli(project, "build", "--scheduler", cluster.scheduler_address).code == 0
    nobody = "tcp://127.0.0.1:9"  # the discard port: no scheduler answers there
    again = run_cli(project, "build", "--executor", "dask", "--scheduler", nobody)
    assert again.code == 0, again.err
    assert "0 file(s) written, 57 unchanged" in again.out
