"""A strict lexical check of PO files, run before polib parses them.

polib is lenient: an unterminated string or a stray line is silently dropped,
and a translation lost that way would then be written back as empty. GNU
``msgfmt`` rejects such files; so does this check, with the same ``file:line``.
"""

from __future__ import annotations

import re

from pipeline.errors import HandoutError

_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD = re.compile(rf"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s*{_STRING}\s*$")
_CONTINUATION = re.compile(rf"^{_STRING}\s*$")
_ESCAPE = re.compile(r"\\(.)")
_KEYWORD_LIKE = re.compile(r"[a-z_]{1,16}(?:\[\d{1,3}\])?")
_VALID_ESCAPES = set("\\\"ntrabfv?'01234567x")

# What may follow each keyword inside one entry.
_NEXT = {
    "start": {"msgctxt", "msgid"},
    "msgctxt": {"msgid"},
    "msgid": {"msgid_plural", "msgstr"},
    "msgid_plural": {"msgstr[]"},
    "msgstr": {"msgctxt", "msgid"},
    "msgstr[]": {"msgstr[]", "msgctxt", "msgid"},
}


def check_po_syntax(text: str, name: str) -> None:
    """Raise :class:`HandoutError` at the first line GNU gettext would not accept."""
    state = "start"
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):
                line = line[1:].strip()
        elif line.startswith("#|"):
            line = line[2:].strip()
            obsolete = True  # previous msgid lines: checked lexically, not structurally
        elif not line or line.startswith("#"):
            if state in ("msgctxt", "msgid", "msgid_plural"):
                raise _bad("entry has no msgstr", name, number)
            continue
        if not line:
            continue
        keyword_match = _KEYWORD.match(line)
        if keyword_match is None and not _CONTINUATION.match(line):
            raise _bad(_describe(line), name, number)
        _check_escapes(line, name, number)
        if obsolete or keyword_match is None:
            continue
        keyword = keyword_match.group(1)
        kind = "msgstr[]" if keyword.startswith("msgstr[") else keyword
        allowed = _NEXT[state]
        if kind not in allowed:
            expected = " or ".join(sorted(k.replace("[]", "[N]") for k in allowed))
            raise _bad(f"{keyword} where {expected} was expected", name, number)
        state = kind
    if state in ("msgctxt", "msgid", "msgid_plural"):
        raise _bad("the last entry has no msgstr", name, text.count("\n") + 1)


def _describe(line: str) -> str:
    word = line.split(None, 1)[0]
    if '"' not in line and re.fullmatch(r"msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?", word):
        return f"{word} without a quoted string"
    if '"' in line and (line.count('"') % 2 == 1 or not line.endswith('"')):
        return "unterminated string (a missing closing quote)"
    if _KEYWORD_LIKE.fullmatch(word):
        return f"unknown keyword {word!r}"
    # Never echo more of a file that is not a catalog (a planted /etc/shadow) than a keyword.
    return "a line that is not a keyword, a quoted string or a comment"


def _check_escapes(line: str, name: str, number: int) -> None:
    for match in _ESCAPE.finditer(line):
        if match.group(1) not in _VALID_ESCAPES:
            raise _bad(f"invalid escape sequence '\\{match.group(1)}'", name, number)


def _bad(reason: str, name: str, number: int) -> HandoutError:
    return HandoutError(f"not a valid PO file: {reason}", name, number)
