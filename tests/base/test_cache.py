"""The build's memory between runs (pipeline/cache.py): one store, and keys that name their fields.

A key made from ``repr()`` changes with anything (a field's order, a class's
name) and a hand-written one can forget a field: here every field a key
depends on must change it, and every field it leaves out is named with the
reason, so a setting added later cannot be silently left out of a cache key.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pipeline.cache import JsonStore, cache_key, load_sections
from pipeline.languages import parse_language
from pipeline.printing import PrintSettings
from pipeline.publish.approval import Approval
from pipeline.publish.rule import approval_key
from pipeline.site.units import printing_key
from pipeline.speech.build import programme_key
from pipeline.speech.engine import VoiceSettings
from pipeline.speech.plan import speech_key, voice_key
from pipeline.speech.programme import Line, Programme
from pipeline.speech.voices import SpeechSettings, VoiceOverride

ES, VI = parse_language("es"), parse_language("vi")

APPROVAL = Approval(
    "wound-care", ES, "Ana Ruiz", "MD", date(2026, 11, 1), "s" * 64, "d" * 64, ("a:b",), ()
)
PROGRAMME = Programme(
    "wound-care",
    "es",
    "spa",
    "Title",
    "Clinic",
    (("One", "one"),),
    (Line("k", "S.", 300, 0),),
    "/c",
)
SPEECH = SpeechSettings("espeak", 170, 50, ((ES, VoiceOverride("es+f3", 160, None)),), "US")

#: Per keyed value: its key function, a changed value for each field, and the fields left out.
CASES: list[tuple[Any, Any, dict[str, Any], dict[str, str]]] = [
    (
        APPROVAL,
        approval_key,
        {
            "article": "ice-packs",
            "language": VI,
            "reviewer": "Bo",
            "credential": "RN",
            "date": date(2026, 11, 2),
            "source": "t" * 64,
            "digest": "e" * 64,
            "messages": ("a:c",),
            "exceptions": ("a:numbers",),
        },
        {"line": "where it stands in approvals.toml: moving it changes nothing"},
    ),
    (
        PROGRAMME,
        programme_key,
        {
            "slug": "ice-packs",
            "language": "vi",
            "iso639_2": "vie",
            "title": "Other",
            "clinic": "Other clinic",
            "chapters": (("Two", "two"),),
            "lines": (Line("k", "S.", 400, 0),),
        },
        {"cache_folder": "where the sentence cache lives: a moved project keeps its audio"},
    ),
    (
        SPEECH,
        speech_key,
        {
            "engine": "piper",
            "rate": 160,
            "pitch": 40,
            "overrides": ((ES, VoiceOverride("es+f3", 150, None)),),
            "region": "MX",
        },
        {},
    ),
    (VoiceSettings("es", 170, 50), voice_key, {"voice": "es+f3", "rate": 160, "pitch": 40}, {}),
    (PrintSettings("a4", ""), printing_key, {"paper": "letter", "base_url": "https://x/"}, {}),
]


@pytest.mark.parametrize(
    "value, key, changed, left_out", CASES, ids=[type(case[0]).__name__ for case in CASES]
)
def test_every_field_a_key_depends_on_changes_it(
    value: Any, key: Any, changed: dict[str, Any], left_out: dict[str, str]
) -> None:
    names = {f.name for f in dataclasses.fields(value)}
    assert names == set(changed) | set(left_out), "a field is neither keyed nor left out on purpose"
    for name, other in changed.items():
        assert key(dataclasses.replace(value, **{name: other})) != key(value), name
    for name in left_out:
        now = getattr(value, name)
        other = now + 7 if isinstance(now, int) else f"{now}/elsewhere"
        assert key(dataclasses.replace(value, **{name: other})) == key(value), name


def test_a_key_refuses_a_value_it_cannot_name() -> None:
    with pytest.raises(TypeError, match="not a plain value"):
        cache_key(("when", date(2026, 1, 1)))
    assert cache_key(("a", "1")) != cache_key(("a", 1)) != cache_key(("b", 1))


def test_a_store_keeps_its_records_and_ignores_another_format_or_stamp(tmp_path: Path) -> None:
    path = tmp_path / "x-digests.json"
    store = JsonStore(path, 1, ("units",), stamp="code-1")
    store.save()
    assert not path.exists(), "nothing changed: nothing written"
    store.sections["units"]["es/a"] = {"ok": True}
    store.changed = True
    store.save()
    assert JsonStore(path, 1, ("units",), "code-1").sections == {"units": {"es/a": {"ok": True}}}
    assert load_sections(path, 2, ("units",), "code-1") is None  # another format
    assert load_sections(path, 1, ("units",), "code-2") is None  # another version of handout
    for damage in (b"", b"\x00garbage{", path.read_bytes()[:10], b"[1, 2]"):
        path.write_bytes(damage)
        assert JsonStore(path, 1, ("units",), "code-1").sections == {"units": {}}
