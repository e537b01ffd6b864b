"""Print: the book's content as PDF handouts (WeasyPrint), for readers who want paper.

Data flow: :class:`~pipeline.book.model.Book` → one HTML document with its
own print stylesheet (:mod:`large_print`, which :mod:`standard` shares with
another :class:`~pipeline.print.large_print.PrintStyle`) and Noto fonts
chosen per script (:mod:`fonts`), opening with the QR code and address of the
page (:mod:`qr`) when the site's address is known (:mod:`settings`) → tagged PDF.
"""
