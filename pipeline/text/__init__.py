"""Text versions of a localized article: accessible HTML pages, plain text and Markdown.

Data flow: localized article → :class:`~pipeline.text.edition.Edition` →
``html`` / ``plain`` / ``markdown`` renderers, all reading translated text through
the same inline tokens (:mod:`pipeline.article.inline`).
"""
