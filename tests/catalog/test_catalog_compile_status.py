"""``handout compile`` and ``handout status``: what a build and a translation manager rely on."""

from __future__ import annotations

import gettext
import json
import subprocess

import polib
from support.project import BUNDLED_SLUG

TITLE = "PRP Injections Might Be The Solution For Your Lower Back Pain"
LAST = "If you have more questions, contact a doctor that offers PRP injections."


def es_po(root):
    return root / "locales" / "es" / "LC_MESSAGES" / f"{BUNDLED_SLUG}.po"


def test_compile_writes_mo_into_the_cache_not_beside_sources(project, run_cli):
    catalog = polib.pofile(str(es_po(project)))
    catalog.find(LAST).flags.append("fuzzy")
    catalog.save(str(es_po(project)))
    result = run_cli(project, "compile")
    assert result.code == 0, result.err
    assert not list((project / "locales").rglob("*.mo"))
    mo_root = project / ".handout-cache" / "mo"
    assert len(list(mo_root.rglob("*.mo"))) == 7
    translation = gettext.translation(BUNDLED_SLUG, localedir=str(mo_root), languages=["es"])
    assert translation.gettext(TITLE) == catalog.find(TITLE).msgstr
    assert translation.gettext(LAST) == LAST, "a fuzzy translation is not compiled"
    zh = gettext.translation(BUNDLED_SLUG, localedir=str(mo_root), languages=["zh_Hans"])
    assert "PRP" in zh.gettext(TITLE) and zh.gettext(TITLE) != TITLE
    unfmt = subprocess.run(
        ["msgunfmt", str(mo_root / "ar" / "LC_MESSAGES" / f"{BUNDLED_SLUG}.mo")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Language: ar" in unfmt.stdout


def test_compile_twice_rewrites_nothing(project, run_cli):
    run_cli(project, "compile")
    files = sorted((project / ".handout-cache").rglob("*.mo"))
    stamps = [(p.read_bytes(), p.stat().st_mtime_ns) for p in files]
    result = run_cli(project, "compile")
    assert "0 changed" in result.out
    assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in files] == stamps


def test_status_counts_translated_fuzzy_and_untranslated(project, run_cli):
    catalog = polib.pofile(str(es_po(project)))
    catalog.find(LAST).flags.append("fuzzy")
    catalog.find(TITLE).msgstr = ""
    catalog.save(str(es_po(project)))
    (project / "locales" / "ko" / "LC_MESSAGES" / f"{BUNDLED_SLUG}.po").unlink()

    result = run_cli(project, "status", "--json")
    assert result.code == 0, result.err
    rows = {row["language"]: row for row in json.loads(result.out)}
    assert set(rows) == {"es", "zh-Hans", "vi", "ar", "ko", "ru", "tl"}
    es = rows["es"]
    assert (es["messages"], es["translated"], es["fuzzy"], es["untranslated"]) == (16, 14, 1, 1)
    assert es["percent"] == 87.5 and es["complete"] is False
    assert rows["ko"]["exists"] is False and rows["ko"]["untranslated"] == 16
    assert rows["ru"]["complete"] is True

    table = run_cli(project, "status").out.split("\n")
    es_line = next(line for line in table if "  es  " in line)
    assert es_line.split()[-5:] == ["16", "14", "1", "1", "88%"]
    assert any("(no catalog)" in line for line in table if "  ko  " in line)
