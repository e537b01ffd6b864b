"""gettext catalogs: templates from articles, per-language catalogs, merging and compiling.

The data model is polib's ``POFile``/``POEntry``: it keeps everything a
translator's tool wrote (unknown headers such as ``X-Generator``, comments,
flags, previous msgids, obsolete entries) and the line of every entry, which
Babel's reader drops. Babel supplies the locale data (plural forms, names) and
the ``pybabel`` extractor interface.
"""
