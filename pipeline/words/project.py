"""A project's own words: where its ``handout.po`` files are.

``locales/<lang>/LC_MESSAGES/handout.po`` sits beside the articles' catalogs,
so a translator finds it with the rest and ``handout status``/``check`` count
and check it like them. Its name is the domain ``handout``, which is why no
article may be called ``handout`` (its catalog would be this file).
"""

from __future__ import annotations

from pathlib import Path

from pipeline.languages import Language
from pipeline.project import Project
from pipeline.words.catalog import DOMAIN, WordSource
from pipeline.words.lookup import ENGLISH


def word_source(project: Project) -> WordSource:
    """The value a renderer (perhaps in a worker) needs to find the project's words."""
    return WordSource(project.config.root, project.config.folders.locales)


def words_path(project: Project, language: Language) -> Path:
    """``locales/<lang>/LC_MESSAGES/handout.po``, through the project's folder checks."""
    return project.catalog_path(language, DOMAIN)


def words_inputs(project: Project, language: Language) -> list[Path]:
    """Every ``handout.po`` a page in ``language`` may take words from, for the build cache:
    editing one rebuilds the pages that show its words."""
    source = word_source(project)
    tags = [tag.replace("-", "_") for tag in language.candidates()]
    paths = [source.path(tag) for tag in dict.fromkeys([*tags, ENGLISH])]
    return [path for path in paths if path is not None]
