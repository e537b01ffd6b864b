"""Refusing inline HTML in running text that would not be rendered, at ``extract``.

Apart from :mod:`pipeline.article.html_policy` (which tags are allowed, read by
the text renderers) because the refusal asks the inline parser
(:mod:`pipeline.article.inline`) whether each tag would really come out as an
element; the policy module then imports nothing but the markdown-it token.
"""

from __future__ import annotations

from pipeline.article.html_policy import html_tag, walk_inline
from pipeline.article.inline import parse_inline, rendered_tags
from pipeline.article.markdown import markdown_parser
from pipeline.errors import HandoutError

_ALLOWED = "<b>, <i>, <em>, <strong>, <sub>, <sup>, <br> and <abbr title=…>"


def check_inline_html(markdown: str, path: str, line: int) -> None:
    """Refuse inline HTML that would not be rendered: a tag off the allowlist, or one
    not opened and closed within the same text (and the same emphasis or link), or a
    closing tag with no opening one."""
    if "<" not in markdown:
        return
    opened = closed = 0
    for block in markdown_parser(allow_html=True).parseInline(markdown, {}):
        for token in walk_inline(block.children or []):
            if token.type != "html_inline":
                continue
            tag = html_tag(token)
            if tag is None:
                raise HandoutError(
                    f"raw HTML {_snippet(token.content)} is not allowed in running text "
                    f"(only {_ALLOWED}); use Markdown, or write \\< for a literal <",
                    path,
                    line,
                )
            opened += tag[0] == "open"
            closed += tag[0] == "close"
    if (opened or closed) and not opened == closed == rendered_tags(parse_inline(markdown)):
        raise HandoutError(
            "an HTML tag here is not opened and closed in the same paragraph (or crosses a "
            "link or emphasis), so it would show as text: close it, or write \\< for a "
            "literal <",
            path,
            line,
        )


def _snippet(tag: str) -> str:
    flat = " ".join(tag.split())
    return flat if len(flat) <= 40 else flat[:37] + "…"
