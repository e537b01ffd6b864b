"""The catalog commands: extract, init, update, compile.

Each works article by article and records problems in the :class:`Report`
instead of stopping, so one malformed article or catalog does not block the
rest; files are written atomically and only when their content changes.
"""

from __future__ import annotations

from collections.abc import Iterator

import polib

from pipeline.catalog.extract import creation_date, template_for
from pipeline.catalog.merge import merge
from pipeline.catalog.pofile import read_catalog, write_catalog
from pipeline.errors import HandoutError
from pipeline.fsio import write_bytes_atomic
from pipeline.languages import Language
from pipeline.project import Project
from pipeline.report import Report


def extract(
    project: Project, report: Report, only: tuple[str, ...] = ()
) -> dict[str, polib.POFile]:
    """Write ``locales/<slug>.pot`` for each article; return the templates by slug."""
    templates: dict[str, polib.POFile] = {}
    for path in project.source_files(only):
        try:
            article = project.load(path)
        except HandoutError as exc:
            report.error(exc)
            continue
        template = template_for(article, project.config.source_language.bcp47)
        target = project.template_path(article.slug)
        report.wrote(project.shown(target), write_catalog(target, template))
        templates[article.slug] = template
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
        report.wrote(project.shown(target), write_catalog(target, new_catalog(template, language)))
    if project.config.languages_listed and language not in project.config.languages:
        report.warn(
            f"{language} is not in the 'languages' list of handout.toml; add it to publish it"
        )


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
    """Extract, then merge every template into every configured language's catalog."""
    templates = extract(project, report, only)
    for language in project.config.languages:
        for slug, template in templates.items():
            target = project.catalog_path(language, slug)
            shown = project.shown(target)
            try:
                old = read_catalog(target, shown) if target.exists() else None
            except HandoutError as exc:
                report.error(exc)
                continue
            if old is None:
                catalog = new_catalog(template, language)
            else:
                result = merge(template, old)
                catalog = result.catalog
                if result.fuzzy:
                    report.note(f"{result.fuzzy} changed message(s) marked fuzzy", shown)
            report.wrote(shown, write_catalog(target, catalog))


def compiled_catalogs(project: Project, report: Report) -> Iterator[tuple[Language, str]]:
    """Compile every catalog to ``.mo`` in the build cache; yield what compiled."""
    for language in project.config.languages:
        folder = project.config.folders.locales / language.gettext / "LC_MESSAGES"
        for po in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            slug = po.name.removesuffix(".po")
            try:
                catalog = read_catalog(po, project.shown(po))
                target = project.mo_path(language, slug)
            except HandoutError as exc:
                report.error(exc)
                continue
            report.wrote(project.shown(target), write_bytes_atomic(target, catalog.to_binary()))
            yield language, slug


def compile_all(project: Project, report: Report) -> int:
    return sum(1 for _ in compiled_catalogs(project, report))
