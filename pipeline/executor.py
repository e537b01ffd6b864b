"""Where the build's work items run: in this process, in local worker processes, or on Dask.

A build is a set of independent work items (one article in one language for
the text build, a batch of sentences for speech). Each is an explicit frozen
value, handed with a module-level function to an :class:`Executor`, and each
comes back as an :class:`Outcome` that carries either the function's value or
the exception it raised, so the caller decides what a failure means (report
it, skip the unit, stop) and nothing is lost in between.

* :class:`InlineExecutor` runs items here, one after another: no start-up
  cost, which is what a small or an unchanged build needs.
* :class:`LocalExecutor` is a pool of *spawned* processes (``--jobs N``),
  started on the first item, so a build with nothing to do starts none.
* :class:`DaskExecutor` sends items to a ``dask.distributed`` scheduler
  (``--executor dask --scheduler tcp://HOST:8786``) for libraries that
  outgrow one machine. Workers need handout installed and the project (and
  its cache folder) on a path they share with this machine.

Results never depend on where an item ran: every function is pure in its
item plus files on that shared path, and callers put outcomes back in a fixed
order before writing anything.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, TypeVar

from pipeline.errors import HandoutError

I = TypeVar("I")  # noqa: E741 - the item type, as in Outcome[I, R]
R = TypeVar("R")

LOCAL = "local"
DASK = "dask"
KINDS = (LOCAL, DASK)


@dataclass(frozen=True)
class ExecutorSettings:
    """How one command runs its work items: the command line's ``--executor/--jobs/--scheduler``."""

    kind: str = LOCAL
    jobs: int = 0  # local worker processes; 0 = one per CPU
    scheduler: str | None = None  # Dask scheduler address, e.g. tcp://10.0.0.5:8786

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1


@dataclass(frozen=True)
class Outcome(Generic[I, R]):
    """One item and what became of it: ``value`` if it ran, else ``failure``."""

    index: int  # the item's position in what was submitted, to restore the order
    item: I
    value: R | None = None
    failure: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None

    def result(self) -> R:
        """The value, or the item's own exception raised again here."""
        if self.failure is not None:
            raise self.failure
        return self.value  # type: ignore[return-value]


def parse_executor(kind: str | None, jobs: int | None, scheduler: str | None) -> ExecutorSettings:
    """The command line's strings as validated settings (bad ones are the user's to fix)."""
    chosen = kind or (DASK if scheduler else LOCAL)
    if chosen not in KINDS:
        raise HandoutError(f"--executor must be one of {', '.join(KINDS)}, not {chosen!r}")
    if jobs is not None and jobs < 1:
        raise HandoutError("--jobs must be at least 1")
    if chosen == DASK:
        if not scheduler:
            raise HandoutError("--executor dask needs --scheduler tcp://HOST:8786")
        if "://" not in scheduler or any(c.isspace() for c in scheduler):
            raise HandoutError(
                f"--scheduler must be an address like tcp://HOST:8786: {scheduler!r}"
            )
    elif scheduler:
        raise HandoutError("--scheduler is only used with --executor dask")
    return ExecutorSettings(chosen, jobs or 0, scheduler)


