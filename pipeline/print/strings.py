"""The words a printed handout adds: what its QR code is for, and the page's link to it.

They are the ``print:`` entries of handout's own catalog (:mod:`pipeline.words`);
this module keeps the print code's name for them.
"""

from __future__ import annotations

from pipeline.words.groups import PrintStrings, print_strings

__all__ = ["PrintStrings", "print_strings"]
