"""``build/<tag>/<slug>.pdf``: the handout a clinic gives most patients at the desk.

The large-print machinery (:mod:`pipeline.print.large_print`: the same
document, fonts, tagging, paper and QR code) at 13 pt, the middle of the
12–14 pt that patient-education guidance asks of a standard handout, with
thinner rules and smaller page numbers (``standard.css``).
"""

from __future__ import annotations

from pipeline.book.model import Book, BookFile
from pipeline.print.large_print import PrintStyle, render_print

#: Body size in points for Latin script (scripts with small letters are scaled, see fonts).
STANDARD_PT = 13
STANDARD = PrintStyle(STANDARD_PT, "standard.css")


def render_standard(book: Book) -> BookFile:
    return render_print(book, STANDARD)
