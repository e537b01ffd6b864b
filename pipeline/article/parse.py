"""Source Markdown → :class:`~pipeline.article.model.Article`.

markdown-it-py gives a flat token stream with source line maps; this module
folds it into the immutable block tree and records, for every translatable text,
the source line it came from (for catalog references and error messages).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from pipeline.article.frontmatter import (
    date_value,
    list_value,
    split_front_matter,
    text_value,
)
from pipeline.article.inline_html import check_inline_html
from pipeline.article.markdown import markdown_parser, nesting_error, too_deep
from pipeline.article.model import (
    Article,
    Block,
    Code,
    Heading,
    Image,
    ListBlock,
    ListItem,
    Meta,
    Paragraph,
    Quote,
    RawHtml,
    Rule,
    Section,
    Table,
    Text,
)
from pipeline.article.references import inline_references
from pipeline.errors import HandoutError
from pipeline.fsio import read_text_utf8
from pipeline.languages import parse_language
from pipeline.safety import check_text

_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_TRANSLATORS = re.compile(r"^\s*<!--\s*translators?\s*:\s*(.*?)\s*-->\s*$", re.I | re.S)
_ALIGN = re.compile(r"text-align:(left|center|right)")


def check_slug(slug: str, path: Path | str) -> str:
    """A slug becomes a file name in every output folder: only safe characters."""
    if not _SLUG.fullmatch(slug) or slug.endswith((".", "-")) or ".." in slug:
        raise HandoutError(
            f"article name {slug!r} is not a safe file name (use letters, digits, '-', '.', '_')",
            path,
        )
    return slug


def load_article(path: Path, display_path: str | None = None) -> Article:
    """Read and parse ``source/<slug>.md``; ``display_path`` is how messages name the file."""
    shown = display_path or path.as_posix()
    slug = check_slug(path.name.removesuffix(".md"), shown)
    return parse_article(read_text_utf8(path, shown), slug=slug, path=shown)


def parse_article(text: str, *, slug: str, path: str) -> Article:
    """Parse a whole source file (front matter and body)."""
    check_text(text, "the article", path, 1)
    fm = split_front_matter(text, path)
    env: dict[str, Any] = {}
    tokens = markdown_parser(allow_html=True).parse(fm.body, env)
    deep = too_deep(tokens)
    if deep is not None:
        raise nesting_error(path, fm.body_offset + (deep.map[0] if deep.map else 0) + 1)
    builder = _Builder(path=path, offset=fm.body_offset, references=env.get("references", {}))
    blocks = builder.blocks(tokens, 0, len(tokens), context="paragraph")
    sections = _sections(blocks)

    title_text = text_value(fm, "title", path)
    h1 = next((b for b in blocks if isinstance(b, Heading) and b.level == 1), None)
    if title_text is not None:
        title = Text(_escape_plain(title_text), fm.line_of("title"), "title")
    elif h1 is not None:
        title = Text(h1.text.markdown, h1.text.line, "title")
    else:
        raise HandoutError(
            "the article has no title (front matter 'title' or a '#' heading)", path, 1
        )
    description_text = text_value(fm, "description", path)
    description = (
        Text(_escape_plain(description_text), fm.line_of("description"), "description")
        if description_text is not None
        else None
    )
    language_tag = text_value(fm, "language", path) or "en"
    try:
        language = parse_language(language_tag).bcp47
    except HandoutError as exc:
        raise HandoutError(exc.message, path, fm.line_of("language")) from exc
    meta = Meta(
        title=title,
        description=description,
        language=language,
        reviewed=date_value(fm, "reviewed", path),
        authors=list_value(fm, "authors", path),
        keywords=list_value(fm, "keywords", path),
    )
    return Article(slug=slug, path=path, meta=meta, sections=sections)


def _escape_plain(value: str) -> str:
    """Front-matter values are plain text; keep them plain when read as Markdown later."""
    return " ".join(value.split())


def _sections(blocks: tuple[Block, ...]) -> tuple[Section, ...]:
    sections: list[Section] = []
    heading: Heading | None = None
    current: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading) and block.level <= 2:
            if heading is not None or current:
                sections.append(Section(heading, tuple(current)))
            heading, current = block, []
        else:
            current.append(block)
    if heading is not None or current:
        sections.append(Section(heading, tuple(current)))
    return tuple(sections)


def inline_source(content: str, references: Mapping[str, Any] | None = None) -> str:
    """A block's inline Markdown as one message: soft line breaks folded, hard ones kept.

    Line wrapping in the source is layout, not content; translators should not
    have to reproduce it. A hard break (two trailing spaces or a backslash) is
    meaning, and is kept in its visible backslash form. Folding must not change
    what the text says: where it would (a line break inside a code span, a link
    title or ``<…>``, which CommonMark reads differently on one line), the lines
    are kept as the author wrote them.
    """
    folded = _fold_lines(content)
    if folded == content or _same_inline(folded, content, references or {}):
        return folded
    return content


def _fold_lines(content: str) -> str:
    lines = content.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        text = line.rstrip(" ")
        escaped = len(text) - len(text.rstrip("\\"))  # backslashes at the end of the line
        if not last and escaped % 2 == 1 and text == line:  # "foo\" + newline: a hard break
            out.append(text[:-1].strip(" ") + "\\\n")
        elif not last and len(line) - len(text) >= 2:  # two spaces + newline: a hard break
            hard = "  \n" if escaped else "\\\n"  # "C:\\" + "\\" would read as two "\\"
            out.append(text.strip(" ") + hard)
        else:
            out.append(line.strip(" ") + ("" if last else " "))
    return "".join(out).strip(" ")


def _same_inline(one: str, other: str, references: Mapping[str, Any]) -> bool:
    """Whether two texts parse to the same inline tokens (a soft break counts as a space)."""
    return _inline_shape(one, references) == _inline_shape(other, references)


def _inline_shape(text: str, references: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    env = {"references": dict(references)} if references else {}
    shape: list[tuple[str, str, str]] = []

    def walk(tokens: list[Token]) -> None:
        for token in tokens:
            kind, content = token.type, token.content
            if kind == "softbreak":
                kind, content = "text", " "
            if kind == "text" and shape and shape[-1][0] == "text":
                shape[-1] = ("text", shape[-1][1] + content, "")
            elif kind == "text":
                shape.append(("text", content, ""))
            else:
                shape.append((kind, content, repr(sorted((token.attrs or {}).items()))))
            walk(token.children or [])

    for root in markdown_parser(allow_html=True).parseInline(text, env):
        walk(root.children or [])
    return shape


def anchor_for(text: str, taken: set[str], tried: dict[str, int] | None = None) -> str:
    """A stable ASCII id for a heading, from its source text, unique within the article.

    ``tried`` remembers, per base, the suffix to try next: without it an article
    of many same-named headings would cost a scan per heading (quadratic).
    """
    plain = re.sub(r"[`*_\[\]()!<>#~]|\(.*?\)", "", text)
    ascii_text = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "section"
    tried = {} if tried is None else tried
    anchor, n = base, tried.get(base, 2)
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    tried[base] = n
    taken.add(anchor)
    return anchor


@dataclass
class _Builder:
    """Walks the token stream once; holds the pending translators' comment and anchors."""

    path: str
    offset: int
    references: Mapping[str, Any] = field(default_factory=dict)
    comment: str = ""
    anchors: set[str] = field(default_factory=set)
    suffixes: dict[str, int] = field(default_factory=dict)  # anchor_for's next suffix per base

    def line(self, token: Token) -> int:
        return self.offset + (token.map[0] if token.map else 0) + 1

    def text(self, inline: Token, line: int, kind: str) -> Text:
        comment, self.comment = self.comment, ""
        markdown = inline_source(inline.content, self.references)
        markdown = inline_references(markdown, self.references, self.path, line)
        check_inline_html(markdown, self.path, line)
        return Text(markdown, line, kind, comment)

    def blocks(self, tokens: list[Token], start: int, end: int, context: str) -> tuple[Block, ...]:
        result: list[Block] = []
        i = start
        while i < end:
            block, i = self.block(tokens, i, context)
            if block is not None:
                result.append(block)
        return tuple(result)

    def block(self, tokens: list[Token], i: int, context: str) -> tuple[Block | None, int]:
        token = tokens[i]
        kind = token.type
        if kind == "heading_open":
            level = int(token.tag[1])
            text = self.text(tokens[i + 1], self.line(token), f"heading, level {level}")
            anchor = anchor_for(text.markdown, self.anchors, self.suffixes)
            return Heading(level, text, anchor), i + 3
        if kind == "paragraph_open":
            return self.paragraph(tokens[i + 1], self.line(token), context), i + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list_block(tokens, i)
        if kind == "blockquote_open":
            close = _closing(tokens, i)
            inner = self.blocks(tokens, i + 1, close, "block quote")
            return Quote(inner, self.line(token)), close + 1
        if kind == "table_open":
            return self.table(tokens, i)
        if kind in ("fence", "code_block"):
            return Code(token.info.strip(), token.content, self.line(token)), i + 1
        if kind == "html_block":
            match = _TRANSLATORS.match(token.content)
            if match:
                self.comment = " ".join(match.group(1).split())
                return None, i + 1
            if token.content.strip() == "<!-- -->":  # shows nothing; the .md writer's mark
                return None, i + 1  # of a loose list of one paragraph (pipeline.text.markdown)
            return RawHtml(token.content, self.line(token)), i + 1
        if kind == "hr":
            return Rule(self.line(token)), i + 1
        raise HandoutError(f"unsupported Markdown construct {kind!r}", self.path, self.line(token))

    def paragraph(self, inline: Token, line: int, context: str) -> Block:
        children = inline.children or []
        if len(children) == 1 and children[0].type == "image":
            image = children[0]
            alt = self.text(image, line, "image alt text")
            return Image(alt, str(image.attrGet("src") or ""), str(image.attrGet("title") or ""))
        return Paragraph(self.text(inline, line, context))

    def list_block(self, tokens: list[Token], i: int) -> tuple[Block, int]:
        opening = tokens[i]
        close = _closing(tokens, i)
        items: list[ListItem] = []
        # Tight if the items' own paragraphs (not a nested list's) are hidden. A list with
        # no paragraph of its own reads the same either way, and is written loose, so that
        # blocks in its items (two quotes, say) stay apart in the .md.
        hidden: list[bool] = []
        j = i + 1
        while j < close:
            item_close = _closing(tokens, j)
            own = tokens[j].level + 1
            hidden += [
                t.hidden
                for t in tokens[j + 1 : item_close]
                if t.type == "paragraph_open" and t.level == own
            ]
            inner = self.blocks(tokens, j + 1, item_close, "list item")
            items.append(ListItem(inner, self.line(tokens[j])))
            j = item_close + 1
        tight = bool(hidden) and all(hidden)
        number = opening.attrGet("start")  # absent when it is 1; 0 is a start of its own
        start = 1 if number is None else int(number)
        ordered = opening.type == "ordered_list_open"
        marker = opening.markup[-1:]
        block = ListBlock(ordered, start, tight, tuple(items), self.line(opening), marker)
        return block, close + 1

    def table(self, tokens: list[Token], i: int) -> tuple[Block, int]:
        close = _closing(tokens, i)
        line = self.line(tokens[i])
        header: list[Text] = []
        aligns: list[str] = []
        rows: list[tuple[Text, ...]] = []
        row: list[Text] = []
        row_line = line
        for j in range(i + 1, close):
            token = tokens[j]
            if token.type == "tr_open":
                row, row_line = [], self.line(token)
            elif token.type in ("th_open", "td_open"):
                header_cell = token.type == "th_open"
                kind = "table header cell" if header_cell else "table cell"
                row.append(self.text(tokens[j + 1], row_line, kind))
                if header_cell:
                    match = _ALIGN.search(str(token.attrGet("style") or ""))
                    aligns.append(match.group(1) if match else "")
            elif token.type == "tr_close":
                if tokens[j - 1].type == "th_close":
                    header = row
                else:
                    rows.append(tuple(row))
        return Table(tuple(aligns), tuple(header), tuple(rows), line), close + 1


def _closing(tokens: list[Token], i: int) -> int:
    """Index of the token that closes the container opened at ``i``."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1
