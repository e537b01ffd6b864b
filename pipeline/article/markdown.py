"""The one Markdown parser configuration, shared by sources and translations.

A translation is re-parsed with exactly the parser that read the source (the
Sphinx rule), so emphasis and links in a msgstr render like the author's. Source
files may hold raw HTML (the clinic is trusted); translations may not, so they
get a parser with HTML off, which escapes any tag instead of passing it through.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from pipeline.errors import HandoutError

#: The deepest inline nesting (emphasis in a link in strong ...) a text may have; markdown-it's
#: own block limit in CommonMark mode. Real handouts nest three deep at most; a thousand levels
#: would exhaust Python's recursion in the renderers, so deeper text is refused where it enters.
MAX_NESTING = 20
_DELIMITERS = "*_[`~<"


@lru_cache(maxsize=2)
def markdown_parser(*, allow_html: bool) -> MarkdownIt:
    """CommonMark plus GitHub tables and strikethrough; ``allow_html`` only for sources."""
    return MarkdownIt("commonmark", {"html": allow_html}).enable(["table", "strikethrough"])


def too_deep(tokens: Sequence[Token]) -> Token | None:
    """The first block token whose inline content nests deeper than :data:`MAX_NESTING`."""
    for token in tokens:
        if any(child.level > MAX_NESTING for child in token.children or ()):
            return token
    return None


def nesting_error(path: str | None, line: int | None) -> HandoutError:
    return HandoutError(
        f"emphasis, links or other markup nested more than {MAX_NESTING} levels deep;"
        " simplify the text",
        path,
        line,
    )


def check_nesting(text: str, path: str | None, line: int | None) -> None:
    """Refuse a translation whose inline Markdown nests deeper than :data:`MAX_NESTING`.

    Nesting needs an opening delimiter per level, so text with few delimiter
    characters is passed without parsing.
    """
    if sum(text.count(c) for c in _DELIMITERS) <= MAX_NESTING:
        return
    if too_deep(markdown_parser(allow_html=False).parseInline(text)) is not None:
        raise nesting_error(path, line)
