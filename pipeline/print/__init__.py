"""Print: the book's content as a large-print PDF (WeasyPrint), for readers who want paper.

Data flow: :class:`~pipeline.book.model.Book` → one HTML document with its
own print stylesheet (:mod:`large_print`) and Noto fonts chosen per script
(:mod:`fonts`) → tagged PDF.
"""
