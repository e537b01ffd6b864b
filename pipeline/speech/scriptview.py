"""``handout script``: what will be said, per utterance, before anything is synthesized.

A clinic sees each sentence's source line, its written form and its spoken
form (and, with ``--phonemes``, the engine's phonemes with any switch to
another language's rules), so a rule or a lexicon entry can be fixed before
the audio is made. Nothing here speaks or writes a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.errors import HandoutError
from pipeline.languages import Language, parse_language
from pipeline.project import Project
from pipeline.publish.rule import decide
from pipeline.report import Report
from pipeline.speech.lexicon import Lexicon, load_lexicon
from pipeline.speech.phonemes import phonemize
from pipeline.speech.rules import SpokenRules, project_rules
from pipeline.speech.script import make_script
from pipeline.speech.voices import speech_settings
from pipeline.words.project import word_source


@dataclass(frozen=True)
class ScriptLine:
    """One utterance as ``handout script`` shows it."""

    article: str
    language: str
    source: str  # "source/<slug>.md:12"
    written: str
    spoken: str
    phonemes: str = ""


def script_lines(
    project: Project,
    report: Report,
    languages: tuple[str, ...],
    articles: tuple[str, ...],
    voices: dict[Language, str] | None = None,
) -> list[ScriptLine]:
    """Every published unit's utterances; ``voices`` (language → voice id) adds phonemes."""
    config = project.config
    wanted = tuple(parse_language(tag) for tag in languages)
    region = speech_settings(config).region
    lines: list[ScriptLine] = []
    for path in project.source_files(articles):
        article = project.load(path)
        for language in (config.source_language, *config.languages):
            if wanted and language not in wanted:
                continue
            decision = decide(project, report, article, language)
            if decision is None or not decision.published:
                continue
            tags = {language.bcp47} | {t.lang for t in decision.localized.article.texts() if t.lang}
            lexicons = {t: _lexicon(project, parse_language(t)) for t in tags}
            rules: dict[str, SpokenRules] = {
                t: project_rules(project, parse_language(t), region) for t in tags
            }
            script = make_script(decision.localized, lexicons, rules, word_source(project))
            source = project.shown(path)
            found = [
                ScriptLine(article.slug, u.language, f"{source}:{u.line}", u.shown, u.spoken)
                for u in script.utterances()
            ]
            voice = (voices or {}).get(language)
            if voice is not None:
                read = phonemize(voice, [line.spoken for line in found])
                found = [
                    ScriptLine(*_fields(line), phonemes=p.phonemes.replace("\n", " | "))
                    for line, p in zip(found, read, strict=True)
                ]
            lines += found
    return lines


def _fields(line: ScriptLine) -> tuple[str, str, str, str, str]:
    return (line.article, line.language, line.source, line.written, line.spoken)


def _lexicon(project: Project, language: Language) -> Lexicon:
    path = project.lexicon_path(language)
    if not path.is_file():
        return Lexicon(language=language.bcp47, lexemes=())
    return load_lexicon(path, project.shown(path), language)


def as_json(lines: list[ScriptLine]) -> list[dict[str, Any]]:
    return [
        {
            "article": line.article,
            "language": line.language,
            "source": line.source,
            "written": line.written,
            "spoken": line.spoken,
            **({"phonemes": line.phonemes} if line.phonemes else {}),
        }
        for line in lines
    ]


def as_text(lines: list[ScriptLine]) -> list[str]:
    """Three lines per utterance (four with phonemes); written text is quoted, never raw."""
    out: list[str] = []
    for line in lines:
        out.append(f"{line.source}: {line.language}")
        out.append(f"  written: {line.written!r}"[:2000])
        out.append(f"  spoken:  {line.spoken!r}"[:2000])
        if line.phonemes:
            out.append(f"  phonemes: {line.phonemes}")
    return out


__all__ = ["HandoutError", "ScriptLine", "as_json", "as_text", "script_lines"]
