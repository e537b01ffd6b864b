"""Worker processes for speech: the engine never runs in the command's own process.

espeak-ng can be initialised once per process and must stay on the thread that
made it, so parallel synthesis means processes. Workers are *spawned* (a clean
interpreter, never a fork of a process that may already hold an engine), load
the engine class once, and then either keep one engine for their lifetime or,
for engines that declare ``fresh_process_per_utterance``, fork a short-lived
child per utterance so that output depends on the text alone. The same pool
also runs the CPU-heavy mastering and encoding, which parallelises for free.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from types import TracebackType
from typing import TypeVar

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


@dataclass(frozen=True)
class SpeechResult:
    """The audio for a job, with the exact text the engine was handed and who spoke it."""

    key: str
    text: str
    pcm: Pcm
    pid: int


_engine_class: type[SpeechEngine] | None = None
_engine: SpeechEngine | None = None


def _start_worker(engine_name: str) -> None:
    global _engine_class
    _engine_class = load_engine_class(engine_name)


def _with_engine(call: Callable[[SpeechEngine], T]) -> T:
    """Run ``call`` with this worker's engine, in a fresh child if the engine needs one."""
    global _engine
    if _engine_class is None:
        raise EngineError("speech worker was not started with an engine")
    if _engine_class.fresh_process_per_utterance:
        return _in_fresh_process(_engine_class, call)
    if _engine is None:
        _engine = _engine_class()
    return call(_engine)


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


def describe_engine() -> EngineInfo:
    return _with_engine(_describe)


def synthesize_job(job: SpeechJob) -> SpeechResult:
    def speak(engine: SpeechEngine) -> SpeechResult:
        pcm = engine.synthesize(job.text, job.settings)
        return SpeechResult(job.key, job.text, pcm, os.getpid())

    return _with_engine(speak)


class SpeechPool:
    """``jobs`` worker processes, each able to speak with the named engine."""

    def __init__(self, engine_name: str, jobs: int) -> None:
        self._executor = ProcessPoolExecutor(
            max_workers=max(1, jobs),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(engine_name,),
        )

    def __enter__(self) -> SpeechPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def info(self) -> EngineInfo:
        return self._executor.submit(describe_engine).result()

    def synthesize(self, jobs: Iterable[SpeechJob]) -> Iterator[SpeechResult]:
        """Results as they finish (not in order); the first engine failure is raised."""
        return self.run(synthesize_job, jobs)

    def run(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Any picklable module-level function over items, in the workers, as they finish."""
        futures: list[Future[R]] = [self._executor.submit(function, item) for item in items]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()
