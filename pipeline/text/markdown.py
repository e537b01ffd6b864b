"""Markdown for clinics that import articles into their own CMS: the source's structure, translated.

The output is written from the parsed model, never by pasting msgstrs: every
translated text is re-serialised from its inline tokens, so a ``<script>`` a
translator typed stays visible text (``&lt;script>``) even in a CMS that renders
raw HTML, and a msgstr cannot open a heading, a list or a table row. What the
translator did mark up (emphasis, code, checked links) is written back as
Markdown. Parsing the output again gives the same tokens (a tested property).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

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
from pipeline.text.inline import (
    Break,
    CodeSpan,
    Inline,
    Link,
    Picture,
    Plain,
    Styled,
    parse_inline,
    plain_text,
)
from pipeline.text.inline import text_of as _text_of
from pipeline.text.provenance import Provenance

_ALWAYS = re.compile(r"([\\`*_\[\]~])")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LINE_START = re.compile(r"^([ \t]*)([#>=+-]|\d{1,9}(?=[.)]))")
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
    return text


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

    return "\n".join(guard(line) for line in markdown.split("\n"))


def _code_span(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = text.startswith("`") or text.endswith("`")
    pad = pad or (text.startswith(" ") and text.endswith(" ") and text.strip(" ") != "")
    return f"{fence} {text} {fence}" if pad else f"{fence}{text}{fence}"


def _destination(href: str) -> str:
    if re.search(r"[\s()<>\\]", href):
        return "<" + href.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>") + ">"
    return href


def _title(title: str) -> str:
    return ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"' if title else ""


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
        if isinstance(token, Plain):
            out.append(escape_text(token.text, table=table, heading=one_line and not table))
        elif isinstance(token, CodeSpan):
            code = _code_span(token.text)
            out.append(code.replace("|", "\\|") if table else code)
        elif isinstance(token, Break):
            out.append(" " if one_line else ("\\\n" if token.hard else "\n"))
        elif isinstance(token, Link):
            if token.autolink:
                out.append(f"<{plain_text(token.children)}>")
            else:
                words = inline_markdown(token.children, one_line=one_line, table=table)
                out.append(f"[{words}]({_destination(token.href)}{_title(token.title)})")
        elif isinstance(token, Picture):
            alt = escape_text(token.alt, table=table)
            out.append(f"![{alt}]({_destination(token.src)}{_title(token.title)})")
        else:
            mark = token.mark or _STYLE_MARK[token.style]
            inner = inline_markdown(token.children, one_line=one_line, table=table)
            out.append(f"{mark}{inner}{mark}")
    _separate_adjacent_emphasis(tokens, out)
    return "".join(out)


def text_markdown(text: Text, *, one_line: bool = False, table: bool = False) -> str:
    """One translatable text, safe to place where its block puts it."""
    markdown = inline_markdown(parse_inline(text.markdown), one_line=one_line, table=table)
    return markdown if one_line else _guard_line_starts(markdown)


def _prefix(lines: list[str], first: str, rest: str) -> list[str]:
    return [(first if i == 0 else rest) + line if line else "" for i, line in enumerate(lines)]


def render_blocks(blocks: tuple[Block, ...], tight: bool = False) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if out and not (tight and isinstance(block, Paragraph)):
            out.append("")
        out.extend(_block(block))
    return out


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return ["#" * block.level + " " + text_markdown(block.text, one_line=True)]
    if isinstance(block, Paragraph):
        return text_markdown(block.text).split("\n")
    if isinstance(block, Image):
        alt = escape_text(_text_of(block.alt.markdown))
        return [f"![{alt}]({_destination(block.src)}{_title(block.title)})"]
    if isinstance(block, ListBlock):
        return _list(block)
    if isinstance(block, Quote):
        return ["> " + line if line else ">" for line in render_blocks(block.blocks)]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Code):
        longest = max((len(run) for run in re.findall(r"^`{3,}", block.code, re.M)), default=2)
        fence = "`" * (longest + 1)
        return [fence + block.info, *block.code.rstrip("\n").split("\n"), fence]
    if isinstance(block, RawHtml):
        return block.html.rstrip("\n").split("\n")
    if isinstance(block, Rule):
        return ["* * *"]
    return []


def _list(block: ListBlock) -> list[str]:
    out: list[str] = []
    for number, item in enumerate(block.items, start=block.start):
        marker = f"{number}. " if block.ordered else "- "
        if out and not block.tight:
            out.append("")
        out.extend(
            _prefix(render_blocks(item.blocks, block.tight) or [""], marker, " " * len(marker))
        )
    return out


_DELIMITER = {"left": ":---", "center": ":---:", "right": "---:", "": "---"}


def _table(block: Table) -> list[str]:
    def row(cells: tuple[Text, ...]) -> str:
        return "| " + " | ".join(text_markdown(c, one_line=True, table=True) for c in cells) + " |"

    delimiter = "| " + " | ".join(_DELIMITER.get(a, "---") for a in block.aligns) + " |"
    return [row(block.header), delimiter, *(row(r) for r in block.rows)]


def front_matter(edition: Edition) -> dict[str, Any]:
    meta = edition.localized.article.meta
    data: dict[str, Any] = {"title": _text_of(meta.title.markdown)}
    if meta.description is not None:
        data["description"] = _text_of(meta.description.markdown)
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
