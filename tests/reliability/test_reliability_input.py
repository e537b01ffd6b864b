"""Untrusted values: checked where they enter, refused in one line naming file and line.

Each test here is a hole found while building issue 7, kept closed: a value
from a source file, a catalog or handout.toml that used to reach a file name,
a page or the terminal unchecked, or an input that made a reader crash or
take quadratic time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from support.project import BUNDLED_SLUG, CliResult
from support.reliability_tools import error_lines, files

from pipeline.article.parse import anchor_for, check_slug, parse_article
from pipeline.catalog.pofile import read_catalog
from pipeline.errors import HandoutError
from pipeline.languages import parse_language
from pipeline.report import Diagnostic
from pipeline.safety import check_inside, check_name, check_relative, check_text, one_line

Runner = Callable[..., CliResult]
ES_PO = f"locales/es/LC_MESSAGES/{BUNDLED_SLUG}.po"


# --- names that become paths ---------------------------------------------------------------


@pytest.mark.parametrize("slug", ["evil\n", "a\nb", "ok.", "..", "a/b", "a\\b", "a\x00b", ""])
def test_slugs_are_whole_safe_names(slug: str) -> None:
    with pytest.raises(HandoutError, match="not a safe file name"):
        check_slug(slug, "source/x.md")


def test_a_source_file_named_with_a_newline_is_refused_on_one_line(
    project: Path, run_cli: Runner
) -> None:
    """The slug pattern used to accept a trailing newline ($ matches before one)."""
    (project / "source" / "evil\n.md").write_text("# Evil\n\nText.\n", encoding="utf-8")
    before = files(project)
    result = run_cli(project, "extract")
    assert result.code == 2
    (line,) = error_lines(result.err)
    assert line.startswith("source/evil\\n.md: error: article name 'evil\\n' is not a safe")
    assert files(project) == before  # no template, no catalog with a newline in its name


@pytest.mark.parametrize("tag", ["es\n", "es ", "es-\n", "../es", "es/../../x", "zh_Hans\x00"])
def test_language_tags_are_whole_tags(tag: str) -> None:
    with pytest.raises(HandoutError, match="is not a language tag"):
        parse_language(tag)


def test_a_catalog_file_named_with_a_newline_compiles_to_no_such_file(
    project: Path, run_cli: Runner
) -> None:
    folder = project / "locales" / "es" / "LC_MESSAGES"
    (folder / "evil\n.po").write_bytes((folder / f"{BUNDLED_SLUG}.po").read_bytes())
    result = run_cli(project, "compile")
    assert result.code == 2
    (line,) = error_lines(result.err)
    assert "'evil\\n' is not a safe file name" in line
    cache = project / ".handout-cache"
    assert all("\n" not in path for path in files(cache))


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ('build = "../outside"\n', "folders.build '../outside' must be a relative path"),
        ('build = "/var/www"\n', "folders.build '/var/www' must be a relative path"),
        ('build = "out\\u0007"\n', "folders.build 'out\\x07' is not a safe"),
        ('[voices.es]\nvoice = "../../etc/passwd"\n', "voices.es.voice '../../etc/passwd' must"),
        ('[voices.es]\nvoice = "/usr/share/x"\n', "voices.es.voice '/usr/share/x' must"),
        ('[speech]\nengine = "../x"\n', "speech.engine '../x' is not a safe file name"),
    ],
)
def test_settings_that_would_leave_the_project_are_refused(
    project: Path, run_cli: Runner, setting: str, expected: str
) -> None:
    config = project / "handout.toml"
    text = config.read_text(encoding="utf-8")
    if setting.startswith("build ="):
        text = text.replace('build = "build"\n', setting)
    else:
        text += setting
    config.write_text(text, encoding="utf-8")
    before = files(project)
    result = run_cli(project, "voices" if "voice" in setting or "engine" in setting else "build")
    assert result.code == 2
    (line,) = error_lines(result.err)
    assert line.startswith("handout.toml: error: ") and expected in line, line
    assert files(project) == before


def test_a_lexicon_that_is_a_symlink_out_of_the_project_is_not_read(
    project: Path, run_cli: Runner, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.pls"
    secret.write_text("not for the build to read", encoding="utf-8")
    lexicons = project / "source" / "lexicons"
    lexicons.mkdir(exist_ok=True)
    (lexicons / "es.pls").unlink(missing_ok=True)
    os.symlink(secret, lexicons / "es.pls")
    result = run_cli(project, "audio", "--lang", "es", "--jobs", "1")
    assert result.code == 2
    lines = error_lines(result.err)
    assert "source/lexicons/es.pls: error: the es lexicon points outside the project" in lines[0]
    assert "not for the build" not in result.err


def test_check_helpers_name_what_is_wrong(tmp_path: Path) -> None:
    assert check_name("es", "language") == "es"
    assert check_relative("roa/es-419", "voice").as_posix() == "roa/es-419"
    for bad in ("", ".", "..", "a/b", "a\tb"):
        with pytest.raises(HandoutError):
            check_name(bad, "name")
    inside = tmp_path / "project" / "a.pls"
    inside.parent.mkdir()
    inside.write_text("x", encoding="utf-8")
    assert check_inside(inside, tmp_path / "project", "lexicon", "a.pls") == inside
    loop = tmp_path / "project" / "loop.pls"
    os.symlink(loop, loop)
    with pytest.raises(HandoutError, match=r"lexicon cannot be resolved"):
        check_inside(loop, tmp_path / "project", "lexicon", "loop.pls")


# --- text that becomes a page, a file's metadata, or a line on the terminal ------------------


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("# T\n\nRest \x07today.\n", 3, "the article contains a control character (U+0007)"),
        ("# T\n\nOne.\n\nTwo\x1b[31m.\n", 5, "the article contains a control character (U+001B)"),
        ('---\ntitle: "Bell \\a"\n---\n', 2, "front matter 'title' contains a control character"),
        (
            '---\ntitle: T\nkeywords: ["ok", "\\x9b"]\n---\n',
            3,
            "front matter 'keywords' contains a control character (U+009B)",
        ),
        ('---\nauthors: "\\0"\n---\n# T\n', 2, "front matter 'authors' contains a control"),
    ],
)
def test_control_characters_in_an_article_are_refused_with_their_line(
    text: str, line: int, what: str
) -> None:
    with pytest.raises(HandoutError) as caught:
        parse_article(text, slug="x", path="source/x.md")
    assert caught.value.line == line
    assert what in caught.value.message


def test_tab_and_newline_are_text() -> None:
    assert check_text("a\tb\nc", "text", "x.md", 1) == "a\tb\nc"
    with pytest.raises(HandoutError) as caught:
        check_text("a\nb\nc\x7f", "text", "x.md", 10)
    assert caught.value.line == 12


@pytest.mark.parametrize(
    "msgstr_line",
    ['msgstr "Descanse\\r hoy."', 'msgstr "Descanse \x0b hoy."', 'msgstr "\x00"'],
)
def test_control_characters_in_a_catalog_are_refused_with_their_line(
    project: Path, run_cli: Runner, msgstr_line: str
) -> None:
    path = project / ES_PO
    lines = path.read_text(encoding="utf-8").split("\n")
    target = next(i for i, text in enumerate(lines) if text.startswith('msgstr "') and i > 20)
    entry = next(i for i in range(target, 0, -1) if lines[i - 1] == "")
    lines[target] = msgstr_line
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run_cli(project, "status")
    assert result.code == 2
    (line,) = error_lines(result.err)
    number = int(line.split(":")[1])
    assert line.startswith(f"{ES_PO}:")
    assert entry + 1 <= number <= target + 1  # the entry's first line, or the msgstr itself
    assert "control character" in line


def test_a_duplicate_message_names_both_lines(tmp_path: Path) -> None:
    """polib's own duplicate check named no line (and took minutes on a big catalog)."""
    path = tmp_path / "x.po"
    path.write_text(
        'msgid "a"\nmsgstr "b"\n\n#: source/x.md:3\nmsgid "c"\nmsgstr "d"\n\n'
        'msgid "a"\nmsgstr "e"\n',
        encoding="utf-8",
    )
    with pytest.raises(HandoutError) as caught:
        read_catalog(path, "locales/x.po")
    assert str(caught.value) == (
        "locales/x.po:8: error: not a valid PO file: duplicate message definition (first at line 1)"
    )


