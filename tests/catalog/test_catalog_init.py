"""``handout init LANG``: CLDR headers, any spelling of the tag, refusal of non-locales."""

from __future__ import annotations

import polib
import pytest
from support.gettext_tools import assert_msgfmt_ok
from support.project import BUNDLED_SLUG


@pytest.mark.parametrize(
    ("tag", "folder", "nplurals"),
    [
        ("fr", "fr", "nplurals=2; plural=(n > 1);"),
        ("pt-BR", "pt_BR", "nplurals=2; plural=(n > 1);"),
        ("pt_BR", "pt_BR", "nplurals=2; plural=(n > 1);"),
        ("zh-Hant", "zh_Hant", "nplurals=1; plural=0;"),
        ("uk", "uk", "nplurals=3;"),
        ("he", "he", "nplurals=2;"),
        ("fa", "fa", "nplurals="),
    ],
)
def test_init_writes_language_and_plural_forms(project, run_cli, tag, folder, nplurals):
    result = run_cli(project, "init", tag)
    assert result.code == 0, result.err
    path = project / "locales" / folder / "LC_MESSAGES" / f"{BUNDLED_SLUG}.po"
    catalog = polib.pofile(str(path))
    assert catalog.metadata["Language"] == folder
    assert catalog.metadata["Plural-Forms"].startswith(nplurals)
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert not catalog.metadata_is_fuzzy
    assert len(catalog) == 16 and all(not e.translated() for e in catalog)
    assert_msgfmt_ok(path)


def test_init_keeps_an_existing_catalog(project, run_cli):
    path = project / "locales" / "es" / "LC_MESSAGES" / f"{BUNDLED_SLUG}.po"
    before = path.read_bytes()
    result = run_cli(project, "init", "es")
    assert result.code == 0
    assert "already exists" in result.err
    assert path.read_bytes() == before


@pytest.mark.parametrize("tag", ["xx", "en_XX", "klingon", "../etc", "es/../../x", "es\x00", "es!"])
def test_init_refuses_what_is_not_a_locale(project, run_cli, tag):
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = run_cli(project, "init", tag)
    assert result.code == 2
    lines = result.err.strip().split("\n")
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "Traceback" not in result.err
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_init_warns_when_language_is_not_configured(project, run_cli):
    result = run_cli(project, "init", "fr")
    assert "fr is not in the 'languages' list" in result.err
