"""Worker processes for speech: the engine never runs in the command's own process.

espeak-ng can be initialised once per process and must stay on the thread that
made it, so parallel synthesis means processes. Workers are *spawned* (a clean
interpreter, never a fork of a process that may already hold an engine), load
the engine class once, and then either keep one engine for their lifetime or,
for engines that declare ``fresh_process_per_utterance``, fork a short-lived
child per utterance so that output depends on the text alone. The same pool
also runs the CPU-heavy mastering and encoding, which parallelises for free.

Work goes out through :mod:`pipeline.executor` as frozen items: a
:class:`SpeechBatch` of utterances (one task per batch, not per sentence, so a
cluster is not flooded with tiny tasks) and a programme to render. The
functions load their engine by name on first use, so they run the same in a
local pool (whose initializer loads it up front) and on a Dask worker.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from types import TracebackType
from typing import TypeVar

from pipeline.executor import (
    DASK,
    DaskExecutor,
    Executor,
    ExecutorSettings,
    LocalExecutor,
    Outcome,
    batched,
)
from pipeline.failures import failure_of
from pipeline.speech.engine import (
    EngineError,
    EngineInfo,
    Pcm,
    SpeechEngine,
    VoiceSettings,
    load_engine_class,
)

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class SpeechJob:
    """One utterance to synthesize; ``key`` is its cache key."""

    key: str
    text: str
    settings: VoiceSettings
    engine: str = ""  # the engine that speaks it; "" is the pool's own (the project's default)


@dataclass(frozen=True)
class SpeechBatch:
    """Work item: utterances for the named engine, each spoken by a fresh engine if it needs one."""

    engine: str
    jobs: tuple[SpeechJob, ...]


@dataclass(frozen=True)
class SpeechResult:
    """The audio for a job, with the exact text the engine was handed and who spoke it."""

    key: str
    text: str
    pcm: Pcm
    pid: int


@dataclass(frozen=True)
class SpeechFailure:
    """A job the engine could not speak, and why, in one line. The rest of the build goes on:
    only the units that need this sentence fail (see ``pipeline.failures``)."""

    key: str
    text: str
    message: str


#: This worker's engines by name: a build may speak one language with Piper and the others
#: with espeak-ng, and each engine (with its loaded models) lives as long as the worker.
_engine_classes: dict[str, type[SpeechEngine]] = {}
_engines: dict[str, SpeechEngine] = {}


def _start_worker(engine_name: str) -> None:
    """Load the engine class in this worker (and whatever it wants loaded before a fork)."""
    if engine_name in _engine_classes:
        return
    engine_class = load_engine_class(engine_name)
    engine_class.prepare_process()
    _engine_classes[engine_name] = engine_class


def _with_engine(engine_name: str, call: Callable[[SpeechEngine], T]) -> T:
    """Run ``call`` with this worker's engine, in a fresh child if the engine needs one."""
    _start_worker(engine_name)
    engine_class = _engine_classes[engine_name]
    if engine_class.fresh_process_per_utterance:
        return _in_fresh_process(engine_class, call)
    if engine_name not in _engines:
        _engines[engine_name] = engine_class()
    return call(_engines[engine_name])


def _in_fresh_process(engine_class: type[SpeechEngine], call: Callable[[SpeechEngine], T]) -> T:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: one engine, one utterance, then exit without cleanup handlers
        status = 0
        try:
            os.close(read_end)
            outcome: tuple[str, object]
            try:
                engine = engine_class()
                try:
                    outcome = ("ok", call(engine))
                finally:
                    engine.close()
            except Exception as exc:
                outcome = ("error", f"{type(exc).__name__}: {exc}")
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(pickle.dumps(outcome))
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        raise EngineError(f"the speech process ended without a result (wait status {status})")
    kind, value = pickle.loads(data)
    if kind != "ok":
        raise EngineError(str(value))
    return value  # type: ignore[no-any-return]


def _describe(engine: SpeechEngine) -> EngineInfo:
    return engine.info()


def describe_engine(engine_name: str) -> EngineInfo:
    return _with_engine(engine_name, _describe)


def synthesize_job(engine_name: str, job: SpeechJob) -> SpeechResult:
    def speak(engine: SpeechEngine) -> SpeechResult:
        pcm = engine.synthesize(job.text, job.settings)
        return SpeechResult(job.key, job.text, pcm, os.getpid())

    return _with_engine(engine_name, speak)


def synthesize_batch(batch: SpeechBatch) -> tuple[SpeechResult | SpeechFailure, ...]:
    """Every utterance of the batch, in order (each in its own process if the engine asks).

    An utterance the engine fails on comes back as a :class:`SpeechFailure`
    and the batch goes on; only an engine that kills its worker fails the
    whole batch (see :meth:`SpeechPool.synthesize`).
    """
    return tuple(_speak_or_fail(batch.engine, job) for job in batch.jobs)