class Executor(ABC):
    """Runs a module-level function over frozen items; outcomes come back as they finish."""

    @abstractmethod
    def run(self, function: Callable[[I], R], items: Iterable[I]) -> Iterator[Outcome[I, R]]:
        """Every item's :class:`Outcome`, in the order they finish."""

    def map(self, function: Callable[[I], R], items: Iterable[I]) -> list[Outcome[I, R]]:
        """Every item's outcome, in the order the items were given."""
        return sorted(self.run(function, items), key=lambda outcome: outcome.index)

    def close(self) -> None:  # noqa: B027 - optional: only pools hold anything
        """Stop any workers this executor started."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class InlineExecutor(Executor):
    """Items run here, in order: for one job, tests, and builds with little to do."""

    def __init__(
        self, initializer: Callable[..., object] | None = None, initargs: tuple[Any, ...] = ()
    ) -> None:
        self._initializer = initializer
        self._initargs = initargs
        self._started = False

    def run(self, function: Callable[[I], R], items: Iterable[I]) -> Iterator[Outcome[I, R]]:
        for index, item in enumerate(items):
            if not self._started and self._initializer is not None:
                self._initializer(*self._initargs)
            self._started = True
            try:
                value = function(item)
            except Exception as exc:
                yield Outcome(index, item, failure=exc)
            else:
                yield Outcome(index, item, value)


class LocalExecutor(Executor):
    """``jobs`` spawned worker processes, started when the first item arrives.

    Spawned, not forked: a worker never inherits locks, threads or an engine
    from this process. ``initializer`` runs once in each worker (to load a
    speech engine, say). While no worker has started, a run of fewer than
    ``inline_below`` items is done here instead: starting a worker (a fresh
    interpreter importing handout) costs more than a few small items.
    """

    def __init__(
        self,
        jobs: int,
        initializer: Callable[..., object] | None = None,
        initargs: tuple[Any, ...] = (),
        inline_below: int = 0,
    ) -> None:
        self.jobs = max(1, jobs)
        self._initializer = initializer
        self._initargs = initargs
        self._inline_below = inline_below
        self._inline: InlineExecutor | None = None
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(os.getpid(), self._initializer, self._initargs),
            )
        return self._pool

    def run(self, function: Callable[[I], R], items: Iterable[I]) -> Iterator[Outcome[I, R]]:
        listed = list(items)
        if not listed:
            return
        if self._pool is None and len(listed) < self._inline_below:
            if self._inline is None:
                self._inline = InlineExecutor(self._initializer, self._initargs)
            yield from self._inline.run(function, listed)
            return
        broken: list[int] = []
        for outcome in self._pooled(function, listed, range(len(listed))):
            if isinstance(outcome.failure, BrokenProcessPool):
                broken.append(outcome.index)
            else:
                yield outcome
        # A worker died (a crashing engine, the out-of-memory killer) and took the pool with it:
        # every item still in it came back broken, whichever killed it. Each runs again alone,
        # in a fresh pool, so only an item that kills its worker fails, and only it.
        if broken:
            self.close()
        for index in sorted(broken):
            (outcome,) = self._pooled(function, listed, [index])
            if isinstance(outcome.failure, BrokenProcessPool):
                self.close()  # it was this one: the next gets a fresh pool
            yield outcome

    def _pooled(
        self, function: Callable[[I], R], listed: list[I], indices: Iterable[int]
    ) -> Iterator[Outcome[I, R]]:
        pool = self._executor()
        futures: dict[Future[R], int] = {}
        unsent: list[int] = []  # a worker died while items were still being handed out
        for index in indices:
            try:
                if not unsent:
                    futures[pool.submit(function, listed[index])] = index
                    continue
            except BrokenProcessPool:
                pass
            unsent.append(index)
        for index in unsent:
            yield Outcome(index, listed[index], failure=BrokenProcessPool("never started"))
        try:
            for future in as_completed(futures):
                index = futures.pop(future)  # so a large result is let go once it is used
                failure = future.exception()
                if failure is not None:
                    yield Outcome(index, listed[index], failure=failure)
                else:
                    yield Outcome(index, listed[index], future.result())
        finally:
            for future in futures:
                future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _start_worker(
    parent: int, initializer: Callable[..., object] | None, initargs: tuple[Any, ...]
) -> None:
    """In each local worker, first: die with the command, then the caller's own initializer.

    A pool's workers each hold both ends of its task queue, so when the
    command is killed (SIGKILL, the out-of-memory killer) they would wait on
    it forever, holding memory and a loaded speech engine. On Linux the
    kernel is asked to kill them the moment their parent dies.
    """
    _die_with_parent()
    if os.getppid() != parent:  # it died before that took effect
        os._exit(1)
    if initializer is not None:
        initializer(*initargs)


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_pdeathsig = 1
    libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)


class DaskExecutor(Executor):
    """Items as tasks on a ``dask.distributed`` cluster, through one client.

    Tasks are submitted with ``pure=False``: an item's result may depend on
    files on the shared path, so Dask must not reuse one from an earlier run.
    The client connects on the first item, so an unchanged build needs no
    cluster at all.
    """

    def __init__(self, scheduler: str) -> None:
        self.scheduler = scheduler
        self._client: Any = None

    def _connect(self) -> Any:
        if self._client is None:
            try:
                from distributed import Client
            except ImportError as exc:  # pragma: no cover - installed with handout
                raise HandoutError(
                    "--executor dask needs the 'distributed' package (pip install distributed)"
                ) from exc
            try:
                self._client = Client(  # type: ignore[no-untyped-call]
                    self.scheduler, timeout="30s", set_as_default=False
                )
            except OSError as exc:
                raise HandoutError(
                    f"cannot reach the Dask scheduler at {self.scheduler}: {exc}"
                ) from exc
        return self._client

    def run(self, function: Callable[[I], R], items: Iterable[I]) -> Iterator[Outcome[I, R]]:
        listed = list(items)
        if not listed:
            return
        from distributed import as_completed as dask_completed

        client = self._connect()
        futures = [client.submit(function, item, pure=False) for item in listed]
        pending = {future.key: (index, future) for index, future in enumerate(futures)}
        completed = dask_completed(futures, loop=client.loop)  # type: ignore[no-untyped-call]
        del futures  # only ``pending`` holds unfinished ones: results are let go one by one
        try:
            for future in completed:
                index, _ = pending.pop(future.key)
                failure = future.exception() if future.status == "error" else None
                value = None if failure is not None else future.result()
                future.release()
                yield Outcome(index, listed[index], value, failure)
        finally:
            if pending:
                client.cancel([future for _, future in pending.values()])

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


#: Local items per worker below which a run stays in this process (see LocalExecutor).
SMALL_RUN_PER_WORKER = 4


def make_executor(
    settings: ExecutorSettings,
    items: int | None = None,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Executor:
    """The executor ``settings`` ask for; local work of one job (or one item) stays inline.

    ``items``, when known, avoids starting processes that would sit idle; a
    small run (a one-paragraph edit) stays inline either way.
    """
    if settings.kind == DASK:
        assert settings.scheduler is not None
        return DaskExecutor(settings.scheduler)
    jobs = settings.workers if items is None else min(settings.workers, items)
    if jobs <= 1:
        return InlineExecutor(initializer, initargs)
    return LocalExecutor(jobs, initializer, initargs, inline_below=SMALL_RUN_PER_WORKER * jobs)


def batched(items: Sequence[I], size: int) -> list[tuple[I, ...]]:
    """``items`` in consecutive groups of at most ``size``: fewer, larger tasks to ship."""
    step = max(1, size)
    return [tuple(items[start : start + step]) for start in range(0, len(items), step)]
