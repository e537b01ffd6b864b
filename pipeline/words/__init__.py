"""The program's own words (skip link, draft banner, player, books, provenance) as gettext catalogs.

The words handout adds around a clinic's articles belong to the tool, not to
the articles, so they ship with it: ``pipeline/locales/handout.pot`` (the
English msgids) and one ``<lang>.po`` per bundled language. A project adds a
language, or rewords one, in its own ``locales/<lang>/LC_MESSAGES/handout.po``,
which a translator edits with the same tools as the articles' catalogs.
Every word looked up carries the language it is actually in, so a page never
labels English words as Haitian Creole.
"""