def test_reading_a_catalog_compares_entries_a_linear_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 5 MB catalog took 86 s: polib compared each entry with all before it. Count, not time."""
    path = tmp_path / "big.po"
    path.write_text(
        "".join(f'msgid "message {i}"\nmsgstr "mensaje {i}"\n\n' for i in range(3000)),
        encoding="utf-8",
    )
    comparisons = 0
    original = polib.POEntry.__eq__

    def counting(self: polib.POEntry, other: object) -> bool:
        nonlocal comparisons
        comparisons += 1
        return bool(original(self, other))

    monkeypatch.setattr(polib.POEntry, "__eq__", counting)
    catalog = read_catalog(path, "big.po")
    assert len(catalog) == 3000
    assert comparisons < 3000


def test_headings_get_unique_anchors_in_linear_work() -> None:
    """100,000 headings of one name hung the parser: each scanned every anchor before it."""

    class CountingSet(set[str]):
        lookups = 0

        def __contains__(self, item: object) -> bool:
            CountingSet.lookups += 1
            return super().__contains__(item)

    taken: set[str] = CountingSet()
    tried: dict[str, int] = {}
    anchors = [anchor_for("Side effects", taken, tried) for _ in range(2000)]
    assert anchors[:3] == ["side-effects", "side-effects-2", "side-effects-3"]
    assert len(set(anchors)) == 2000
    assert CountingSet.lookups < 3 * 2000
    # a heading whose own text is a numbered anchor is skipped over, never duplicated
    taken2: set[str] = set()
    tried2: dict[str, int] = {}
    got = [anchor_for(t, taken2, tried2) for t in ("A", "A", "A 3", "A", "A 2")]
    assert got == ["a", "a-2", "a-3", "a-4", "a-2-2"]


def test_front_matter_nested_thousands_deep_is_an_error_not_a_crash() -> None:
    for value in ("[" * 5000, "{a: " * 3000):
        with pytest.raises(HandoutError) as caught:
            parse_article(f"---\ntitle: {value}\n---\n# T\n", slug="x", path="source/x.md")
        assert caught.value.line == 2


@pytest.mark.parametrize(
    "yaml_value",
    [
        "!!python/object/apply:os.system ['echo hacked']",
        "!!python/name:os.system",
        "!!python/object/new:type ['x', [], {}]",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!custom x",
    ],
)
def test_front_matter_never_constructs_objects(yaml_value: str) -> None:
    with pytest.raises(HandoutError) as caught:
        parse_article(f"---\ntitle: {yaml_value}\n---\n# T\n", slug="x", path="source/x.md")
    assert caught.value.line == 2


def test_messages_and_paths_print_on_one_line() -> None:
    forged = "x.po:1: error: all good\nreal.po"
    assert "\n" not in str(HandoutError("bad\nthing", forged, 3))
    assert str(Diagnostic("warning", "a\u2028b", "p\rq")) == "p\\rq: warning: a\\u2028b"
    assert one_line("tab\there") == "tab\\there"
