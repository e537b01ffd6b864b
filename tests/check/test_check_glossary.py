"""``glossary``: do-not-translate terms, from handout.toml or a CSV/TBX file beside the catalogs."""

from __future__ import annotations

import json

import pytest
from support.check_support import messages, run_checks
from support.project import BUNDLED_SLUG

SOURCE = "PRP injections use platelets from your own blood."


@pytest.mark.parametrize(
    ("translation", "language"),
    [
        ("Las inyecciones de plasma rico en plaquetas usan plaquetas de su propia sangre.", "es"),
        ("富血小板血浆注射使用您自己血液中的血小板。", "zh-Hans"),
        ("تستخدم حقن البلازما الغنية بالصفائح صفائح دمك أنت.", "ar"),
        ("Инъекции ПРП используют тромбоциты из вашей собственной крови.", "ru"),
        ("Las inyecciones PRPs usan plaquetas de su propia sangre.", "es"),  # not the term
    ],
)
def test_a_missing_term_is_an_error(translation, language):
    assert messages(SOURCE, translation, language, "glossary") == [
        '"PRP" must stay as it is, but it is not in the translation'
    ]


@pytest.mark.parametrize(
    ("translation", "language"),
    [
        ("Las inyecciones de PRP usan plaquetas de su propia sangre.", "es"),
        ("PRP注射使用您自己血液中的血小板。", "zh-Hans"),  # no space before a CJK word
        ("تستخدم حقن \u200fPRP\u200f صفائح دمك أنت.", "ar"),  # wrapped in right-to-left marks
        ("Инъекции PRP используют тромбоциты из вашей собственной крови.", "ru"),
    ],
)
def test_the_term_in_any_script_context_passes(translation, language):
    assert messages(SOURCE, translation, language, "glossary") == []


def test_a_term_the_source_does_not_use_is_not_required():
    assert messages("Rest after the injection.", "Descanse después.", "es", "glossary") == []


def _drop_prp_from_title(project):
    po = project / "locales" / "es" / "LC_MESSAGES" / f"{BUNDLED_SLUG}.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("Las inyecciones de PRP", "Las inyecciones", 1), encoding="utf-8")


def _glossary_findings(run_cli, project):
    result = run_cli(project, "check", "--lang", "es", "--json")
    return [f for f in json.loads(result.out)["findings"] if f["check"] == "glossary"], result


def test_glossary_csv_beside_the_catalogs_adds_terms(project, run_cli):
    config = project / "handout.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('terms = ["PRP"]', "terms = []"))
    _drop_prp_from_title(project)
    assert _glossary_findings(run_cli, project)[0] == []
    (project / "locales" / "glossary.csv").write_text(
        "term,note\n# names that stay as they are\nPRP,platelet-rich plasma\n",
        encoding="utf-8",
    )
    found, result = _glossary_findings(run_cli, project)
    assert result.code == 1
    assert [f["message"] for f in found] == [
        '"PRP" must stay as it is, but it is not in the translation'
    ]


def test_glossary_tbx_terms_are_do_not_translate_unless_translated_for_the_language(
    project, run_cli
):
    config = project / "handout.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('terms = ["PRP"]', "terms = []"))
    _drop_prp_from_title(project)
    tbx = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="en"><termSec><term>PRP</term></termSec></langSec>
      <langSec xml:lang="zh-Hans"><termSec><term>富血小板血浆</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""
    (project / "locales" / "glossary.tbx").write_text(tbx, encoding="utf-8")
    found, _ = _glossary_findings(run_cli, project)
    assert [f["message"] for f in found] == [
        '"PRP" must stay as it is, but it is not in the translation'
    ]
    # Chinese has its own term for it, so "PRP" is not required there.
    zh = run_cli(project, "check", "--lang", "zh-Hans", "--json")
    assert [f for f in json.loads(zh.out)["findings"] if f["check"] == "glossary"] == []


def test_a_glossary_file_with_entities_is_refused(project, run_cli):
    (project / "locales" / "glossary.tbx").write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "PRP">]><tbx/>', encoding="utf-8"
    )
    result = run_cli(project, "check")
    assert result.code == 2
    assert result.err.strip() == (
        "locales/glossary.tbx: error: glossary.tbx must not declare a DOCTYPE or entities"
    )


def test_misses_raise_nothing_at_all():
    assert run_checks(SOURCE, "PRP注射使用您自己血液中的血小板。", "zh-Hans") == []
