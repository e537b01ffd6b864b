"""Hostile contents (issue 13): a lost save, giant or deeply nested text, a misspelt setting.

Each test replays one attack from the issue against the real command; the
ones that took minutes on the old code run as a process with a timeout.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from support.hostile_tools import run_limited
from support.project import CliResult
from support.reliability_tools import error_lines, small_project

from pipeline.catalog import lifecycle, pofile

Runner = Callable[..., CliResult]
ES_PO = "locales/es/LC_MESSAGES/ice-packs.po"
CALL = "Call the clinic if the skin turns white."
DEEP = "*a " * 1000 + "x" + " b*" * 1000


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return small_project(tmp_path / "project")


def set_msgstr(root: Path, msgid: str, msgstr: str) -> None:
    path = root / ES_PO
    catalog = polib.pofile(str(path), wrapwidth=79)
    catalog.find(msgid).msgstr = msgstr
    catalog.save(str(path))


def line_of(root: Path, relative: str, text: str) -> int:
    lines = (root / relative).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


# --- defect 8: a translator's save during update -----------------------------------------------


def test_update_keeps_a_save_made_while_it_merged(
    small: Path, run_cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The translator's editor saves while update merges: the save is kept, update says so."""
    source = small / "source" / "ice-packs.md"
    source.write_text(source.read_text("utf-8").replace("ten minutes", "fifteen minutes"), "utf-8")
    real_merge = lifecycle.merge
    saved: list[str] = []

    def merge_while_a_translator_saves(template: polib.POFile, old: polib.POFile) -> object:
        result = real_merge(template, old)
        set_msgstr(small, CALL, "Llame a la clínica enseguida si la piel se pone blanca.")
        saved.append((small / ES_PO).read_text("utf-8"))
        return result

    monkeypatch.setattr(lifecycle, "merge", merge_while_a_translator_saves)
    result = run_cli(small, "update")
    assert result.code == 2
    (line,) = error_lines(result.err)
    assert line.startswith(f"{ES_PO}: error: the catalog was saved by someone else")
    assert (small / ES_PO).read_text("utf-8") == saved[0]  # not a byte of the save lost

    monkeypatch.setattr(lifecycle, "merge", real_merge)
    again = run_cli(small, "update")
    assert again.code == 0, again.err
    merged = polib.pofile(str(small / ES_PO))
    assert merged.find(CALL).msgstr.startswith("Llame a la clínica enseguida")
    assert any(entry.fuzzy for entry in merged)  # and the changed source text was merged in


