"""``whitespace`` and ``punctuation``: the edges of a message, aware of each script.

The ending is compared by meaning, not by character: Chinese ``。`` and Hindi
``।`` are full stops, Arabic ``؟`` and full-width ``？`` are question marks,
``……`` is an ellipsis. Closing quotes and brackets, emphasis markers and the
invisible direction marks of right-to-left text (U+200F, U+200E, U+061C) are
looked through, so they never make two endings look different.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from pipeline.check.base import Check, Pair
from pipeline.check.findings import WARNING

_ENDINGS = (
    ("an ellipsis", ("...", "…", "⋯", "。。。")),
    ("a full stop", (".", "。", "．", "｡", "।", "॥", "۔", "։", "።", "။", "។", "܂")),
    ("a question mark", ("?", "？", "؟", "⸮", "፧", ";")),
    ("an exclamation mark", ("!", "！", "¡", "߹")),
    ("a colon", (":", "：", "፥")),
    ("a semicolon", ("；", "؛", "፤")),
    ("a comma", (",", "，", "、", "،", "፣")),
)
_LINK_TARGET = re.compile(r"\]\([^)]*\)\s*$")
_MARKDOWN_CLOSERS = "*_~`]"


def ending(text: str, language: str) -> str:
    """The kind of punctuation ``text`` ends with, or "no punctuation"."""
    core = _LINK_TARGET.sub("]", text)
    while core:
        last = core[-1]
        category = unicodedata.category(last)
        if last.isspace() or category in ("Cf", "Pe", "Pf") or last in _MARKDOWN_CLOSERS + "\"'":
            core = core[:-1]
        else:
            break
    for kind, marks in _ENDINGS:
        for mark in marks:
            if mark == ";" and language != "el":
                continue  # a question mark in Greek, a semicolon elsewhere
            if core.endswith(mark):
                return kind
    if core.endswith(";"):
        return "a semicolon"
    return "no punctuation"


def ending_differences(pair: Pair) -> Iterator[str]:
    source = ending(pair.source, pair.source_language.language)
    translated = ending(pair.translation, pair.language.language)
    if source != translated:
        yield f"the source ends with {source}, the translation with {translated}"


def whitespace_differences(pair: Pair) -> Iterator[str]:
    for where, source, translated in (
        ("leading", _leading(pair.source), _leading(pair.translation)),
        ("trailing", _trailing(pair.source), _trailing(pair.translation)),
    ):
        if source != translated:
            yield (
                f"{where} whitespace differs: {_show(source)} in the source, "
                f"{_show(translated)} in the translation"
            )


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()) :]


def _show(space: str) -> str:
    if not space:
        return "none"
    names = {" ": "space", "\n": "newline", "\t": "tab", "\u00a0": "no-break space"}
    return "+".join(names.get(char, f"U+{ord(char):04X}") for char in space)


WHITESPACE = Check(
    "whitespace",
    WARNING,
    "leading or trailing whitespace or newlines differ",
    whitespace_differences,
)
PUNCTUATION = Check(
    "punctuation",
    WARNING,
    "the ending punctuation differs (。 = . and ؟ = ?, script by script)",
    ending_differences,
)
