"""A translator-flagged meaning check is accepted only through a reviewer's approval, listed in it.

Real catalogs through the real ``handout check``, ``approve``, ``approvals`` and
``build``: the translator's ``#, handout-ignore-quantities`` only asks for a
reviewer; ``handout approve`` signs the translation off with exactly that
exception (message hash + check) in ``locales/approvals.toml``; while the
approval is valid the check and the build accept it; any change voids it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import polib
from support.dosing import DOSE, SLUG, _catalog, _translate
from support.project import CliResult

from pipeline.publish.approval import content_digest

Run = Callable[..., CliResult]

REVIEWER = "Dr. Ana Ruiz, MD"
APPROVALS = "locales/approvals.toml"
WRONG = "Tome 500 g cada 6 horas."  # the reviewer decided to accept it (a test, not advice)
FLAG = ("handout-ignore-quantities",)
NEEDS = "ignored by the translator, needs a reviewer"
BUILD = ("build", "--article", SLUG, "--lang", "es", "--lang", "en", "--jobs", "1")


def _exception(check: str = "quantities", msgid: str = DOSE) -> str:
    return f"{hashlib.sha256(msgid.encode()).hexdigest()[:16]}:{check}"


def _approve(project: Path, run_cli: Run) -> CliResult:
    return run_cli(project, "approve", "es", "--article", SLUG, "--reviewer", REVIEWER)


def test_approving_accepts_exactly_the_flagged_meaning_check(dosing: Path, run_cli: Run) -> None:
    _translate(dosing, "es", {DOSE: WRONG}, FLAG)
    page = dosing / "build" / "es" / f"{SLUG}.html"
    checked = run_cli(dosing, "check", "--article", SLUG, "--lang", "es")
    assert checked.code == 1 and NEEDS in checked.out
    assert run_cli(dosing, *BUILD).code == 1 and not page.exists()

    approved = _approve(dosing, run_cli)
    assert approved.code == 0, approved.err
    assert "accepting 1 exception(s) the translator flagged: quantities" in approved.out
    text = (dosing / APPROVALS).read_text("utf-8")
    assert re.findall(r'^  "([0-9a-f]{16}:[a-z-]+)",$', text, re.M) == [_exception()]
    listed = json.loads(run_cli(dosing, "approvals", "--json").out)
    assert [(a["state"], a["exceptions"]) for a in listed] == [("approved", [_exception()])]

    checked = run_cli(dosing, "check", "--article", SLUG, "--lang", "es")
    assert checked.code == 0, checked.out
    assert NEEDS not in checked.out
    built = run_cli(dosing, *BUILD)
    assert built.code == 0, built.err
    assert "500 g" in page.read_text("utf-8")
    rows = json.loads(run_cli(dosing, "status", "--json").out)
    row = next(r for r in rows if r["article"] == SLUG and r["language"] == "es")
    assert (row["published"], row["errors"], row["approval"]["state"]) == ("yes", 0, "approved")

    again = _approve(dosing, run_cli)  # the approval's own exceptions do not hide them from it
    assert again.code == 0 and "accepting 1 exception(s)" in again.out
    assert (dosing / APPROVALS).read_text("utf-8") == text


def test_any_change_voids_the_approval_and_its_exceptions(dosing: Path, run_cli: Run) -> None:
    _translate(dosing, "es", {DOSE: WRONG}, FLAG)
    assert _approve(dosing, run_cli).code == 0
    assert run_cli(dosing, "check", "--article", SLUG, "--lang", "es").code == 0
    path = _catalog(dosing, "es")
    catalog = polib.pofile(str(path))
    catalog.find("Taking acetaminophen safely").msgstr = "Cómo tomar paracetamol sin riesgos"
    catalog.save(str(path))

    checked = run_cli(dosing, "check", "--article", SLUG, "--lang", "es")
    assert checked.code == 1 and NEEDS in checked.out
    assert json.loads(run_cli(dosing, "approvals", "--json").out)[0]["state"] == "void"
    built = run_cli(dosing, *BUILD)
    assert built.code == 1 and NEEDS in built.out + built.err
    assert not (dosing / "build" / "es" / f"{SLUG}.html").exists()


def test_the_exception_covers_only_the_flag_the_reviewer_saw(dosing: Path, run_cli: Run) -> None:
    """The translator drops the flag afterwards: the text is the same, the approval still
    valid, but an unflagged meaning error is an error again."""
    _translate(dosing, "es", {DOSE: WRONG}, FLAG)
    assert _approve(dosing, run_cli).code == 0
    _translate(dosing, "es", {DOSE: WRONG})
    checked = run_cli(dosing, "check", "--article", SLUG, "--lang", "es")
    assert checked.code == 1
    assert ": error: quantities: " in checked.out


def test_an_unflagged_meaning_error_cannot_be_approved(dosing: Path, run_cli: Run) -> None:
    catalog = _translate(dosing, "es", {DOSE: WRONG})
    line = next(e for e in catalog if e.msgid == DOSE).linenum
    result = _approve(dosing, run_cli)
    assert result.code == 1
    assert (
        f"cannot approve {SLUG} in es: 1 check error(s), the first: quantities at line {line}"
        in result.err + result.out
    )
    assert not (dosing / APPROVALS).exists()


def test_an_exception_added_by_hand_is_one_located_error(dosing: Path, run_cli: Run) -> None:
    _translate(dosing, "es", {DOSE: WRONG}, FLAG)
    assert _approve(dosing, run_cli).code == 0
    path = dosing / APPROVALS
    approved = path.read_text("utf-8")
    header = approved.splitlines().index("[[approval]]") + 1
    forged = approved.replace(f'"{_exception()}"', f'"{_exception("numbers")}"')
    path.write_text(forged, "utf-8")
    for command in (("check", "--lang", "es"), BUILD, ("approvals",)):
        result = run_cli(dosing, *command)
        assert result.code == 2, (command, result.out)
        assert result.err.splitlines() == [
            f"{APPROVALS}:{header}: error: digest is not the one of this approval's source "
            "and messages (and exceptions): edited by hand?"
        ]
    # sealed again by someone who knows how: only meaning checks, only approved messages
    source = re.search(r'^source = "([0-9a-f]{64})"', approved, re.M)
    assert source is not None
    messages = re.findall(r'^  "([0-9a-f]{16}:[0-9a-f]{16})",$', approved, re.M)
    for exception, why in (
        (_exception("punctuation"), "'punctuation' is not a meaning check"),
        (_exception(msgid="Not in this article."), "is not one of the approved messages"),
    ):
        sealed = content_digest(source.group(1), messages, [exception])
        text = re.sub(r'^digest = "[0-9a-f]{64}"', f'digest = "{sealed}"', approved, flags=re.M)
        path.write_text(text.replace(f'"{_exception()}"', f'"{exception}"'), "utf-8")
        result = run_cli(dosing, *BUILD)
        assert result.code == 2 and why in result.err, result.err
        assert len(result.err.splitlines()) == 1
