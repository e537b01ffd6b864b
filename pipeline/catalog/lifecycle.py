"""The catalog commands: extract, init, update, compile.

Each works article by article and records problems in the :class:`Report`
instead of stopping, so one malformed article or catalog does not block the
rest; files are written atomically and only when their content changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline.article.parse import check_slug
from pipeline.catalog.extract import creation_date, template_for
from pipeline.catalog.merge import merge
from pipeline.catalog.pofile import read_catalog, read_catalog_with_identity, write_catalog
from pipeline.catalog.words_catalog import new_words_catalog, words_template
from pipeline.digests import DigestCache, digest
from pipeline.errors import HandoutError
from pipeline.fsio import FileIdentity, read_confined, read_current, write_bytes_atomic
from pipeline.languages import Language
from pipeline.limits import UNCONFINED, FileRules
from pipeline.project import Project
from pipeline.report import Report
from pipeline.words.catalog import DOMAIN, TEMPLATE
from pipeline.words.project import words_path


@dataclass(frozen=True)
class Template:
    """An article's template: where it is, what it was made from, and (if just made) its catalog."""

    slug: str
    path: Path
    inputs: str
    catalog: polib.POFile | None
    rules: FileRules = UNCONFINED

    def load(self) -> polib.POFile:
        return (
            self.catalog if self.catalog is not None else read_catalog(self.path, None, self.rules)
        )


def extract(project: Project, report: Report, only: tuple[str, ...] = ()) -> dict[str, Template]:
    """Write ``locales/<slug>.pot`` for each article; return the templates by slug.

    An article whose bytes (and whose template on disk) did not change since the
    last run is not even parsed: the digest cache says its template is current.
    """
    cache = DigestCache(project.digest_path("catalogs"))
    templates: dict[str, Template] = {}
    source_language = project.config.source_language.bcp47
    for path in project.source_files(only):
        slug = path.name.removesuffix(".md")
        target = project.template_path(slug)
        try:
            data = read_confined(path, project.shown(path), project.config.rules, "article_bytes")
        except HandoutError as exc:
            report.error(exc)
            continue
        inputs = digest(source_language, project.shown(path), data.data)
        if cache.fresh(target, inputs):
            report.wrote(project.shown(target), False)
            templates[slug] = Template(slug, target, inputs, None, project.config.rules)
            continue
        try:
            article = project.load(path)
        except HandoutError as exc:
            report.error(exc)
            continue
        template = template_for(article, source_language)
        report.wrote(project.shown(target), write_catalog(target, template))
        cache.record(target, inputs)
        templates[slug] = Template(slug, target, inputs, template, project.config.rules)
    cache.save()
    return templates


def init(project: Project, language: Language, report: Report, only: tuple[str, ...] = ()) -> None:
    """Create each article's catalog for ``language``; existing catalogs are left alone."""
    if language == project.config.source_language:
        raise HandoutError(f"{language} is the source language; it needs no catalog")
    for slug, template in extract(project, report, only).items():
        target = project.catalog_path(language, slug)
        if target.exists():
            report.note("already exists, left as it is", project.shown(target))
            continue
        catalog = new_catalog(template.load(), language)
        report.wrote(project.shown(target), write_catalog(target, catalog))
    _init_words(project, language, report)
    if project.config.languages_listed and language not in project.config.languages:
        report.warn(
            f"{language} is not in the 'languages' list of handout.toml; add it to publish it"
        )


def _init_words(project: Project, language: Language, report: Report) -> None:
    """``locales/<lang>/LC_MESSAGES/handout.po``: the program's own words, for the translator."""
    target = words_path(project, language)
    if target.exists() or target.is_symlink():
        report.note("already exists, left as it is", project.shown(target))
        return
    catalog = new_words_catalog(language, new_catalog(words_template(), language))
    report.wrote(project.shown(target), write_catalog(target, catalog))


