"""The bundled translations are the demo a clinic sees first: complete, faithful in the
things a checker can see, and accepted by GNU gettext."""

from __future__ import annotations

import re

import polib
import pytest
from support.gettext_tools import msgfmt_check
from support.project import BUNDLED_SLUG, REPO

BUNDLED = ("es", "zh_Hans", "vi", "ar", "ko", "ru", "tl")


@pytest.mark.parametrize("gettext", BUNDLED)
def test_each_bundled_catalog_is_complete_and_passes_msgfmt_check(gettext: str) -> None:
    path = REPO / "locales" / gettext / "LC_MESSAGES" / f"{BUNDLED_SLUG}.po"
    done = msgfmt_check(path)
    assert done.returncode == 0, done.stderr
    catalog = polib.pofile(str(path))
    template = polib.pofile(str(REPO / "locales" / f"{BUNDLED_SLUG}.pot"))
    assert {e.msgid for e in template} == {e.msgid for e in catalog if not e.obsolete}
    assert catalog.percent_translated() == 100 and not catalog.fuzzy_entries()
    for entry in catalog:
        assert entry.msgstr.count("PRP") >= entry.msgid.count("PRP"), entry.msgid
        assert re.findall(r"\d+", entry.msgstr) == re.findall(r"\d+", entry.msgid), entry.msgid
