"""The ``pybabel extract`` plugin: the same messages from the same articles.

Registered under the ``babel.extractors`` entry point as ``handout``, so a
``babel.cfg`` with ``[handout: source/**.md]`` makes ``pybabel extract`` read
articles exactly as ``handout extract`` does (same parser, same msgids, same
lines, the block kind and translators' note as comments).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from pipeline.article.parse import parse_article
from pipeline.errors import HandoutError


def extract_handout(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Yield ``(line, funcname, message, comments)`` tuples as Babel's extractor API expects."""
    name = str(getattr(fileobj, "name", "<article>"))
    data = fileobj.read()
    try:
        text = data.decode(str(options.get("encoding", "utf-8")))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise HandoutError("not UTF-8 text", name, line) from exc
    slug = name.rsplit("/", 1)[-1].removesuffix(".md")
    article = parse_article(text.removeprefix("\ufeff").replace("\r\n", "\n"), slug=slug, path=name)
    for piece in article.texts():
        if piece.translatable:
            comments = [piece.kind, *([piece.comment] if piece.comment else [])]
            yield piece.line, None, piece.markdown, comments
