"""What espeak-ng will actually say: its phonemes, word by word, with the rules used for each.

espeak-ng reads a word it cannot say with a voice's own rules under another
language's (Latin letters in a Chinese voice are read as English), and marks
every switch in its phoneme output with the rules' name in brackets:
``(en)nInt'u:_| kETr'i:_| sIf'o@(cmn)_|``. That output is the only honest
answer to "does this voice speak this language?", so voice verification and
``handout script --phonemes`` read it here.

The phonemes come from ``espeak_TextToPhonemes`` in libespeak-ng, called in
a child process (``python -m pipeline.speech.phonemes``): the library is one
global state per process, and the command's own process (or a test's) may
already hold it for speaking, which a second initialisation would disturb.
One child serves a whole batch of texts, one voice at a time.
"""

from __future__ import annotations

import ctypes
import json
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.errors import HandoutError

_LIBRARY = "libespeak-ng.so.1"
_AUDIO_OUTPUT_SYNCHRONOUS = 2  # speak_lib.h: no audio thread, nothing played
_TEXT_UTF8 = 1
_SWITCH = re.compile(r"\(([A-Za-z][A-Za-z0-9-]*)\)")


@dataclass(frozen=True)
class PhonemeWord:
    """One word of espeak's output, and the rules it was read with (None: the voice's own)."""

    phonemes: str
    foreign: str | None


@dataclass(frozen=True)
class Phonemized:
    """One text as the engine reads it: its phoneme string and its words."""

    text: str
    phonemes: str
    words: tuple[PhonemeWord, ...]

    @property
    def foreign_words(self) -> tuple[PhonemeWord, ...]:
        return tuple(word for word in self.words if word.foreign is not None)


def parse_phonemes(text: str, phonemes: str) -> Phonemized:
    """Split espeak's phoneme output into words, each tagged with the rules it was read under.

    A clause starts under the voice's own rules; a ``(xx)`` marker switches,
    and the next marker switches back (its name is then the voice's own, which
    later markers are compared with). A marker at a word's end belongs to the
    switch back: the word before it is still foreign.
    """
    home: str | None = None
    foreign: str | None = None
    words: list[PhonemeWord] = []
    for clause in phonemes.split("\n"):
        foreign = None
        for token in clause.split():
            word_foreign: str | None = None
            spoken = ""
            at = 0
            for match in _SWITCH.finditer(token):
                part = token[at : match.start()]
                if _sounds(part):
                    spoken += part
                    word_foreign = word_foreign or foreign
                name = match.group(1)
                if foreign is None and name != home:
                    foreign = name
                elif foreign is not None and (home is None or name == home):
                    home, foreign = name, None
                else:
                    foreign = name
                at = match.end()
            rest = token[at:]
            if _sounds(rest):
                spoken += rest
                word_foreign = word_foreign or foreign
            if spoken:
                words.append(PhonemeWord(spoken, word_foreign))
    return Phonemized(text, phonemes, tuple(words))


def _sounds(part: str) -> bool:
    """True for a piece of phonemes that is a sound, not only pauses and stress marks."""
    return any(ch.isalpha() for ch in part)


def phonemize(voice: str, texts: Sequence[str]) -> tuple[Phonemized, ...]:
    """Each text's phonemes in ``voice`` (an espeak-ng voice id such as ``sit/cmn``)."""
    return phonemize_many([(voice, texts)])[0]


def phonemize_many(
    jobs: Sequence[tuple[str, Sequence[str]]],
) -> tuple[tuple[Phonemized, ...], ...]:
    """Several (voice, texts) batches in one child process, in order."""
    if not any(texts for _, texts in jobs):
        return tuple(() for _ in jobs)
    request = json.dumps(
        [{"voice": voice, "texts": list(texts)} for voice, texts in jobs], ensure_ascii=False
    )
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pipeline.speech.phonemes"],
            input=request.encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise HandoutError(f"espeak-ng phonemes: {exc}") from exc
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HandoutError(
            f"espeak-ng phonemes failed: {reason[-1] if reason else done.returncode}"
        )
    found = json.loads(done.stdout.decode("utf-8"))
    return tuple(
        tuple(parse_phonemes(t, p) for t, p in zip(texts, out, strict=True))
        for (_, texts), out in zip(jobs, found, strict=True)
    )


def _library() -> ctypes.CDLL:
    lib = ctypes.CDLL(_LIBRARY)
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    lib.espeak_TextToPhonemes.argtypes = [
        ctypes.POINTER(ctypes.c_void_p),
        ctypes.c_int,
        ctypes.c_int,
    ]
    if lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, None, 0) <= 0:
        raise OSError("espeak_Initialize failed")
    return lib


def _text_phonemes(lib: ctypes.CDLL, text: str) -> str:
    """All clauses of ``text``, one line each (espeak returns one clause per call)."""
    data = ctypes.create_string_buffer(text.encode("utf-8"))
    pointer = ctypes.c_void_p(ctypes.addressof(data))
    clauses: list[str] = []
    while pointer.value:
        out = lib.espeak_TextToPhonemes(ctypes.byref(pointer), _TEXT_UTF8, 0)
        clauses.append((out or b"").decode("utf-8", "replace").strip())
    return "\n".join(c for c in clauses if c)


def _serve() -> int:
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    lib = _library()
    result = []
    for job in request:
        if lib.espeak_SetVoiceByName(str(job["voice"]).encode("utf-8")) != 0:
            print(f"no espeak-ng voice {job['voice']!r}", file=sys.stderr)
            return 2
        result.append([_text_phonemes(lib, str(text)) for text in job["texts"]])
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(_serve())
