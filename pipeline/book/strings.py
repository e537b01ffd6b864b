"""The few words a book adds around the article, in the book's language.

They are the ``book:`` entries of handout's own catalog (:mod:`pipeline.words`),
which also gives the article page its links to the books; this module keeps
the books' name for them.
"""

from __future__ import annotations

from pipeline.words.groups import BookStrings
from pipeline.words.groups import book_strings as strings_for

__all__ = ["BookStrings", "strings_for"]
