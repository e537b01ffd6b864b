"""Every CommonMark spec example reaches the page, the ``.md`` and the ``.txt`` intact.

The 655 examples of the CommonMark spec 0.31.2 (``tests/data/commonmark``, CC BY-SA 4.0)
are a corpus nobody here wrote. Each is one article, extracted, "translated" into Spanish
with msgstr = msgid, checked and rendered (see ``commonmark_tools``); the English and Spanish
pages must carry the same visible text and structure as markdown-it-py's own rendering
under handout's configuration, the Spanish ``.md`` must render to that same HTML, the
``.txt`` and the EPUB must lose no word, and ``check`` must accept the identical translation.

The only exceptions are the deliberate ones below, each with its reason. The lists are
exact: an example that starts passing must leave its list, so they never hide a change.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from support.commonmark_tools import (
    ASPECTS,
    examples,
    in_list_item,
    in_quote,
    read_html,
    run_all,
    run_example,
)

#: Inline raw HTML off the allowlist (b, i, em, strong, sub, sup, br, abbr title), or an
#: allowlisted tag left open: refused at extract with a located error, since handout cannot
#: say what it would do in a screen reader, a book, the voice or a clinic's CMS.
REFUSED_INLINE_HTML = frozenset(
    {148, 169, 170, 189, 203, 346, 477, 478, 479, 493, 496, 526, 538}
    | {615, 616, 617, 618, 619, 625, 629, 630, 631, 632, 633, 645, 646}
)
#: Raw HTML blocks pass through as the author wrote them; these leave a tag unfinished
#: (``<div id="foo"`` then text), which swallows whatever follows it on the page.
UNFINISHED_RAW_HTML = frozenset({156, 157, 158})
#: An emphasis directly inside the same emphasis (``****foo****``, ``*foo *bar* baz*``) is
#: one emphasis: it reads the same, and no Markdown writer can always spell it back. No word
#: is lost.
NESTED_SAME_EMPHASIS = frozenset(
    {371, 375, 391, 409, 410, 411, 419, 427, 428, 429, 463, 465, 466, 467, 468, 470}
)
#: Autolinks with schemes a patient handout does not link to (``irc:``, made-up ones, a
#: host name taken for a scheme): kept as text, their words shown.
UNKNOWN_SCHEMES = frozenset({598, 600, 601, 603})

DELIBERATE: dict[str, frozenset[int]] = {
    "error": REFUSED_INLINE_HTML,
    "check": frozenset(),
    "page_text": UNFINISHED_RAW_HTML,
    "page_structure": UNFINISHED_RAW_HTML | NESTED_SAME_EMPHASIS | UNKNOWN_SCHEMES,
    "md": NESTED_SAME_EMPHASIS | UNKNOWN_SCHEMES,
    "txt": frozenset(),
    "book": frozenset(),
}


@pytest.fixture(scope="module")
def results() -> dict[str, dict[int, str]]:
    return run_all()


def test_the_corpus_is_the_whole_spec() -> None:
    numbers = [example.number for example in examples()]
    assert numbers == list(range(1, 656))


@pytest.mark.parametrize("aspect", ASPECTS)
def test_every_example_survives_but_the_documented_ones(
    results: dict[str, dict[int, str]], aspect: str
) -> None:
    failing = results[aspect]
    unexpected = {n: failing[n] for n in sorted(set(failing) - DELIBERATE[aspect])}
    assert not unexpected, f"{aspect}: {unexpected}"
    fixed = sorted(DELIBERATE[aspect] - set(failing))
    assert not fixed, f"{aspect}: now passing, take them off the deliberate list: {fixed}"


@pytest.mark.parametrize("wrap", [in_quote, in_list_item], ids=["in a quote", "in a list item"])
def test_every_example_survives_inside_a_quote_and_a_list_item(wrap: Callable[[str], str]) -> None:
    """The same corpus one level down, where blank lines, tightness and lazy lines matter."""
    for aspect, failing in run_all(wrap).items():
        unexpected = {n: failing[n] for n in sorted(set(failing) - DELIBERATE[aspect])}
        assert not unexpected, f"{aspect}: {unexpected}"


def test_refused_html_is_one_located_error(results: dict[str, dict[int, str]]) -> None:
    for number, message in results["error"].items():
        assert message.startswith("source/example.md:"), (number, message)
        assert ": error: " in message and "\n" not in message, (number, message)


def test_the_comparison_sees_a_lost_word_and_a_changed_structure() -> None:
    """The harness itself can fail: a word or an element less is a difference."""
    whole = read_html("<p>Take <em>two</em> tablets</p>")
    assert read_html("<p>Take tablets</p>").text != whole.text
    assert read_html("<p>Take two tablets</p>").structure != whole.structure
    assert read_html("<p>Take <em>two</em>\ntablets</p>") == whole


def test_an_example_is_compared_on_every_output() -> None:
    """A spot check: a shortcut reference link, resolved on the page, in the .md and .txt."""
    example = next(e for e in examples() if e.number == 559)  # [foo] + [foo]: /url "title"
    assert run_example(example).problems == {}
