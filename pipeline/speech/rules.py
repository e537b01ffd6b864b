"""Spoken-form rules: per-language data, shipped with handout and extensible by a clinic.

The rules say what CLDR does not: the word joining a blood pressure's two
values ("120 over 80"), a range's ("10 to 14"), how a clock time is said, a
decimal word where the engine drops it, abbreviations and common fractions.
Units, their plural forms, dates and clock formats come from CLDR through
Babel in :mod:`pipeline.speech.spoken`; no table here repeats them.

Files, merged in this order (a later key wins):

1. ``pipeline/speech/spoken_rules/default.toml``: every language (written
   symbols CLDR lacks, such as "mcg");
2. ``pipeline/speech/spoken_rules/<language>.toml``: handout's own;
3. ``source/lexicons/<lang>.spoken.toml``: the clinic's, beside its PLS lexicon.

Keys (all optional)::

    pressure = "{0} over {1}"   # 120/80 mmHg
    range = "{0} to {1}"        # 10-14 days
    time = "{clock}"            # {clock}: CLDR's short time; or {h} {m} {hours} {minutes}
    time_on_hour = "{h}点"      # the same, for a time on the hour
    decimal = "点"              # said for the decimal separator (where the engine drops it)
    plus = "plus"               # the + of an international phone number
    [abbreviations]             # written = said, whole words, case-sensitive
    "Dr." = "Doctor"
    [fractions]                 # "1/2" = "one half"
    [units]                     # a CLDR unit id = its spoken pattern ("{0} 毫升")
    [symbols]                   # a written symbol = its CLDR unit id ("mcg" = "mass-microgram")

The rules' digest (of the merged data) is part of the audio plan's key, so a
rule change re-plans the language and re-speaks exactly the sentences whose
spoken form changed (their text, and so their cache key, changed).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.config import _toml_line  # the one reading of tomllib's error position
from pipeline.digests import digest
from pipeline.errors import HandoutError
from pipeline.languages import Language
from pipeline.project import Project
from pipeline.safety import check_inside

BUILTIN_FOLDER = Path(__file__).with_name("spoken_rules")
RULES_SUFFIX = ".spoken.toml"
_TEXT_KEYS = ("pressure", "range", "time", "time_on_hour", "decimal", "plus")
_TABLES = ("abbreviations", "fractions", "units", "symbols")
#: Rules may not write digits of their own: the read-back would then read the rule, not the page.
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class SpokenRules:
    """One language's merged rules, ready for :func:`pipeline.speech.spoken.spoken_form`."""

    language: str  # BCP 47 tag of the text these rules speak
    locale: str  # Babel locale for CLDR data: the language in the clinic's region if CLDR has it
    region: str | None  # the clinic's region: phone numbers and emergency numbers
    pressure: str
    range: str
    time: str
    time_on_hour: str
    decimal: str
    plus: str
    abbreviations: tuple[tuple[str, str], ...]
    fractions: tuple[tuple[str, str], ...]
    units: tuple[tuple[str, str], ...]
    symbols: tuple[tuple[str, str], ...]
    sources: tuple[str, ...]  # the files merged, as shown to the user
    digest: str


@lru_cache(maxsize=1)
def builtin_rules_digest() -> str:
    """A digest of handout's own rule files (part of every audio plan's key)."""
    files = sorted(BUILTIN_FOLDER.glob("*.toml"))
    return digest(*(f"{path.name}\0{path.read_text(encoding='utf-8')}" for path in files))


@lru_cache(maxsize=64)
def builtin_abbreviations(language: str) -> frozenset[str]:
    """Handout's own abbreviations of a base language ("approx.", "p. m."), for sentence splits."""
    path = BUILTIN_FOLDER / f"{language}.toml"
    if not path.is_file():
        return frozenset()
    data = _read(path, path.name)
    found = {k for k in data.get("abbreviations", {}) if k.endswith(".")}
    return frozenset(found | {"a. m.", "p. m.", "a.m.", "p.m."})


def project_rules(project: Project, language: Language, region: str | None) -> SpokenRules:
    """The rules a project speaks ``language`` with: handout's, then the clinic's file."""
    clinic = clinic_rules_path(project.lexicon_path(language))
    if clinic.is_symlink():  # like a lexicon: never a file outside the project
        check_inside(
            clinic, project.config.root, f"the {language} spoken rules", project.shown(clinic)
        )
    return load_rules(language, region, clinic, project.shown(clinic))


