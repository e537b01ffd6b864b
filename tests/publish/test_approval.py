"""Clinical sign-off: ``handout approve``, the approvals file, and provenance on every output."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import polib
import pytest
from support.book_tools import Book, epubcheck, epubcheck_problems, pdftotext
from support.html_tools import parse_page
from support.project import BUNDLED_SLUG, CliResult

from pipeline.catalog.pofile import read_catalog, write_catalog

Run = Callable[..., CliResult]
REVIEWER = "Dr. Ana Ruiz, MD, certified medical interpreter"
APPROVALS = "locales/approvals.toml"
DC = "http://purl.org/dc/elements/1.1/"
LAST = "If you have more questions, contact a doctor that offers PRP injections."


def _catalog(project: Path, gettext: str = "es") -> Path:
    return project / "locales" / gettext / "LC_MESSAGES" / f"{BUNDLED_SLUG}.po"


def _reword(project: Path, gettext: str = "es") -> None:
    """A translator edits one approved message."""
    path = _catalog(project, gettext)
    catalog = read_catalog(path)
    entry = catalog.find(LAST)
    entry.msgstr = entry.msgstr.rstrip(".") + ", por favor."
    write_catalog(path, catalog)


def _settings(project: Path, *lines: str) -> None:
    path = project / "handout.toml"
    path.write_text("\n".join(lines) + "\n" + path.read_text("utf-8"), "utf-8")


def _page(project: Path, tag: str = "es", suffix: str = ".html") -> Path:
    return project / "build" / tag / f"{BUNDLED_SLUG}{suffix}"


def test_approve_then_every_output_says_who_translated_and_reviewed(
    project: Path, run_cli: Run, tmp_path: Path
) -> None:
    result = run_cli(project, "approve", "es", "--reviewer", REVIEWER, "--date", "2026-11-27")
    assert result.code == 0, result.err
    assert f"approved: {BUNDLED_SLUG} in es by Dr. Ana Ruiz" in result.out
    text = (project / APPROVALS).read_text("utf-8")
    assert 'reviewer = "Dr. Ana Ruiz"' in text
    assert 'credential = "MD, certified medical interpreter"' in text
    assert "date = 2026-11-27" in text
    messages = re.findall(r'^  "([0-9a-f]{16}:[0-9a-f]{16})",$', text, re.M)
    assert len(messages) == 16, "one line per message, so a diff shows which one changed"

    build = run_cli(project, "build", "--lang", "es", "--lang", "en")
    assert build.code == 0, build.err
    translated = "Traducido por Patient Education Team."
    reviewed = (
        "Traducción revisada por Dr. Ana Ruiz (MD, certified medical interpreter) "
        "el 27 de noviembre de 2026."
    )
    source = "Traducción de la versión en inglés del 26 de noviembre de 2026."
    page = parse_page(_page(project).read_text("utf-8"))
    footer = next(e for e in page.elements if e.attrs.get("class") == "provenance")
    assert footer.tag == "footer" and "lang" not in footer.attrs  # Spanish words on a Spanish page
    lines = [
        e.text for e in page.elements if e.tag == "p" and e.text in (translated, reviewed, source)
    ]
    assert lines == [translated, reviewed, source]
    plain = _page(project, suffix=".txt").read_text("utf-8")
    header = " ".join(plain.split("\n\n")[2].split())  # title, reviewed on, then provenance
    assert header == f"{translated} {reviewed} {source}"
    markdown = _page(project, suffix=".md").read_text("utf-8")
    assert "\nreviewer: Dr. Ana Ruiz\n" in markdown
    assert "\nreviewer_credential: MD, certified medical interpreter\n" in markdown
    assert "\napproved: 2026-11-27\n" in markdown and "\nsource_reviewed: 2026-11-26\n" in markdown
    assert f"> {reviewed}" in markdown
    book = Book(_page(project, suffix=".epub"))
    contributors = {e.get("id"): e.text for e in book.package.iter(f"{{{DC}}}contributor")}
    assert contributors == {"trl": "Patient Education Team", "rev": "Dr. Ana Ruiz"}
    roles = {m.get("refines"): m.text for m in book.meta("role")}
    assert roles == {"#trl": "trl", "#rev": "rev"}
    assert book.meta_values("dcterms:provenance") == [f"{translated} {reviewed} {source}"]
    checked = epubcheck(_page(project, suffix=".epub"), tmp_path / "epubcheck.json")
    assert epubcheck_problems(checked) == []
    pdf = " ".join(pdftotext(_page(project, suffix=".large-print.pdf")).split())
    assert reviewed in pdf and source in pdf and translated in pdf

    english = _page(project, "en").read_text("utf-8")
    assert 'class="provenance"' not in english, "the source is not a translation"


def test_an_unapproved_or_void_translation_carries_no_reviewer(project: Path, run_cli: Run) -> None:
    assert run_cli(project, "approve", "es", "--reviewer", REVIEWER).code == 0
    _reword(project)
    listed = run_cli(project, "approvals")
    today = date.today().isoformat()
    assert f"approval void: 1 message(s) changed since {today}" in listed.out
    status = json.loads(run_cli(project, "status", "--json").out)
    es = next(row for row in status if row["language"] == "es")
    assert es["approval"]["state"] == "void" and es["approval"]["changed"] == 1
    assert es["published"] == "yes", "approval is not required by default"
    table = run_cli(project, "status").out
    assert "void (1 changed since" in next(line for line in table.splitlines() if "  es  " in line)

    assert run_cli(project, "build", "--lang", "es").code == 0
    assert "por favor" in _page(project, suffix=".txt").read_text("utf-8")
    assert "revisada por" not in _page(project).read_text("utf-8")


def test_require_approval_holds_back_a_changed_translation(project: Path, run_cli: Run) -> None:
    _settings(project, "require_approval = true")
    first = run_cli(project, "build", "--lang", "es")
    assert first.code == 0
    assert not _page(project).exists(), "nobody approved it"
    assert "not approved" in first.err
    assert run_cli(project, "approve", "es", "--reviewer", REVIEWER).code == 0
    assert run_cli(project, "build", "--lang", "es").code == 0
    approved = _page(project, suffix=".txt").read_bytes()
    assert b"Dr. Ana Ruiz" in approved

    _reword(project)
    held = run_cli(project, "build", "--lang", "es")
    assert held.code == 0, "held back is a normal outcome"
    assert "approval void: 1 message(s) changed" in held.err
    assert f"1 held back, previous version online: {BUNDLED_SLUG} in es" in held.out
    text = _page(project, suffix=".txt").read_text("utf-8")
    assert "por favor" not in text, "the approved version stays online"
    assert text.startswith("[Traducción en actualización]\nEsta traducción se está actualizando.")
    assert "Dr. Ana Ruiz" in text, "with the approval it had"
    assert run_cli(project, "build", "--lang", "es", "--strict").code == 1

    assert run_cli(project, "approve", "es", "--reviewer", "Bo Chen, RN").code == 0
    assert run_cli(project, "build", "--lang", "es").code == 0
    text = _page(project, suffix=".txt").read_text("utf-8")
    assert "por favor" in text and "Bo Chen (RN)" in text and "actualizando" not in text


def test_two_person_rule_refuses_the_translators_own_approval(project: Path, run_cli: Run) -> None:
    path = _catalog(project)
    catalog = polib.pofile(str(path))
    catalog.metadata["Last-Translator"] = "Ana Ruiz <ana@clinic.example>"
    catalog.save(str(path))
    assert run_cli(project, "approve", "es", "--reviewer", "ana  RUIZ, MD").code == 0  # rule off

    _settings(project, "two_person = true", "require_approval = true")
    status = json.loads(run_cli(project, "status", "--json").out)
    es = next(row for row in status if row["language"] == "es")
    assert es["approval"]["state"] == "refused" and es["published"] == "no"
    build = run_cli(project, "build", "--lang", "es")
    assert build.code == 0 and not _page(project).exists()
    assert "approval by ana  RUIZ refused: two_person" in build.err

    again = run_cli(project, "approve", "es", "--reviewer", "Ana Ruiz, MD")
    assert again.code == 1
    assert "two_person is set and Ana Ruiz is the catalog's Last-Translator" in again.err
    assert run_cli(project, "approve", "es", "--reviewer", "Bo Chen, RN").code == 0
    assert run_cli(project, "build", "--lang", "es").code == 0
    assert "Bo Chen" in _page(project, suffix=".txt").read_text("utf-8")


def test_an_incomplete_translation_cannot_be_approved_and_revoke_removes_one(
    project: Path, run_cli: Run
) -> None:
    path = _catalog(project, "ko")
    catalog = read_catalog(path)
    catalog.find(LAST).flags.append("fuzzy")
    write_catalog(path, catalog)
    refused = run_cli(project, "approve", "ko", "--reviewer", REVIEWER)
    assert refused.code == 1
    assert f"cannot approve {BUNDLED_SLUG} in ko: 0 untranslated, 1 fuzzy" in refused.err
    assert not (project / APPROVALS).exists()
    bad = run_cli(project, "approve", "es", "--reviewer", "Ana Ruiz")
    assert bad.code == 2 and '"Name, credential"' in bad.err

    assert run_cli(project, "approve", "es", "--reviewer", REVIEWER).code == 0
    assert run_cli(project, "approve", "ru", "--reviewer", REVIEWER).code == 0
    revoked = run_cli(project, "approve", "es", "--reviewer", REVIEWER, "--revoke")
    assert f"revoked: {BUNDLED_SLUG} in es" in revoked.out
    listed = json.loads(run_cli(project, "approvals", "--json").out)
    assert [(a["language"], a["state"]) for a in listed] == [("ru", "approved")]


def _valid_file(project: Path, run_cli: Run) -> str:
    assert run_cli(project, "approve", "es", "--reviewer", REVIEWER).code == 0
    return (project / APPROVALS).read_text("utf-8")


def _line_of(text: str, needle: str, last: bool = False) -> int:
    found = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return found[-1] if last else found[0]


FORGERIES: dict[str, Callable[[str], tuple[str, str, str]]] = {
    # name: original text → (forged text, text of the line the error names, message part)
    "edited message line": lambda t: (
        re.sub(r'"[0-9a-f]{16}:([0-9a-f]{16})"', r'"0000000000000000:\1"', t, count=1),
        "[[approval]]",
        "digest is not the one of this approval's source and messages",
    ),
    "unknown key": lambda t: (
        t.replace('reviewer = "', 'approved_by = "x"\nreviewer = "'),
        "[[approval]]",
        "unknown key 'approved_by'",
    ),
    "future date": lambda t: (
        re.sub(r"date = \d{4}-\d\d-\d\d", "date = 2999-01-01", t),
        "[[approval]]",
        "dated in the future",
    ),
    "broken toml": lambda t: (
        t.replace('reviewer = "', "reviewer = "),
        "reviewer = ",
        "invalid TOML",
    ),
    "second approval": lambda t: (
        t + t[t.index("[[approval]]") :],
        "[[approval]]",
        "a second approval of",
    ),
    "path in the article": lambda t: (
        t.replace(f'article = "{BUNDLED_SLUG}"', 'article = "../../etc/passwd"'),
        "[[approval]]",
        "not a safe file name",
    ),
    "control character": lambda t: (
        t.replace('reviewer = "Dr. Ana Ruiz"', 'reviewer = "Dr. Ana\\u001b[2J Ruiz"'),
        "[[approval]]",
        "control character",
    ),
    "raw control character": lambda t: (
        t.replace("Dr. Ana Ruiz", "Dr. Ana\x1b Ruiz"),
        "Dr. Ana",
        "control character",
    ),
}


@pytest.mark.parametrize("name", sorted(FORGERIES))
def test_a_forged_or_malformed_approvals_file_is_one_located_error(
    project: Path, run_cli: Run, name: str
) -> None:
    forged, where, message = FORGERIES[name](_valid_file(project, run_cli))
    (project / APPROVALS).write_text(forged, "utf-8")
    line = _line_of(forged, where, last=name == "second approval")
    for command in (("build",), ("status",), ("approvals",)):
        result = run_cli(project, *command)
        assert result.code == 2, (command, result.err)
        errors = result.err.splitlines()
        assert len(errors) == 1, errors
        assert errors[0].startswith(f"{APPROVALS}:{line}: error: "), errors[0]
        assert message in errors[0]
        assert "\x1b" not in result.err
    assert not (project / "build").exists(), "nothing half-written"


def test_status_article_lists_each_blocking_message_and_why(project: Path, run_cli: Run) -> None:
    _settings(project, "require_approval = true")
    path = _catalog(project, "ko")
    catalog = read_catalog(path)
    catalog.find(LAST).flags.append("fuzzy")
    write_catalog(path, catalog)
    line = read_catalog(path).find(LAST).linenum
    assert run_cli(project, "approve", "ru", "--reviewer", REVIEWER).code == 0
    result = run_cli(project, "status", "--article", BUNDLED_SLUG)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    ko = f"locales/ko/LC_MESSAGES/{BUNDLED_SLUG}.po"
    assert (
        f"{ko}:{line}: fuzzy: "
        "'If you have more questions, contact a doctor that offers PRP inject...'"
        in lines
    )
    assert f"{ko}: not approved" in lines
    assert f"locales/ru/LC_MESSAGES/{BUNDLED_SLUG}.po: {BUNDLED_SLUG} in ru: published" in lines
