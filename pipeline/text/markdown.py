"""Markdown for clinics that import articles into their own CMS: the source's structure, translated.

The output is written from the parsed model, never by pasting msgstrs: every
translated text is re-serialised from its inline tokens, so a ``<script>`` a
translator typed stays visible text (``&lt;script>``) even in a CMS that renders
raw HTML, and a msgstr cannot open a heading, a list or a table row. What the
translator did mark up (emphasis, code, checked links) is written back as
Markdown. Parsing the output again gives the same tokens (a tested property).

A translation is the inline text of one block, and stays so: a line break in it
never starts a line that could open a block (``|``, ``#``, ``1.``, a fence …),
two breaks in a row are one, whitespace a character reference stood for
(``&#10;``, a leading ``&nbsp;``) is written as one again, and a link title is
one line (``&#10;``) in which ``<`` is ``&lt;``.
"""

from __future__ import annotations

import dataclasses
import html
import re
import unicodedata
from typing import Any, assert_never

import yaml

from pipeline.article.inline import (
    Break,
    CodeSpan,
    Inline,
    Link,
    Picture,
    Plain,
    Styled,
    inline_tokens,
    plain_text,
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
from pipeline.article.references import link_destination, link_title
from pipeline.publish.provenance import Provenance
from pipeline.text.edition import Edition

_ALWAYS = re.compile(r"([\\`*_\[\]~])")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LINE_START = re.compile(r"^([ \t]*)([#>=+:|-]|\d{1,9}(?=[.)]))")
_CONTROL_SPACE = re.compile(r"[\n\r\t\f\v]")
_EDGE_SPACE = re.compile(r"^\s+|\s+$")
_STYLE_MARK = {"em": "*", "strong": "**", "del": "~~"}


def escape_text(text: str, *, table: bool = False, heading: bool = False) -> str:
    """Literal text as Markdown that reads back as exactly that text, and never as HTML."""
    text = _ALWAYS.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = text.replace("<", "&lt;")
    if table:
        text = text.replace("|", "\\|")
    if heading:
        text = text.replace("#", "\\#")
    if text.endswith("!"):  # "!" before a link that follows would make it an image
        text = text[:-1] + "\\!"
    return _CONTROL_SPACE.sub(_reference, text)  # whitespace that would end a line or a cell


def _reference(match: re.Match[str]) -> str:
    return "".join(f"&#{ord(char)};" for char in match.group(0))


def _attribute(value: str) -> str:
    """An attribute value on one line: a blank line inside a tag would end its paragraph."""
    return _CONTROL_SPACE.sub(_reference, html.escape(value))


def _keep_edges(line: str) -> str:
    """Whitespace at a line's ends is layout to a Markdown parser: keep it as references."""
    return _EDGE_SPACE.sub(_reference, line)


def _guard_line_starts(markdown: str) -> str:
    """Escape what would start a block at the beginning of any line (``#``, ``-``, ``1.`` …)."""

    def guard(line: str) -> str:
        match = _LINE_START.match(line)
        if match is None:
            return line
        spaces, marker = match.group(1), match.group(2)
        rest = line[match.end() :]
        spaces = spaces.replace(" ", "&#32;").replace("\t", "&#9;")
        if marker[0].isdigit():
            return f"{spaces}{marker}\\{rest}"
        return f"{spaces}\\{marker}{rest}"

    return "\n".join(_keep_edges(guard(line)) for line in markdown.split("\n"))


def _code_span(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = text.startswith("`") or text.endswith("`")
    pad = pad or (text.startswith(" ") and text.endswith(" ") and text.strip(" ") != "")
    return f"{fence} {text} {fence}" if pad else f"{fence}{text}{fence}"


_destination = link_destination
_title = link_title


def _flanks(char: str) -> bool:
    """Whitespace, punctuation or an edge: where an ``_`` delimiter may open or close."""
    return char == "" or char.isspace() or unicodedata.category(char)[0] in "PS"


def _restyled(token: Styled, written: str, char: str) -> str:
    """The same emphasis, written with ``char`` (``*`` or ``_``) as its delimiter."""
    mark = char * len(_STYLE_MARK[token.style])
    return mark + written[len(mark) : -len(mark)] + mark


def _separate_adjacent_emphasis(tokens: tuple[Inline, ...], out: list[str]) -> None:
    """``*a*`` then ``*b*`` would print ``*a**b*``, one emphasis: switch one delimiter.

    ``*`` can go anywhere but next to another ``*``; ``_`` only opens and closes
    next to whitespace or punctuation. So the second emphasis is switched if its
    right neighbour allows the other delimiter, else the first if its left one does
    (the source had to do the same to get there).
    """
    for i in range(1, len(tokens)):
        first, second = tokens[i - 1], tokens[i]
        if not (isinstance(first, Styled) and isinstance(second, Styled)):
            continue
        char = out[i][:1]
        if char not in ("*", "_") or not out[i - 1].endswith(char):
            continue
        other = "_" if char == "*" else "*"
        after = out[i + 1][:1] if i + 1 < len(out) else ""
        before = out[i - 2][-1:] if i >= 2 else ""
        if _allows(other, after):
            out[i] = _restyled(second, out[i], other)
        elif _allows(other, before):
            out[i - 1] = _restyled(first, out[i - 1], other)


def _allows(char: str, neighbour: str) -> bool:
    """Whether a ``char`` delimiter can sit against ``neighbour`` on its outer side."""
    return neighbour != "*" if char == "*" else _flanks(neighbour)


def inline_markdown(
    tokens: tuple[Inline, ...], *, one_line: bool = False, table: bool = False
) -> str:
    """Inline tokens back to Markdown; ``one_line`` for headings and table cells."""
    out: list[str] = []
    for token in tokens:
        match token:
            case Plain():
                out.append(escape_text(token.text, table=table, heading=one_line and not table))
            case CodeSpan():
                code = _code_span(token.text)
                out.append(code.replace("|", "\\|") if table else code)
            case Break():  # in a heading or a table cell, Markdown has no way but <br>
                hard, soft = ("<br>", " ") if one_line else ("\\\n", "\n")
                out.append(hard if token.hard else soft)
            case Link():
                out.append(_link(token, one_line=one_line, table=table))
            case Picture():
                alt = escape_text(token.alt, table=table)
                out.append(f"![{alt}]({_destination(token.src)}{_title(token.title)})")
            case Styled():
                out.append(_styled(token, one_line=one_line, table=table))
            case _:
                assert_never(token)
    _separate_adjacent_emphasis(tokens, out)
    return "".join(out)


def _link(token: Link, *, one_line: bool, table: bool) -> str:
    if token.autolink:
        return f"<{plain_text(token.children)}>"
    words = inline_markdown(token.children, one_line=one_line, table=table)
    return f"[{words}]({_destination(token.href)}{_title(token.title)})"


def _styled(token: Styled, *, one_line: bool, table: bool) -> str:
    inner = inline_markdown(token.children, one_line=one_line, table=table)
    if token.mark == "<" or token.style not in _STYLE_MARK:  # an allowlisted element
        title = f' title="{_attribute(token.title)}"' if token.title else ""
        if table:
            title = title.replace("|", "&#124;")
        return f"<{token.style}{title}>{inner}</{token.style}>"
    mark = token.mark or _STYLE_MARK[token.style]
    # Whitespace just inside a delimiter would stop it delimiting: a reference.
    return f"{mark}{_keep_edges(inner)}{mark}"


def text_markdown(text: Text, *, one_line: bool = False, table: bool = False) -> str:
    """One translatable text, safe to place where its block puts it."""
    markdown = inline_markdown(inline_tokens(text), one_line=one_line, table=table)
    return _keep_edges(markdown) if one_line else _guard_line_starts(markdown)


def _prefix(lines: list[str], first: str, rest: str) -> list[str]:
    """Indent a list item's lines under its marker; an empty item keeps its marker."""
    if not lines:
        return [first.rstrip()]
    return [
        (first if i == 0 else rest) + line if line else (first.rstrip() if i == 0 else "")
        for i, line in enumerate(lines)
    ]


def render_blocks(blocks: tuple[Block, ...], tight: bool = False) -> list[str]:
    """Blocks separated by a blank line; none inside a tight list item, which had none."""
    out: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if previous is not None and (not tight or _needs_blank(previous, block)):
            out.append("")
        elif isinstance(previous, Quote) and isinstance(block, Paragraph | Image):
            out.append(">")  # ends the quote's paragraph, or the words would continue it
        if isinstance(block, ListBlock) and isinstance(previous, ListBlock):
            block = _other_marker(previous, block)
        out.extend(_block(block))
        previous = block
    return out


def _needs_blank(previous: Block, block: Block) -> bool:
    """Whether ``block`` cannot start right under ``previous`` (it would join it)."""
    if isinstance(previous, Paragraph | Image):
        if isinstance(block, Paragraph | Image):
            return True
        if isinstance(block, ListBlock):  # only a list from 1 with words may interrupt
            first = block.items[0].blocks if block.items else ()
            return (block.ordered and block.start != 1) or not first
    return False


_OTHER = {".": ")", ")": ".", "-": "*", "*": "-", "+": "-"}


def _other_marker(previous: ListBlock, block: ListBlock) -> ListBlock:
    """Two lists in a row are two lists only if their markers differ (``1.`` then ``1)``)."""
    if previous.ordered != block.ordered or _marker(previous) != _marker(block):
        return block
    return dataclasses.replace(block, marker=_OTHER[_marker(block)])


def _marker(block: ListBlock) -> str:
    return block.marker or ("." if block.ordered else "-")


def _code(block: Code) -> list[str]:
    """A fenced code block holding exactly the code (blank lines too), with its info string.

    Backticks in the info string need a ``~~~`` fence; the fence is longer than any
    run of its character that could close it early.
    """
    char = "~" if "`" in block.info else "`"
    runs = re.findall(rf"^ {{0,3}}({re.escape(char)}{{3,}})", block.code, re.M)
    fence = char * max(3, *(len(run) + 1 for run in runs)) if runs else char * 3
    code = block.code[:-1] if block.code.endswith("\n") else block.code
    return [fence + block.info, *(code.split("\n") if block.code else []), fence]


def _block(block: Block) -> list[str]:
    match block:
        case Heading():
            return ["#" * block.level + " " + text_markdown(block.text, one_line=True)]
        case Paragraph():
            return text_markdown(block.text).split("\n")
        case Image():
            alt = escape_text(plain_text(inline_tokens(block.alt)))
            return [f"![{alt}]({_destination(block.src)}{_title(block.title)})"]
        case ListBlock():
            return _list(block)
        case Quote():
            return ["> " + line if line else ">" for line in render_blocks(block.blocks) or [""]]
        case Table():
            return _table(block)
        case Code():
            return _code(block)
        case RawHtml():
            return block.html.rstrip("\n").split("\n")
        case Rule():
            return ["___"]  # never "* * *": under a "*" list marker, "* * * *" is one rule
        case _:
            assert_never(block)


def _list(block: ListBlock) -> list[str]:
    out: list[str] = []
    for number, item in enumerate(block.items, start=block.start):
        marker = f"{number}{_marker(block)} " if block.ordered else f"{_marker(block)} "
        if out and not block.tight:
            out.append("")
        lines = render_blocks(item.blocks, block.tight)
        if not block.tight and len(block.items) == 1 and _one_paragraph(item.blocks):
            lines += ["", _LOOSE]
        out.extend(_prefix(lines, marker, " " * len(marker)))
    return out


#: A loose list of one item holding one paragraph has nowhere for the blank line that makes
#: it loose (its paragraph a <p>) but after the paragraph, before a second block: this one.
_LOOSE = "<!-- -->"


def _one_paragraph(blocks: tuple[Block, ...]) -> bool:
    return len(blocks) == 1 and isinstance(blocks[0], Paragraph | Image)


_DELIMITER = {"left": ":---", "center": ":---:", "right": "---:", "": "---"}


def _table(block: Table) -> list[str]:
    def row(cells: tuple[Text, ...]) -> str:
        return "| " + " | ".join(text_markdown(c, one_line=True, table=True) for c in cells) + " |"

    delimiter = "| " + " | ".join(_DELIMITER.get(a, "---") for a in block.aligns) + " |"
    return [row(block.header), delimiter, *(row(r) for r in block.rows)]


def front_matter(edition: Edition) -> dict[str, Any]:
    meta = edition.localized.article.meta
    data: dict[str, Any] = {"title": plain_text(inline_tokens(meta.title))}
    if meta.description is not None:
        data["description"] = plain_text(inline_tokens(meta.description))
    data["language"] = edition.language.bcp47
    if meta.reviewed is not None:
        data["reviewed"] = meta.reviewed
    if meta.authors:
        data["authors"] = list(meta.authors)
    if meta.keywords:
        data["keywords"] = list(meta.keywords)
    if edition.draft:
        data["draft"] = True
    if edition.provenance is not None and not edition.draft:
        data.update(_provenance_fields(edition.provenance))
    if edition.notice is not None:
        data["updating"] = True
    return data


def _provenance_fields(provenance: Provenance) -> dict[str, Any]:
    """Who translated and reviewed, for a CMS importing the file (names as the files give them)."""
    fields: dict[str, Any] = {}
    if provenance.translator:
        fields["translator"] = provenance.translator
    fields["reviewer"] = provenance.reviewer
    fields["reviewer_credential"] = provenance.credential
    fields["approved"] = provenance.reviewed_on
    if provenance.source_date is not None:
        day = provenance.source_date  # a copy: the same object twice would be a YAML alias
        fields["source_reviewed"] = type(day).fromordinal(day.toordinal())
    return fields


def render_markdown(edition: Edition) -> str:
    """``build/<tag>/<slug>.md``: front matter, then the article block by block."""
    header = yaml.safe_dump(
        front_matter(edition), allow_unicode=True, sort_keys=False, width=1_000_000
    )
    lines = ["---", *header.rstrip("\n").split("\n"), "---", ""]
    if edition.draft:
        ui = edition.ui
        lines += [
            f"> **{escape_text(ui.draft_title)}**",
            ">",
            f"> {escape_text(edition.draft_body)}",
            "",
        ]
    if edition.notice_text:
        lines += [
            f"> **{escape_text(edition.notice_title)}**",
            ">",
            f"> {escape_text(edition.notice_text)}",
            "",
        ]
    if edition.provenance_lines:
        lines += [*(f"> {escape_text(line)}  " for line in edition.provenance_lines), ""]
        lines[-2] = lines[-2].rstrip()
    for section in edition.localized.article.sections:
        blocks: tuple[Block, ...] = section.blocks
        if section.heading is not None:
            blocks = (section.heading, *blocks)
        lines += [*render_blocks(blocks), ""]
    return "\n".join(lines)