def clinic_rules_path(lexicon_path: Path) -> Path:
    """``source/lexicons/es.spoken.toml`` beside ``source/lexicons/es.pls``."""
    return lexicon_path.with_name(lexicon_path.name.removesuffix(".pls") + RULES_SUFFIX)


def load_rules(
    language: Language, region: str | None, clinic_file: Path | None, shown: str = ""
) -> SpokenRules:
    """The merged rules for ``language``; a malformed clinic file is one error with its line."""
    merged: dict[str, Any] = {key: {} for key in _TABLES}
    sources: list[str] = []
    names = ["default", language.language]
    if language.script:
        names.append(f"{language.language}-{language.script}")
    for name in names:
        path = BUILTIN_FOLDER / f"{name}.toml"
        if path.is_file():
            _merge(merged, _read(path, f"pipeline/speech/spoken_rules/{name}.toml"))
            sources.append(path.name)
    if clinic_file is not None and clinic_file.is_file():
        _merge(merged, _read(clinic_file, shown or clinic_file.name))
        sources.append(shown or clinic_file.name)
    text = {key: str(merged.get(key, "")) for key in _TEXT_KEYS}
    tables = {key: tuple(sorted(merged[key].items())) for key in _TABLES}
    return SpokenRules(
        language=language.bcp47,
        locale=_locale(language, region),
        region=region,
        pressure=text["pressure"],
        range=text["range"],
        time=text["time"],
        time_on_hour=text["time_on_hour"],
        decimal=text["decimal"],
        plus=text["plus"],
        abbreviations=tables["abbreviations"],
        fractions=tables["fractions"],
        units=tables["units"],
        symbols=tables["symbols"],
        sources=tuple(sources),
        digest=digest(
            repr(sorted((k, repr(v)) for k, v in merged.items())), _locale(language, region)
        ),
    )


def _read(path: Path, shown: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise HandoutError("not UTF-8 text", shown) from exc
    except tomllib.TOMLDecodeError as exc:
        raise HandoutError(f"invalid TOML: {exc}", shown, _toml_line(exc)) from exc
    except OSError as exc:
        raise HandoutError(f"cannot read: {exc.strerror}", shown) from exc
    if any(ch in json.dumps(data, ensure_ascii=False) for ch in "\ue000\ue001"):
        raise HandoutError("private-use characters U+E000/U+E001 are not allowed in rules", shown)
    for key, value in data.items():
        if key in _TEXT_KEYS:
            if not isinstance(value, str):
                raise HandoutError(f"{key} must be a string", shown)
        elif key in _TABLES:
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and k and isinstance(v, str) for k, v in value.items()
            ):
                raise HandoutError(f"[{key}] must map text to text", shown)
        else:
            raise HandoutError(f"unknown setting {key!r}", shown)
    for key in ("pressure", "range"):
        if key in data and ("{0}" not in data[key] or "{1}" not in data[key]):
            raise HandoutError(f"{key} must contain {{0}} and {{1}}", shown)
    for unit, pattern in data.get("units", {}).items():
        if "{0}" not in pattern:
            raise HandoutError(f"units.{unit} must contain {{0}} (where the number goes)", shown)
        if _DIGIT.search(pattern.replace("{0}", "")):
            raise HandoutError(f"units.{unit}: a unit's words cannot contain digits", shown)
    if _DIGIT.search(str(data.get("decimal", ""))):
        raise HandoutError("decimal must be a word, not digits", shown)
    for written in data.get("abbreviations", {}):
        if _DIGIT.search(written):
            raise HandoutError(
                f"abbreviations: {written!r} has digits: numbers are not words", shown
            )
    return data


def _merge(into: dict[str, Any], data: dict[str, Any]) -> None:
    for key, value in data.items():
        if key in _TABLES:
            into[key].update(value)
        else:
            into[key] = value


def _locale(language: Language, region: str | None) -> str:
    """``es_US`` for Spanish at a US clinic when CLDR knows it, else the language's own."""
    from babel import Locale, UnknownLocaleError

    if region and language.territory is None:
        try:
            return str(Locale.parse(f"{language.gettext}_{region}"))
        except (UnknownLocaleError, ValueError):
            pass
    return str(language.locale)