def test_update_keeps_a_save_made_while_it_wrote_the_merged_catalog(
    small: Path, run_cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The save lands after the merge, while the merged catalog is rendered and written
    (seconds for a large catalog): it is still kept."""
    source = small / "source" / "ice-packs.md"
    source.write_text(source.read_text("utf-8").replace("ten minutes", "fifteen minutes"), "utf-8")
    real_write = pofile.write_text_atomic
    saved: list[str] = []

    def write_while_a_translator_saves(path: Path, text: str, *args: object) -> bool:
        if path.name == "ice-packs.po" and not saved:
            set_msgstr(small, CALL, "Llame a la clínica enseguida si la piel se pone blanca.")
            saved.append((small / ES_PO).read_text("utf-8"))
        return real_write(path, text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pofile, "write_text_atomic", write_while_a_translator_saves)
    result = run_cli(small, "update")
    assert result.code == 2
    assert f"{ES_PO}: error: the catalog was saved by someone else" in result.err
    assert (small / ES_PO).read_text("utf-8") == saved[0]
    assert not list((small / "locales").rglob(".*.tmp"))  # the unused new file is gone


def test_no_save_is_lost_while_a_large_catalog_is_updated(small: Path) -> None:
    """The issue's replay: an editor saves every 50 ms while update merges a big catalog.

    Before each save the "editor" checks that its previous save is still on disk (or merged
    into what is): a save overwritten by update's older merge is a lost save.
    """
    path = small / ES_PO
    catalog = polib.pofile(str(path), wrapwidth=79)
    catalog.find(CALL).msgstr = "MARK-0"
    for number in range(30_000):
        catalog.append(polib.POEntry(msgid=f"Old message {number}", msgstr=f"Viejo {number}"))
    catalog.save(str(path))
    source = small / "source" / "ice-packs.md"
    source.write_text(source.read_text("utf-8").replace("ten minutes", "fifteen minutes"), "utf-8")
    lost: list[str] = []
    stop = threading.Event()

    def editor() -> None:
        saved = 0
        while not stop.is_set():
            text = path.read_text("utf-8")
            found = int(re.search(r'msgstr "MARK-(\d+)"', text).group(1))  # type: ignore[union-attr]
            if found < saved:
                lost.append(f"save {saved} was overwritten with save {found}")
            saved += 1
            path.write_text(re.sub(r'msgstr "MARK-\d+"', f'msgstr "MARK-{saved}"', text), "utf-8")
            time.sleep(0.05)

    thread = threading.Thread(target=editor)
    thread.start()
    try:
        result = run_limited(small, "update", timeout=120)
    finally:
        time.sleep(0.2)  # one more look after update ended
        stop.set()
        thread.join()
    assert lost == []
    assert "Traceback" not in result.stderr
    if result.returncode != 0:  # refused the replace (or read a save half-written in place)
        assert error_lines(result.stderr)[0].startswith(f"{ES_PO}:"), result.stderr


# --- defect 9: size limits ------------------------------------------------------------------------


def test_a_one_megabyte_msgstr_is_one_located_error_not_minutes(small: Path) -> None:
    set_msgstr(small, CALL, "a" * 1_000_000)
    line = line_of(small, ES_PO, f'msgid "{CALL}"')
    for command in ("check", "build"):
        result = run_limited(small, command, timeout=60)
        assert result.returncode == 2, result.stderr
        assert (
            f"{ES_PO}:{line}: error: a message of 1,000,000 characters, over the limit of 20,000"
            in result.stderr
        )


def test_a_giant_paragraph_in_an_article_is_one_located_error(small: Path) -> None:
    source = small / "source" / "ice-packs.md"
    source.write_text(source.read_text("utf-8") + "\n" + "a" * 300_000 + "\n", "utf-8")
    line = len(source.read_text("utf-8").splitlines())
    result = run_limited(small, "build", timeout=60)
    assert result.returncode == 2
    assert f"source/ice-packs.md:{line}: error: a paragraph of 300,000 characters" in result.stderr


def test_limits_are_set_in_handout_toml(small: Path, run_cli: Runner) -> None:
    toml = small / "handout.toml"
    toml.write_text(
        toml.read_text("utf-8") + "\n[limits]\narticle_bytes = 100\ncatalog_bytes = 200\n", "utf-8"
    )
    extract = run_cli(small, "extract")
    assert extract.code == 2
    assert "source/ice-packs.md: error: the file is" in extract.err
    assert "over the limit of 100 (raise [limits] article_bytes" in extract.err
    check = run_cli(small, "check")
    assert check.code == 2
    assert f"{ES_PO}: error: the file is" in check.err
    assert "over the limit of 200 (raise [limits] catalog_bytes" in check.err


def test_a_limit_must_be_a_positive_number(small: Path, run_cli: Runner) -> None:
    toml = small / "handout.toml"
    toml.write_text(toml.read_text("utf-8") + '\n[limits]\nmessage_chars = "big"\n', "utf-8")
    result = run_cli(small, "check")
    assert result.code == 2
    (line,) = error_lines(result.err)
    assert "limits.message_chars must be a positive whole number" in line


# --- defect 10: deep emphasis ------------------------------------------------------------------


def test_deep_emphasis_in_an_article_is_a_located_error(small: Path, run_cli: Runner) -> None:
    source = small / "source" / "ice-packs.md"
    source.write_text(source.read_text("utf-8") + "\n" + DEEP + "\n", "utf-8")
    line = len(source.read_text("utf-8").splitlines())
    for command in ("extract", "build"):
        result = run_cli(small, command)
        assert result.code == 2, result.err
        assert f"source/ice-packs.md:{line}: error: emphasis, links or other markup nested" in (
            result.err
        )
        assert "internal error" not in result.err and "RecursionError" not in result.err


def test_deep_emphasis_in_a_translation_is_a_located_error(small: Path, run_cli: Runner) -> None:
    set_msgstr(small, CALL, DEEP)
    line = line_of(small, ES_PO, f'msgid "{CALL}"')
    for command in ("check", "build", "status"):
        result = run_cli(small, command)
        assert result.code == 2, result.err
        assert f"{ES_PO}:{line}: error: emphasis, links or other markup nested" in result.err
        assert "internal error" not in result.err and "RecursionError" not in result.err


def test_ordinary_nesting_is_still_fine(small: Path, run_cli: Runner) -> None:
    set_msgstr(
        small, CALL, "Llame a la *clínica **si** la [piel](https://a.example) se pone* blanca."
    )
    result = run_cli(small, "check")
    assert "nested" not in result.err


# --- defect 11: unknown keys in every table ------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "command", "expected"),
    [
        (
            '[glossary]\nterm = ["PRP"]',
            "check",
            "unknown setting glossary.term (known in [glossary]: terms)",
        ),
        ("[limits]\nmessage_char = 5", "check", "unknown setting limits.message_char (known in"),
        ('[folders]\nsorce = "src"', "build", "unknown setting folders.sorce (known in [folders]:"),
        (
            'languges = ["es"]',
            "status",
            "unknown setting languges (known: base_url, checks, clinic, folders, glossary",
        ),
        (
            "[speech]\nrat = 120",
            "voices",
            "unknown setting speech.rat (known in [speech]: engine, pitch, rate, voices)",
        ),
        (
            '[voices.es]\nvoise = "roa/es"',
            "voices",
            "unknown setting voices.es.voise (known in [voices.es]: pitch, rate, voice)",
        ),
    ],
)
def test_a_misspelt_setting_is_refused_with_its_line(
    small: Path, run_cli: Runner, table: str, command: str, expected: str
) -> None:
    toml = small / "handout.toml"
    text = toml.read_text("utf-8")
    if not table.startswith("["):
        text = table + "\n" + text  # a top-level key goes before any table
        line = 1
    else:
        text += "\n# the translators' terms\n" + table + "\n"
        line = len(text.splitlines())
    toml.write_text(text, "utf-8")
    result = run_cli(small, command)
    assert result.code == 2
    (error,) = error_lines(result.err)
    assert error.startswith(f"handout.toml:{line}: error: {expected}")
