"""Books: the localized article as an EPUB 3 talking book, and on paper (:mod:`pipeline.print`).

Data flow: :class:`~pipeline.text.edition.Edition` → :mod:`content` (chapters,
one element per sentence, split by the speech package) → :mod:`narration`
(the audio build's MP3 and sentence timings) → :class:`~pipeline.book.model.Book`
→ :mod:`epub` (:mod:`xhtml`, :mod:`nav`, :mod:`smil`, :mod:`a11y`, :mod:`opf`).
"""