def _speak_or_fail(engine_name: str, job: SpeechJob) -> SpeechResult | SpeechFailure:
    try:
        return synthesize_job(engine_name, job)
    except EngineError as exc:
        return SpeechFailure(job.key, job.text, f"speech engine failed: {exc}")
    except Exception as exc:  # a plugin's bug: that utterance's failure, not the build's
        return SpeechFailure(
            job.key, job.text, f"speech engine failed: {type(exc).__name__}: {exc}"
        )


#: Utterances per synthesis task: enough to make a task's overhead (a round trip to a
#: process or a cluster) small next to its work, few enough to spread over the workers.
MAX_BATCH = 16


class SpeechPool:
    """Workers able to speak with the named engine: local processes, or a Dask cluster.

    Locally there is always at least one worker process, even for one job:
    the engine never runs in the command's own process.
    """

    def __init__(self, engine_name: str, settings: ExecutorSettings | int) -> None:
        if isinstance(settings, int):
            settings = ExecutorSettings(jobs=settings)
        self.engine_name = engine_name
        self.workers = settings.workers
        self._settings = settings
        #: Other engines' local workers, started when first needed. Each engine gets processes
        #: of its own: espeak-ng's forked utterances crashed now and then (SIGSEGV) in a worker
        #: that had Piper (onnxruntime and its own espeak-ng copy) loaded beside it.
        self._others: dict[str, Executor] = {}
        self._executor: Executor
        if settings.kind == DASK:
            assert settings.scheduler is not None
            self._executor = DaskExecutor(settings.scheduler)
        else:
            self._executor = LocalExecutor(settings.workers, _start_worker, (engine_name,))

    def __enter__(self) -> SpeechPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for other in self._others.values():
            other.close()
        self._executor.close()

    def _executor_for(self, engine_name: str) -> Executor:
        """Where ``engine_name`` runs: the pool's own workers for its engine, else its own."""
        if engine_name == self.engine_name or self._settings.kind == DASK:
            return self._executor
        if engine_name not in self._others:
            self._others[engine_name] = LocalExecutor(
                self._settings.workers, _start_worker, (engine_name,)
            )
        return self._others[engine_name]

    def info(self, engine_name: str | None = None) -> EngineInfo:
        """The pool's engine (or another one, ``engine_name``), as a worker sees it."""
        name = engine_name or self.engine_name
        (outcome,) = self._executor_for(name).map(describe_engine, [name])
        return outcome.result()

    def batches(self, jobs: Iterable[SpeechJob]) -> list[SpeechBatch]:
        """The jobs as batches: about four per worker, so the last ones do not wait alone.

        A batch holds one voice's jobs only: an engine that crashes its process
        on one language then fails that language's batch, never another's.
        """
        listed = list(jobs)
        size = min(MAX_BATCH, -(-len(listed) // (4 * self.workers)))
        by_voice: dict[tuple[str, str], list[SpeechJob]] = {}
        for job in listed:
            engine = job.engine or self.engine_name
            by_voice.setdefault((engine, job.settings.voice), []).append(job)
        return [
            SpeechBatch(engine, group)
            for (engine, _), voiced in by_voice.items()
            for group in batched(voiced, size)
        ]

    def synthesize(self, jobs: Iterable[SpeechJob]) -> Iterator[SpeechResult | SpeechFailure]:
        """Each job's audio or failure, as batches finish (not in order).

        A batch whose worker died (the engine crashed the process) fails each
        of its jobs; the executor has already tried it alone in a fresh worker.
        """
        for outcome in self._synthesis_outcomes(self.batches(jobs)):
            if outcome.value is not None:
                yield from outcome.value
            else:
                failure = outcome.failure or EngineError("no result")
                message = (
                    "speech engine crashed (its worker process died)"
                    if isinstance(failure, BrokenProcessPool)
                    else failure_of("", failure).message
                )
                for job in outcome.item.jobs:
                    yield SpeechFailure(job.key, job.text, message)

    def _synthesis_outcomes(
        self, batches: list[SpeechBatch]
    ) -> Iterator[Outcome[SpeechBatch, tuple[SpeechResult | SpeechFailure, ...]]]:
        """Each engine's batches on that engine's workers, one engine after the other."""
        for engine in dict.fromkeys(batch.engine for batch in batches):
            mine = [batch for batch in batches if batch.engine == engine]
            yield from self._executor_for(engine).run(synthesize_batch, mine)

    def outcomes(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[Outcome[T, R]]:
        """Like :meth:`run`, but a failed item comes back as its outcome instead of raising."""
        return self._executor.run(function, items)

    def run(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Any picklable module-level function over items, in the workers, as they finish."""
        for outcome in self._executor.run(function, items):
            yield outcome.result()
