"""Plain text for screen readers, braille displays, e-mail and SMS.

Headings are set off by blank lines and an underline, lists stay lists,
a table is read row by row as "header: value" lines (a grid of pipes is noise
to a screen reader and falls apart on a phone), and text wraps at 72 columns.
Chinese, Japanese and Thai are written without spaces between words, so a
line may only end where the text itself has a space: a run of those scripts is
never cut, however long. Widths count East Asian wide characters as two columns
and combining marks as none. Right-to-left text starts every line with a
right-to-left mark, so a line that begins with "PRP" still reads right to left.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from typing import assert_never

from pipeline.article.inline import (
    Break,
    CodeSpan,
    Inline,
    Link,
    Picture,
    Plain,
    Styled,
    inline_tokens,
)
from pipeline.article.model import (
    Block,
    Code,
    Heading,
    Image,
    ListBlock,
    Paragraph,
    Quote,
    RawHtml,
    Rule,
    Table,
    Text,
)
from pipeline.text.edition import Edition
from pipeline.text.ui import Ui

WIDTH = 72
RLM = "\u200f"
_UNDERLINES = {1: "=", 2: "-"}
_BREAKABLE = re.compile(r"[ \t]+")  # only real spaces: never a no-break space
_CONTROL_SPACE = re.compile(r"[\n\r\t\f\v\x1c-\x1f\x85\u2028\u2029]")
_TAG = re.compile(r"<[^>]*>|<!--.*?-->", re.S)


def display_width(text: str) -> int:
    """Columns on a terminal: wide East Asian characters take two, combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def wrap(text: str, width: int = WIDTH) -> list[str]:
    """Greedy wrapping at spaces only; a word (or a whole CJK/Thai run) is never split."""
    lines: list[str] = []
    for hard_line in text.split("\n"):
        words = [w for w in _BREAKABLE.split(hard_line) if w]
        line, used = "", 0
        for word in words:
            size = display_width(word)
            if line and used + 1 + size > width:
                lines.append(line)
                line, used = "", 0
            line, used = (f"{line} {word}", used + 1 + size) if line else (word, size)
        lines.append(line)
    return lines


def inline_text(tokens: tuple[Inline, ...], ui: Ui) -> str:
    """Inline tokens as words: emphasis dropped, a link's address shown after its words."""
    out: list[str] = []
    for token in tokens:
        match token:
            case Plain() | CodeSpan():  # a character reference's newline is no break
                out.append(_CONTROL_SPACE.sub(" ", token.text))
            case Break():
                out.append("\n" if token.hard else " ")
            case Link():
                words = inline_text(token.children, ui)
                shown = token.href.removeprefix("mailto:").removeprefix("tel:")
                if token.autolink or words == shown or ":" not in token.href:
                    out.append(words)
                else:
                    out.append(f"{words} ({token.href})")
            case Picture():
                out.append(f"[{ui.picture.format(alt=token.alt)}]")
            case Styled():
                out.append(inline_text(token.children, ui))
            case _:
                assert_never(token)
    return "".join(out)


def _words(text: Text, ui: Ui) -> str:
    return inline_text(inline_tokens(text), ui).strip()


def _heading(words: str, level: int, width: int) -> list[str]:
    lines = wrap(words, width)
    mark = _UNDERLINES.get(level, "~")
    return [*lines, mark * min(width, max(display_width(line) for line in lines))]


def _indent(lines: list[str], first: str, rest: str) -> list[str]:
    return [(first if i == 0 else rest) + line if line else "" for i, line in enumerate(lines)]


def render_blocks(blocks: tuple[Block, ...], ui: Ui, width: int, tight: bool = False) -> list[str]:
    """Blocks as lines, separated by one blank line (none between a tight list's paragraphs)."""
    out: list[str] = []
    for block in blocks:
        lines = _block(block, ui, width)
        if out and lines and not (tight and isinstance(block, Paragraph)):
            out.append("")
        out.extend(lines)
    return out


def _block(block: Block, ui: Ui, width: int) -> list[str]:
    match block:
        case Heading():
            return _heading(_words(block.text, ui), block.level, width)
        case Paragraph():
            return wrap(_words(block.text, ui), width)
        case Image():
            return wrap(f"[{ui.picture.format(alt=_words(block.alt, ui))}]", width)
        case ListBlock():
            return _list(block, ui, width)
        case Quote():
            lines = render_blocks(block.blocks, ui, width - 2)
            return ["> " + line if line else ">" for line in lines]
        case Table():
            return _table(block, ui, width)
        case Code():
            return ["    " + line if line else "" for line in block.code.rstrip("\n").split("\n")]
        case RawHtml():
            words = html.unescape(_TAG.sub(" ", block.html))  # "&ouml;" reads as "ö" in a browser
            return wrap(" ".join(words.split()), width) if block.html else []
        case Rule():
            return ["* * *"]
        case _:
            assert_never(block)


def _list(block: ListBlock, ui: Ui, width: int) -> list[str]:
    out: list[str] = []
    last = block.start + len(block.items) - 1
    marker_width = len(f"{last}. ") if block.ordered else 2
    for number, item in enumerate(block.items, start=block.start):
        marker = f"{number}. ".ljust(marker_width) if block.ordered else "- "
        lines = render_blocks(item.blocks, ui, width - marker_width, tight=block.tight)
        if out and not block.tight:
            out.append("")
        out.extend(_indent(lines or [""], marker, " " * marker_width))
    return out


def _table(block: Table, ui: Ui, width: int) -> list[str]:
    headers = [_words(cell, ui) for cell in block.header]
    out: list[str] = []
    for row in block.rows:
        if out:
            out.append("")
        for header, cell in zip(headers, row, strict=False):
            value = _words(cell, ui)
            entry = f"{header}: {value}" if header else value
            out.extend(_indent(wrap(entry, width - 2), "", "  "))
    return out


def render_plain(edition: Edition) -> str:
    """``build/<tag>/<slug>.txt``."""
    ui = edition.ui
    lines: list[str] = []
    if edition.draft:
        lines += wrap(f"[{ui.draft_title}]", WIDTH) + wrap(edition.draft_body, WIDTH) + [""]
    if edition.notice_text:
        lines += wrap(f"[{edition.notice_title}]", WIDTH) + wrap(edition.notice_text, WIDTH)
        lines += [""]
    lines += _heading(_words(edition.headline, ui), 1, WIDTH)
    if edition.reviewed:
        lines += ["", *wrap(ui.reviewed.format(date=edition.reviewed), WIDTH)]
    if edition.provenance_lines:
        lines += [""] + [row for line in edition.provenance_lines for row in wrap(line, WIDTH)]
    for section in edition.body:
        blocks: tuple[Block, ...] = section.blocks
        if section.heading is not None:
            blocks = (section.heading, *blocks)
        lines += ["", *render_blocks(blocks, ui, WIDTH)]
    if edition.clinic:
        lines += ["", edition.clinic]
    if edition.language.direction == "rtl":
        lines = [RLM + line if line else line for line in lines]
    return "\n".join(line.rstrip() for line in _collapse(lines)) + "\n"


def _collapse(lines: list[str]) -> Iterator[str]:
    """No runs of blank lines (an empty block must not leave a hole)."""
    blank = False
    for line in lines:
        if not line.strip():
            if not blank:
                yield ""
            blank = True
        else:
            blank = False
            yield line
