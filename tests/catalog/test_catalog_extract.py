"""``handout extract``: one template per article, stable bytes, valid for gettext and pybabel."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
from support.articles import RICH
from support.gettext_tools import assert_msgfmt_ok
from support.project import BUNDLED_SLUG


def pot_of(root: Path, slug: str = BUNDLED_SLUG) -> Path:
    return root / "locales" / f"{slug}.pot"


def test_template_has_one_entry_per_block_with_references_and_kinds(project, run_cli):
    pot_of(project).unlink()
    result = run_cli(project, "extract")
    assert result.code == 0, result.err
    pot = polib.pofile(str(pot_of(project)))
    assert len(pot) == 16
    title = pot[0]
    assert title.occurrences == [
        (f"source/{BUNDLED_SLUG}.md", "2"),
        (f"source/{BUNDLED_SLUG}.md", "15"),
    ], "the title in front matter and the # heading share one entry"
    assert title.comment == "title\nheading, level 1"
    heading = pot.find("The Injections Target Damaged Tissues")
    assert heading is not None and heading.comment == "heading, level 2"
    assert heading.occurrences == [(f"source/{BUNDLED_SLUG}.md", "25")]
    assert all(e.msgstr == "" for e in pot)
    assert_msgfmt_ok(pot_of(project))


def test_extract_twice_changes_no_byte_even_at_another_time(project, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pot_of(project).unlink()
    run_cli(project, "extract")
    first = pot_of(project).read_bytes()
    stamp = pot_of(project).stat().st_mtime_ns
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    result = run_cli(project, "extract")
    assert result.code == 0
    assert "0 templates written, 1 unchanged" in result.out
    assert pot_of(project).read_bytes() == first
    assert pot_of(project).stat().st_mtime_ns == stamp


def test_a_real_change_gets_a_new_creation_date(project, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    run_cli(project, "extract")
    source = project / "source" / f"{BUNDLED_SLUG}.md"
    source.write_text(
        source.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8"
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    run_cli(project, "extract")
    pot = polib.pofile(str(pot_of(project)))
    assert pot.metadata["POT-Creation-Date"] == "2027-01-15 08:00+0000"
    assert pot.find("A new closing line.") is not None


def test_rich_article_template(tmp_path, run_cli):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "wound-care.md").write_text(RICH, encoding="utf-8")
    result = run_cli(tmp_path, "extract")
    assert result.code == 0, result.err
    pot = polib.pofile(str(pot_of(tmp_path, "wound-care")))
    ids = [e.msgid for e in pot]
    assert "code stays as it is\n" not in ids and not any("raw html" in i for i in ids)
    item = pot.find("Wash your hands with soap.")
    assert item is not None
    assert item.comment == 'list item\n"gauze" is the woven cotton pad, not a bandage'
    assert pot.find("Sign").comment == "table header cell"
    assert pot.find("A clean dressing on an arm").comment == "image alt text"
    assert "" not in ids, "an empty table cell is not a message"
    assert_msgfmt_ok(pot_of(tmp_path, "wound-care"))
    raw = pot_of(tmp_path, "wound-care").read_text(encoding="utf-8")
    assert '#. "gauze" is the woven cotton pad, not a bandage' in raw


def test_pybabel_extract_reads_the_same_messages(project, run_cli, tmp_path):
    """The ``babel.extractors`` entry point: pybabel gets the same msgids, lines and comments."""
    shutil.copy(Path(__file__).resolve().parents[2] / "babel.cfg", project / "babel.cfg")
    run_cli(project, "extract")
    out = tmp_path / "pybabel.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "extract", "-F", "babel.cfg", "-o", str(out), "."],
        cwd=project,
        check=True,
        capture_output=True,
    )
    ours = polib.pofile(str(pot_of(project)))
    theirs = polib.pofile(str(out))
    assert [(e.msgid, e.occurrences, e.comment) for e in theirs] == [
        (e.msgid, e.occurrences, e.comment) for e in ours
    ]
