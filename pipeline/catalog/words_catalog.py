"""A project's own ``handout.po``: created by ``init``, merged by ``update``, counted and checked.

The program's words (:mod:`pipeline.words`) are one more catalog for the
translator: ``handout init ht`` writes ``locales/ht/LC_MESSAGES/handout.po``
beside the articles' catalogs (filled in from handout's own translation when
it has one, so a clinic only rewords what it wants), ``handout update`` merges
new words into it as it does for articles, and ``status``/``check`` count
and check it. Only files that exist are merged: a bundled language needs no
copy of its words in the project.
"""

from __future__ import annotations

import polib

from pipeline.catalog.pofile import parse_catalog
from pipeline.catalog.stats import Progress, present, read_progress
from pipeline.errors import HandoutError, one_line
from pipeline.fsio import read_confined
from pipeline.languages import Language
from pipeline.project import Project
from pipeline.report import Report
from pipeline.words.catalog import DOMAIN, TEMPLATE, Problem, read_words
from pipeline.words.lookup import ENGLISH, chain
from pipeline.words.project import words_path


def words_template() -> polib.POFile:
    """``pipeline/locales/handout.pot``: the English words, each with its msgctxt."""
    return polib.pofile(str(TEMPLATE))


def new_words_catalog(language: Language, blank: polib.POFile) -> polib.POFile:
    """What ``msginit`` makes of the template, filled in from handout's own translation.

    ``blank`` is the article catalogs' ``new_catalog`` of the template (its
    header); the msgctxts are put back, which an article's template has none of.
    """
    template = words_template()
    bundled: dict[str, str] = {}
    for tag, texts in chain(language):
        if tag != ENGLISH:
            bundled = dict(texts)
            break
    for entry, source in zip(blank, template, strict=True):
        entry.msgctxt = source.msgctxt
        entry.msgstr = bundled.get(source.msgctxt or "", "")
    if not bundled:  # nobody has translated these yet: the header says so, as msginit's does
        blank.metadata["Last-Translator"] = "FULL NAME <EMAIL@ADDRESS>"
    return blank


def words_progress(project: Project, report: Report) -> list[Progress]:
    """A status row for each configured language that has its own ``handout.po``."""
    rows = []
    for language in project.config.languages:
        path = words_path(project, language)
        if present(path):
            rows += read_progress(project, report, path, DOMAIN, language)
    return rows


def words_problems(project: Project, languages: tuple[Language, ...] = ()) -> list[str]:
    """``handout check``'s lines for the project's ``handout.po`` files: each entry that is
    not used (a placeholder dropped or added, wrong plural forms), as ``file:line: error``."""
    lines = []
    for language in languages or project.config.languages:
        path = words_path(project, language)
        if not path.is_file():
            continue
        shown = project.shown(path)
        rules = project.config.rules
        try:  # a file that is no catalog at all is reported once, by the catalogs' own check
            data = read_confined(path, shown, rules, "catalog_bytes").data
            parse_catalog(data, path, shown, rules)
        except HandoutError:
            continue
        lines += [_line(problem) for problem in read_words(data, shown).problems]
    return lines


def _line(problem: Problem) -> str:
    return one_line(f"{problem.path}:{problem.line}: error: handout-words: {problem.message}")