def new_catalog(template: polib.POFile, language: Language) -> polib.POFile:
    """What ``msginit`` makes: the template with a real header for ``language``."""
    catalog = polib.POFile(wrapwidth=template.wrapwidth)
    project_id = template.metadata.get("Project-Id-Version", "")
    catalog.header = (
        f"{language.locale.english_name} translation of {project_id}.\n"
        "Edit with Poedit, Weblate, Lokalize or any gettext editor."
    )
    catalog.metadata = dict(template.metadata)
    catalog.metadata.update(
        {
            "PO-Revision-Date": creation_date(),
            "Language-Team": f"{language.locale.english_name}",
            "Language": language.gettext,
            "Plural-Forms": language.plural_forms,
        }
    )
    catalog.metadata_is_fuzzy = False
    for entry in template:
        catalog.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr="",
                occurrences=list(entry.occurrences),
                comment=entry.comment,
                flags=list(entry.flags),
            )
        )
    return catalog


def update(project: Project, report: Report, only: tuple[str, ...] = ()) -> None:
    """Extract, then merge every template into every configured language's catalog.

    A catalog left exactly as the last merge wrote it, from the same template,
    is skipped without parsing: merging again would give the same bytes.
    """
    templates = extract(project, report, only)
    cache = DigestCache(project.digest_path("catalogs"))
    try:
        for language in project.config.languages:
            for slug, template in templates.items():
                target = project.catalog_path(language, slug)
                inputs = digest(template.inputs, language.gettext)
                if cache.fresh(target, inputs):
                    report.wrote(project.shown(target), False)
                    continue
                if _update_one(project, template, language, target, report):
                    cache.record(target, inputs)
    finally:
        cache.save()
    if not only:
        _update_words(project, report)


def _update_words(project: Project, report: Report) -> None:
    """Merge the program's words into each ``handout.po`` the project has (none is created)."""
    template = Template(DOMAIN, TEMPLATE, "", words_template())
    for language in project.config.languages:
        target = words_path(project, language)
        if target.exists() or target.is_symlink():
            _update_one(project, template, language, target, report)


def _update_one(
    project: Project, template: Template, language: Language, target: Path, report: Report
) -> bool:
    shown = project.shown(target)
    identity: FileIdentity | None = None
    try:
        old = None
        if target.exists() or target.is_symlink():
            old, identity = read_catalog_with_identity(target, shown, project.config.rules)
        fresh_template = template.load()
    except HandoutError as exc:
        report.error(exc)
        return False
    if old is None:
        catalog = new_catalog(fresh_template, language)
    else:
        result = merge(fresh_template, old)
        catalog = result.catalog
        if result.fuzzy:
            report.note(f"{result.fuzzy} changed message(s) marked fuzzy", shown)

    def unchanged_since_read() -> None:
        if not _unchanged_since_read(target, identity):
            raise SavedMeanwhile(
                "the catalog was saved by someone else while update ran; their save is kept"
                " as it is (run update again to merge it)",
                shown,
            )

    try:
        report.wrote(shown, write_catalog(target, catalog, unchanged_since_read))
    except SavedMeanwhile as exc:
        report.error(exc)
        return False
    return True


class SavedMeanwhile(HandoutError):
    """The catalog changed between update's read and its replace: the other save wins."""


def _unchanged_since_read(target: Path, identity: FileIdentity | None) -> bool:
    """Is ``target`` still what was read (inode, size, mtime, bytes), or still absent?

    A translator's editor may save while a long merge runs; replacing the
    catalog then would silently lose that save. It is asked by the atomic
    write at the last moment, with the new file complete and only the rename
    left (the two are not one atomic step, but the window shrinks from the
    whole merge to a rename).
    """
    now = read_current(target)
    if identity is None:
        return now is None and not target.is_symlink() and not target.exists()
    return now is not None and now.identity == identity


def compiled_catalogs(project: Project, report: Report) -> Iterator[tuple[Language, str]]:
    """Compile every catalog to ``.mo`` in the build cache; yield what compiled."""
    for language in project.config.languages:
        folder = project.config.folders.locales / language.gettext / "LC_MESSAGES"
        for po in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            slug = po.name.removesuffix(".po")
            try:
                target = project.mo_path(language, check_slug(slug, project.shown(po)))
                catalog = read_catalog(po, project.shown(po), project.config.rules)
            except HandoutError as exc:
                report.error(exc)
                continue
            report.wrote(project.shown(target), write_bytes_atomic(target, catalog.to_binary()))
            yield language, slug


def compile_all(project: Project, report: Report) -> int:
    return sum(1 for _ in compiled_catalogs(project, report))
