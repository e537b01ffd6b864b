"""Which fonts print each language: Noto, for every script the project can publish in.

Debian's ``fonts-noto-core`` and ``fonts-noto-cjk`` (installed by ``make``)
cover the scripts below. A language is printed in its own script's Noto
family first, then plain Noto Sans (Latin, Greek, Cyrillic, Vietnamese), then
every other script's, so text that falls back to another language still
finds its glyphs in a Noto face rather than whatever else is installed. Han
characters are drawn differently in Chinese, Japanese and Korean, so the
CJK face follows the language, never a fixed choice.
"""

from __future__ import annotations

from babel.core import get_global

from pipeline.languages import Language

LATIN = "Noto Sans"
MONOSPACE = ("Noto Sans Mono", "Noto Sans Mono CJK SC", "monospace")
#: ISO 15924 script → Noto family (Latin, Greek and Cyrillic are in Noto Sans itself).
SCRIPT_FONTS = {
    "Arab": "Noto Sans Arabic",
    "Hebr": "Noto Sans Hebrew",
    "Hans": "Noto Sans CJK SC",
    "Hant": "Noto Sans CJK TC",
    "Jpan": "Noto Sans CJK JP",
    "Kore": "Noto Sans CJK KR",
    "Thai": "Noto Sans Thai",
    "Deva": "Noto Sans Devanagari",
    "Beng": "Noto Sans Bengali",
    "Taml": "Noto Sans Tamil",
    "Telu": "Noto Sans Telugu",
    "Knda": "Noto Sans Kannada",
    "Mlym": "Noto Sans Malayalam",
    "Gujr": "Noto Sans Gujarati",
    "Guru": "Noto Sans Gurmukhi",
    "Ethi": "Noto Sans Ethiopic",
    "Armn": "Noto Sans Armenian",
    "Geor": "Noto Sans Georgian",
    "Khmr": "Noto Sans Khmer",
    "Laoo": "Noto Sans Lao",
    "Mymr": "Noto Sans Myanmar",
    "Sinh": "Noto Sans Sinhala",
}
_HONG_KONG = "Noto Sans CJK HK"
#: Body text size in points: 20 pt keeps at least 18 pt even if a printer shrinks the page to
#: fit other paper (A4 on US Letter: 94 %).
BODY_PT = 20
#: Scripts whose letters are small for their point size. Arabic's x-height in Noto Sans Arabic is
#: about four fifths of Latin's, so it is set larger to look as large (checked on rendered pages).
SCRIPT_SCALE = {"Arab": 1.2}


def script_of(language: Language) -> str:
    """The language's script: its own subtag, else CLDR's likely script (``ar`` → ``Arab``)."""
    if language.script:
        return language.script
    likely = get_global("likely_subtags")
    for key in (f"{language.language}_{language.territory}", language.language):
        found = likely.get(key)
        if isinstance(found, str):
            parts = found.split("_")
            if len(parts) > 1 and len(parts[1]) == 4:
                return parts[1]
    return "Latn"


def font_stack(language: Language) -> tuple[str, ...]:
    """Font families for ``language``, best first."""
    if language.language == "zh" and language.territory in ("HK", "MO"):
        first = _HONG_KONG
    else:
        first = SCRIPT_FONTS.get(script_of(language), LATIN)
    rest = [LATIN, *SCRIPT_FONTS.values()]
    return tuple(dict.fromkeys([first, *rest]))


def css_families(families: tuple[str, ...]) -> str:
    """``"Noto Sans Arabic", "Noto Sans", …, sans-serif`` (names are ours, never user text)."""
    generic = {"monospace", "sans-serif"}
    named = [f if f in generic else f'"{f}"' for f in families]
    return ", ".join(named if families[-1] in generic else [*named, "sans-serif"])


def body_size(language: Language, base: float = BODY_PT) -> float:
    """The body text size for ``language``, in points (``base`` for Latin script)."""
    return base * SCRIPT_SCALE.get(script_of(language), 1.0)
