"""The one Markdown parser configuration, shared by sources and translations.

A translation is re-parsed with exactly the parser that read the source (the
Sphinx rule), so emphasis and links in a msgstr render like the author's. Source
files may hold raw HTML (the clinic is trusted); translations may not, so they
get a parser with HTML off, which escapes any tag instead of passing it through.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=2)
def markdown_parser(*, allow_html: bool) -> MarkdownIt:
    """CommonMark plus GitHub tables and strikethrough; ``allow_html`` only for sources."""
    return MarkdownIt("commonmark", {"html": allow_html}).enable(["table", "strikethrough"])
