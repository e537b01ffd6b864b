"""One published unit → its :class:`~pipeline.book.model.Book`, ready for every book renderer."""

from __future__ import annotations

from pipeline.book.content import book_content
from pipeline.book.model import Book
from pipeline.book.narration import find_narration
from pipeline.project import Project
from pipeline.report import Report
from pipeline.text.edition import Edition


def make_book(project: Project, edition: Edition, report: Report) -> Book:
    """The content of ``edition`` and, if the audio build made one that fits, its narration."""
    content = book_content(edition)
    return Book(content, find_narration(project, content, report), project.config.printing)
