"""One text's inline tokens → content with one ``<span id>`` per sentence.

The sentences are the speech package's own (:func:`pipeline.speech.sentences.
split_sentences` over the same plain words the audio script speaks), so each
element is exactly one WebVTT cue and a reading app highlights what the voice
says. The splitter works on plain words, the book keeps emphasis, code and
links; the two are lined up by counting non-space characters, which the
splitter guarantees to keep. Where a sentence ends inside emphasis or a link,
that element is closed and reopened around the boundary, so the markup stays
well formed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate, groupby
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
    plain_text,
)
from pipeline.article.model import Text
from pipeline.book.model import Sentence
from pipeline.book.node import Content, Node, node
from pipeline.speech.sentences import split_sentences

#: A link target as the book can use it, or None to keep only the words.
LinkPolicy = Callable[[str], str | None]


@dataclass(frozen=True)
class Segmented:
    content: Content
    sentences: tuple[Sentence, ...]


class SentenceIds:
    """Hands out ``s_1``, ``s_2`` … in reading order (heading anchors never hold ``_``)."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"s_{self.count}"


@dataclass(frozen=True)
class _Piece:
    path: tuple[int, ...]  # ids of the enclosing emphasis/link tokens, outermost first
    containers: tuple[Styled | Link, ...]
    leaf: Node | str
    sentence: int | None  # index of its sentence; None between sentences


def segment(text: Text, language: str, ids: SentenceIds, link: LinkPolicy) -> Segmented:
    """``text`` (its ``lang`` wins over ``language``) as content with sentence elements."""
    tokens = inline_tokens(text)
    found = split_sentences(plain_text(tokens), text.lang or language)
    sentences = tuple(Sentence(ids.next(), s) for s in found)
    ends = list(accumulate(len("".join(s.split())) for s in found))
    pieces = _Splitter(ends).pieces(tokens)
    content: list[Node | str] = []
    for index, run in groupby(pieces, key=lambda p: p.sentence):
        group = list(run)
        if index is not None:
            content.append(Node("span", (("id", sentences[index].id),), _nest(group, 0, link)))
        elif all(isinstance(p.leaf, str) and not p.leaf.strip() for p in group):
            content.append("".join(str(p.leaf) for p in group))  # space between sentences: bare
        else:
            content.extend(_nest(group, 0, link))
    return Segmented(tuple(content), sentences)


class _Splitter:
    """Walks the token tree, cutting its text wherever a sentence begins or ends."""

    def __init__(self, ends: list[int]) -> None:
        self.ends = ends
        self.seen = 0  # non-space characters so far
        self.next_id = 0
        self.out: list[_Piece] = []

    def pieces(self, tokens: tuple[Inline, ...]) -> list[_Piece]:
        self._walk(tokens, (), ())
        return self.out

    def _walk(
        self, tokens: tuple[Inline, ...], path: tuple[int, ...], outer: tuple[Styled | Link, ...]
    ) -> None:
        for token in tokens:
            match token:
                case Styled() | Link():
                    self.next_id += 1
                    self._walk(token.children, (*path, self.next_id), (*outer, token))
                case Plain():
                    self._text(token.text, path, outer, lambda run: run)
                case CodeSpan():
                    self._text(token.text, path, outer, lambda run: node("code", None, run))
                case Break():
                    leaf: Node | str = node("br") if token.hard else " "
                    self.out.append(_Piece(path, outer, leaf, self._space()))
                case Picture():  # the book shows its words (it carries no images)
                    self._atom(token, path, outer)
                case _:
                    assert_never(token)

    def _text(
        self,
        text: str,
        path: tuple[int, ...],
        outer: tuple[Styled | Link, ...],
        make: Callable[[str], Node | str],
    ) -> None:
        run, owner = "", None
        for ch in text:
            here = self._space() if ch.isspace() else self._char()
            if run and here != owner:
                self.out.append(_Piece(path, outer, make(run), owner))
                run = ""
            run, owner = run + ch, here
        if run:
            self.out.append(_Piece(path, outer, make(run), owner))

    def _atom(
        self, token: Picture, path: tuple[int, ...], outer: tuple[Styled | Link, ...]
    ) -> None:
        visible = "".join(token.alt.split())
        if not visible:
            self.out.append(_Piece(path, outer, token.alt, self._space()))
            return
        owner = self._char()
        self.seen += len(visible) - 1
        self.out.append(_Piece(path, outer, token.alt, owner))

    def _char(self) -> int | None:
        index = bisect_right(self.ends, self.seen)
        self.seen += 1
        return index if index < len(self.ends) else None

    def _space(self) -> int | None:
        """Space inside a sentence belongs to it; space between sentences to none."""
        index = bisect_right(self.ends, self.seen)
        start = self.ends[index - 1] if index else 0
        if index < len(self.ends) and start < self.seen:
            return index
        return None


def _nest(pieces: list[_Piece], depth: int, link: LinkPolicy) -> Content:
    """Rebuild the emphasis and links around consecutive pieces that shared them."""
    out: list[Node | str] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if len(piece.path) == depth:
            out.append(piece.leaf)
            i += 1
            continue
        j = i
        while (
            j < len(pieces) and pieces[j].path[depth : depth + 1] == piece.path[depth : depth + 1]
        ):
            j += 1
        children = _nest(pieces[i:j], depth + 1, link)
        out.extend(_wrap(piece.containers[depth], children, link))
        i = j
    return tuple(out)


def _wrap(container: Styled | Link, children: Content, link: LinkPolicy) -> Content:
    if isinstance(container, Styled):  # emphasis, or an allowlisted element (<abbr title>)
        title = (("title", container.title),) if container.title else ()
        return (Node(container.style, title, children),)
    href = link(container.href)
    if href is None:
        return children
    attrs = {"href": href, **({"title": container.title} if container.title else {})}
    return (node("a", attrs, *children),)
