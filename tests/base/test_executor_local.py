"""The executor on this machine: real spawned processes, outcomes, command-line settings."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from support.project import CliResult

from pipeline.errors import HandoutError
from pipeline.executor import (
    DASK,
    ExecutorSettings,
    InlineExecutor,
    LocalExecutor,
    batched,
    make_executor,
    parse_executor,
)
from pipeline.languages import Language, parse_language

Run = Callable[..., CliResult]


def _pid_of(item: int) -> tuple[int, int]:
    return item, os.getpid()


def test_local_items_run_in_other_processes_and_come_back_in_item_order() -> None:
    with LocalExecutor(2) as executor:
        outcomes = executor.map(_pid_of, range(12))
    assert [o.index for o in outcomes] == list(range(12))
    assert [o.result()[0] for o in outcomes] == list(range(12))
    pids = {o.result()[1] for o in outcomes}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


def test_a_failing_item_carries_its_own_exception_and_the_others_still_run() -> None:
    tags = ["es", "not a tag!", "zh_Hans"]
    with LocalExecutor(2) as executor:
        outcomes = executor.map(parse_language, tags)
    assert [o.ok for o in outcomes] == [True, False, True]
    assert outcomes[0].result() == parse_language("es")
    assert isinstance(outcomes[2].value, Language) and outcomes[2].value.bcp47 == "zh-Hans"
    assert isinstance(outcomes[1].failure, HandoutError)
    with pytest.raises(HandoutError, match="not a tag"):
        outcomes[1].result()


def test_inline_runs_here_in_order_and_catches_failures_the_same_way() -> None:
    outcomes = InlineExecutor().map(parse_language, ["ko", "??"])
    assert outcomes[0].result().bcp47 == "ko"
    assert isinstance(outcomes[1].failure, HandoutError)
    assert [o.result()[1] for o in InlineExecutor().map(_pid_of, [1, 2])] == [os.getpid()] * 2


def test_no_process_is_started_when_there_is_nothing_to_do() -> None:
    before = set(multiprocessing.active_children())
    with LocalExecutor(2) as executor:
        assert executor.map(_pid_of, []) == []
        assert set(multiprocessing.active_children()) == before


def test_one_job_or_one_item_stays_in_this_process() -> None:
    assert isinstance(make_executor(ExecutorSettings(jobs=1)), InlineExecutor)
    assert isinstance(make_executor(ExecutorSettings(jobs=4), items=1), InlineExecutor)
    assert isinstance(make_executor(ExecutorSettings(jobs=4), items=9), LocalExecutor)


def test_a_small_run_stays_here_and_a_large_one_goes_to_the_workers() -> None:
    with make_executor(ExecutorSettings(jobs=2)) as executor:
        small = {o.result()[1] for o in executor.map(_pid_of, range(3))}
        large = {o.result()[1] for o in executor.map(_pid_of, range(12))}
    assert small == {os.getpid()}
    assert os.getpid() not in large


def test_batches_keep_order_and_cover_every_item() -> None:
    assert batched(list("abcdefg"), 3) == [("a", "b", "c"), ("d", "e", "f"), ("g",)]
    assert batched([], 5) == []


@pytest.mark.parametrize(
    ("kind", "jobs", "scheduler", "message"),
    [
        ("dask", None, None, "--executor dask needs --scheduler"),
        ("local", None, "tcp://127.0.0.1:8786", "--scheduler is only used with --executor dask"),
        (None, 0, None, "--jobs must be at least 1"),
        ("dask", None, "127.0.0.1 8786", "like tcp://HOST:8786"),
        ("ray", None, None, "--executor must be one of local, dask"),
    ],
)
def test_bad_executor_settings_are_refused(
    kind: str | None, jobs: int | None, scheduler: str | None, message: str
) -> None:
    with pytest.raises(HandoutError, match=message):
        parse_executor(kind, jobs, scheduler)


def test_a_scheduler_alone_means_dask() -> None:
    settings = parse_executor(None, None, "tcp://10.1.2.3:8786")
    assert settings == ExecutorSettings(DASK, 0, "tcp://10.1.2.3:8786")


@pytest.mark.parametrize("command", ["build", "audio"])
def test_the_command_line_refuses_a_dask_build_without_a_scheduler(
    project: Path, run_cli: Run, command: str
) -> None:
    result = run_cli(project, command, "--executor", "dask")
    assert result.code == 2
    assert result.err.strip() == "error: --executor dask needs --scheduler tcp://HOST:8786"
    assert not (project / "build").exists() and not (project / "audio").exists()


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_local_jobs_write_the_same_bytes_as_one(
    project: Path, tmp_path: Path, run_cli: Run
) -> None:
    other = tmp_path / "other"
    shutil.copytree(project, other)
    one = run_cli(project, "build", "--jobs", "1")
    two = run_cli(other, "build", "--jobs", "2")
    assert one.code == two.code == 0, two.err
    assert one.out == two.out
    built = _tree(project / "build")
    assert len(built) == 57 and built == _tree(other / "build")  # 8 × 6 files + 9 indexes
