"""Checks of the source article itself: error-prone notations before anyone translates them.

A trailing zero or a "QD" in the English article is copied into every
language, so it is reported once, at its source line, by ``handout check`` and
``handout status``; the catalogs' own findings follow.
"""

from __future__ import annotations

from pipeline.check.findings import WARNING, Finding
from pipeline.check.notation import error_prone
from pipeline.check.runner import one_line
from pipeline.errors import HandoutError
from pipeline.project import Project


def source_findings(project: Project, articles: tuple[str, ...] = ()) -> list[Finding]:
    """ISMP notation warnings of every (chosen) source article, in file and line order.

    An article that cannot be read is skipped: the commands that read it report it.
    """
    findings: list[Finding] = []
    try:
        paths = project.source_files(articles)
    except HandoutError:
        return findings
    language = project.config.source_language
    for path in paths:
        try:
            article = project.load(path)
        except HandoutError:
            continue
        shown = project.shown(path)
        seen: set[tuple[int, str]] = set()
        for text in article.texts():
            for notation in error_prone(text.markdown, language):
                key = (text.line, str(notation))
                if key not in seen:
                    seen.add(key)
                    message = one_line(f"error-prone notation {notation}")
                    findings.append(Finding(shown, text.line, WARNING, "notation", message))
    return findings
