"""``handout check`` end to end, and the check columns of ``handout status``."""

from __future__ import annotations

import json
import re
from pathlib import Path

from support.project import BUNDLED_SLUG, REPO

from pipeline.check.registry import CHECKS

SEEDED = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: es\\n"

#. paragraph
msgid "Change the dressing every 12 hours."
msgstr "Cambie el apósito cada 2 horas."

#. paragraph
msgid "See [the wound guide](https://clinic.example/wounds)."
msgstr "Vea [la guía](https://clinic.example/heridas)."

#. paragraph
msgid "Call **at once** if the wound smells bad."
msgstr "Llame de inmediato si la herida huele mal."

#. paragraph
msgid "PRP can help a wound heal."
msgstr "El plasma rico en plaquetas puede ayudar a que una herida sane."

#. paragraph
msgid "Keep the wound clean."
msgstr "Mantenga la herida <b>limpia</b>."

#. heading, level 2
msgid "Bathing"
msgstr " "

#. paragraph
msgid "Does it hurt?"
msgstr "Duele."

#. paragraph
#, handout-ignore-numbers
msgid "Take 1 tablet."
msgstr "Tome una tableta."

#. paragraph
#, fuzzy
msgid "Take 2 tablets."
msgstr "Tome 3 tabletas."

#. paragraph
msgid "Rest for a day."
msgstr ""

