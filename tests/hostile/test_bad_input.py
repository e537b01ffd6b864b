"""Bad input: one line naming file and line, exit code 2, no traceback, nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.project import BUNDLED_SLUG

ARTICLE = f"source/{BUNDLED_SLUG}.md"
ES_PO = f"locales/es/LC_MESSAGES/{BUNDLED_SLUG}.po"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def one_error_line(err: str) -> str:
    lines = [line for line in err.strip().split("\n") if line]
    errors = [line for line in lines if ": error: " in line or line.startswith("error: ")]
    assert len(errors) == 1, err
    assert "Traceback" not in err
    return errors[0]


def assert_no_temp_files(root: Path) -> None:
    assert not [p for p in root.rglob(".*.tmp")], "a temporary file was left behind"


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        ("title: [unclosed\n", f"{ARTICLE}:2: error: malformed front matter"),
        ("title: ok\ndescription: a: b: c\n", f"{ARTICLE}:3: error: malformed front matter"),
        ("title: ok\nsummary: typo\n", f"{ARTICLE}:3: error: unknown front matter key 'summary'"),
        ("title: ok\nlanguage: xx\n", f"{ARTICLE}:3: error: unknown language 'xx'"),
        ("title: ok\nreviewed: last tuesday\n", f"{ARTICLE}:3: error: front matter 'reviewed'"),
        ("- just\n- a list\n", f"{ARTICLE}:2: error: front matter must be a mapping"),
        ("title: !!python/object/apply:os.system ['echo hacked']\n", f"{ARTICLE}:2: error:"),
    ],
)
def test_malformed_front_matter(project, run_cli, front_matter, expected):
    (project / ARTICLE).write_text(f"---\n{front_matter}---\n\n# T\n\nBody.\n", encoding="utf-8")
    (project / "locales" / f"{BUNDLED_SLUG}.pot").unlink()
    before = snapshot(project)
    result = run_cli(project, "extract")
    assert result.code == 2
    assert one_error_line(result.err).startswith(expected)
    assert snapshot(project) == before


def test_unclosed_front_matter(project, run_cli):
    (project / ARTICLE).write_text("---\ntitle: x\n\n# T\n", encoding="utf-8")
    result = run_cli(project, "update")
    assert result.code == 2
    assert one_error_line(result.err) == (
        f"{ARTICLE}:1: error: front matter starts with '---' but is never closed"
    )


def test_article_that_is_not_utf8_names_the_line(project, run_cli):
    text = (project / ARTICLE).read_text(encoding="utf-8").split("\n")
    text[16] = "Caf\xe9 au lait"
    (project / ARTICLE).write_bytes("\n".join(text).encode("latin-1"))
    before = snapshot(project)
    result = run_cli(project, "update")
    assert result.code == 2
    assert one_error_line(result.err).startswith(f"{ARTICLE}:17: error: not UTF-8 text (byte 0xe9)")
    assert snapshot(project) == before


def test_po_syntax_error_names_the_line_and_keeps_the_file(project, run_cli):
    path = project / ES_PO
    lines = path.read_text(encoding="utf-8").split("\n")
    target = next(
        i for i, line in enumerate(lines) if line.startswith('msgstr "') and len(line) > 12
    )
    lines[target] = lines[target].rstrip('"')
    path.write_text("\n".join(lines), encoding="utf-8")
    broken = path.read_bytes()
    result = run_cli(project, "update")
    assert result.code == 2
    assert one_error_line(result.err) == (
        f"{ES_PO}:{target + 1}: error: not a valid PO file: "
        "unterminated string (a missing closing quote)"
    )
    assert path.read_bytes() == broken, "a catalog that could not be read is never rewritten"
    assert_no_temp_files(project)


@pytest.mark.parametrize(
    "bad_line",
    ['msgstr "viejo"', "nonsense here", 'msgid "a"\nmsgid "b"', 'msgstr "bad \\q escape"'],
)
def test_po_errors_polib_would_silently_accept(project, run_cli, bad_line):
    path = project / ES_PO
    path.write_text(path.read_text(encoding="utf-8") + f"\n{bad_line}\n", encoding="utf-8")
    result = run_cli(project, "status")
    assert result.code == 2
    assert one_error_line(result.err).startswith(f"{ES_PO}:")


def test_unknown_language_in_config(project, run_cli):
    config = project / "handout.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('"tl"]', '"tl", "qq"]'), encoding="utf-8"
    )
    before = snapshot(project)
    result = run_cli(project, "update")
    assert result.code == 2
    assert (
        one_error_line(result.err)
        == "handout.toml: error: unknown language 'qq': not a locale in CLDR"
    )
    assert snapshot(project) == before


def test_invalid_toml_names_the_line(project, run_cli):
    (project / "handout.toml").write_text('clinic = "x"\nlanguages = [es]\n', encoding="utf-8")
    result = run_cli(project, "status")
    assert result.code == 2
    assert one_error_line(result.err).startswith("handout.toml:2: error: invalid TOML")


def test_missing_source_folder(tmp_path, run_cli):
    result = run_cli(tmp_path, "extract")
    assert result.code == 2
    assert one_error_line(result.err) == "source: error: source folder not found"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["bad name!.md", "-dash.md", "semi;colon.md"])
def test_unsafe_slug(project, run_cli, name):
    (project / "source" / name).write_text("# T\n\nBody.\n", encoding="utf-8")
    before = snapshot(project)
    result = run_cli(project, "extract")
    assert result.code == 2
    assert "is not a safe file name" in one_error_line(result.err)
    assert one_error_line(result.err).startswith(f"source/{name}: error:")
    assert snapshot(project) == before


def test_one_bad_article_does_not_stop_the_others(project, run_cli):
    (project / "source" / "broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    (project / "source" / "good.md").write_text("# Good\n\nFine text.\n", encoding="utf-8")
    result = run_cli(project, "extract")
    assert result.code == 2
    assert one_error_line(result.err).startswith("source/broken.md:2: error:")
    assert (project / "locales" / "good.pot").exists()
    assert not (project / "locales" / "broken.pot").exists()


def test_cli_entry_points_run_as_programs(project):
    import subprocess
    import sys

    for command in (
        [sys.executable, "-m", "pipeline", "--root", str(project), "status"],
        [str(Path(sys.executable).with_name("handout")), "--root", str(project), "status"],
    ):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert "prp-injections-lower-back-pain  zh-Hans" in done.stdout