#~ msgid "Old text with 5 mg."
#~ msgstr "Texto viejo con 50 mg."
"""
SHOWN = "locales/es/LC_MESSAGES/wound-care.po"


def _seed(project: Path) -> None:
    (project / "locales" / "es" / "LC_MESSAGES" / "wound-care.po").write_text(
        SEEDED, encoding="utf-8"
    )


def test_check_prints_every_finding_with_file_and_line_then_a_summary(project, run_cli):
    _seed(project)
    result = run_cli(project, "check", "--lang", "es")
    assert result.code == 1
    assert result.err == ""
    html = "is not in the source (translations may not add HTML)"
    assert result.out.splitlines() == [
        f'{SHOWN}:6: error: numbers: "12 hours" became "2 horas"',
        f'{SHOWN}:10: error: urls: link target "https://clinic.example/wounds" became '
        '"https://clinic.example/heridas"',
        f"{SHOWN}:14: error: markup: strong emphasis (**…**): 1 in the source, "
        "0 in the translation",
        f'{SHOWN}:18: error: glossary: "PRP" must stay as it is, but it is not in the translation',
        f'{SHOWN}:22: error: html: raw HTML "<b>" {html}',
        f'{SHOWN}:22: error: html: raw HTML "</b>" {html}',
        f"{SHOWN}:26: error: empty: the translation is blank but the message is marked translated",
        f"{SHOWN}:30: warning: punctuation: the source ends with a question mark, "
        "the translation with a full stop",
        f"{SHOWN}:34: warning: numbers: ignored by the translator, needs a reviewer: "
        '"1 tablet" is missing from the translation',
        "2 catalogs, 24 messages checked: 7 errors, 2 warnings "
        "(1 untranslated, 1 fuzzy, 1 obsolete); 1 ignored by the translator, needing a reviewer",
    ]
    lines = SEEDED.splitlines()
    assert lines[5] == "#. paragraph" and lines[6] == 'msgid "Change the dressing every 12 hours."'


def test_check_json_has_the_same_findings(project, run_cli):
    _seed(project)
    text = run_cli(project, "check", "--lang", "es").out.splitlines()[:-1]
    result = run_cli(project, "check", "--lang", "es", "--json")
    assert result.code == 1
    data = json.loads(result.out)
    assert [
        f"{f['path']}:{f['line']}: {f['severity']}: {f['check']}: {f['message']}"
        for f in data["findings"]
    ] == text
    seeded = next(c for c in data["catalogs"] if c["article"] == "wound-care")
    assert (seeded["errors"], seeded["warnings"], seeded["fuzzy"], seeded["obsolete"]) == (
        7,
        2,
        1,
        1,
    )
    assert seeded["needs_review"] == 1


def test_article_filter_and_the_bundled_catalogs_pass(project, run_cli):
    _seed(project)
    result = run_cli(project, "check", "--article", BUNDLED_SLUG)
    assert result.code == 0, result.out
    assert result.out.splitlines() == [
        "7 catalogs, 112 messages checked: 0 errors, 0 warnings "
        "(0 untranslated, 0 fuzzy, 0 obsolete)"
    ]


def test_the_repository_catalogs_have_no_errors(run_cli):
    result = run_cli(REPO, "check")
    assert result.code == 0, result.out
    assert " 0 errors" in result.out


def test_unreadable_catalog_is_bad_input_and_others_are_still_checked(project, run_cli):
    _seed(project)
    (project / "locales" / "ru" / "LC_MESSAGES" / "wound-care.po").write_text(
        'msgid "a"\nmsgid "b"\n', encoding="utf-8"
    )
    result = run_cli(project, "check")
    assert result.code == 2
    assert result.err.startswith("locales/ru/LC_MESSAGES/wound-care.po:2: error:")
    assert f"{SHOWN}:6: error: numbers" in result.out


def test_status_shows_errors_warnings_and_reading_level(project, run_cli):
    _seed(project)
    result = run_cli(project, "status")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split()[:4] == ["article", "language", "errors", "warnings"]
    es = next(line for line in lines if line.startswith(BUNDLED_SLUG) and "  es  " in line)
    assert es.split()[2:4] == ["0", "0"]
    assert lines[-2] == "reading level (target: grade 8 or lower)"
    assert re.fullmatch(
        rf"{BUNDLED_SLUG}: Flesch-Kincaid grade \d+\.\d "
        r"\((plain language|above the target, simplify)\)",
        lines[-1],
    )
    rows = json.loads(run_cli(project, "status", "--json").out)
    es_row = next(r for r in rows if r["language"] == "es")
    assert (es_row["errors"], es_row["warnings"]) == (0, 0)
    level = es_row["reading_level"]
    assert level["measure"] == "Flesch-Kincaid grade" and level["target"] == 8.0
    assert level["plain"] == (level["grade"] <= 8.0)


def test_reading_level_tells_plain_from_hard_text(project, run_cli):
    article = project / "source" / f"{BUNDLED_SLUG}.md"
    head, _, _ = article.read_text(encoding="utf-8").partition("\n# ")
    article.write_text(
        head + "\n# Rest\n\nRest for a day. Drink water. Call us if it hurts.\n", encoding="utf-8"
    )
    plain = json.loads(run_cli(project, "status", "--json").out)[0]["reading_level"]
    article.write_text(
        head + "\n# Rest\n\nPostprocedural immobilization notwithstanding, individualized "
        "rehabilitation considerations necessitate comprehensive multidisciplinary "
        "interdisciplinary evaluation.\n",
        encoding="utf-8",
    )
    hard = json.loads(run_cli(project, "status", "--json").out)[0]["reading_level"]
    assert plain["plain"] is True and hard["plain"] is False
    assert plain["grade"] < 8.0 < hard["grade"]


def test_readme_documents_every_check_and_the_ignore_flag():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Translation checks", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    documented = {row.split("`")[1]: row for row in rows}
    assert set(documented) == {check.name for check in CHECKS}
    for check in CHECKS:
        assert check.severity in documented[check.name]
    assert "#, handout-ignore-numbers" in section
    assert "locales/glossary.csv" in section and "locales/glossary.tbx" in section


def test_a_language_without_catalogs_is_bad_input(project, run_cli):
    result = run_cli(project, "check", "--lang", "fr")
    assert result.code == 2
    assert result.err.strip() == "locales/fr/LC_MESSAGES: error: no catalogs for fr"
