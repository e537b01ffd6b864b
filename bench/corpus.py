"""A generated library of articles (varied from the bundled one) with complete catalogs.

Shared by the benchmarks so every figure is measured on the same kind of input.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import polib

from pipeline.article import load_article
from pipeline.catalog.extract import template_for
from pipeline.catalog.lifecycle import new_catalog
from pipeline.languages import parse_language

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "source" / "prp-injections-lower-back-pain.md"
#: The bundled article's languages, in the order ``--languages K`` takes them.
LANGUAGES = ["es", "zh-Hans", "vi", "ar", "ko", "ru", "tl"]
WORDS = ["knee", "shoulder", "hip", "wrist", "ankle", "elbow", "neck", "spine"]

_PARTS = ["knee", "shoulder", "hip", "wrist", "ankle", "elbow", "neck", "lower back", "heel"]
_CONDITIONS = [
    "arthritis",
    "tendon pain",
    "a sprain",
    "bursitis",
    "a muscle strain",
    "nerve pain",
    "stiffness after surgery",
]
_TREATMENTS = [
    ("steroid injections", "A steroid injection calms inflammation in and around the joint."),
    ("physical therapy", "A physical therapist teaches exercises that strengthen the muscles."),
    ("PRP injections", "Platelet-rich plasma is made from a small sample of your own blood."),
    ("a brace", "A brace supports the joint while the tissues heal."),
    ("hyaluronic acid injections", "Hyaluronic acid helps the joint move more smoothly."),
    ("nerve blocks", "A nerve block numbs the nerve that carries the pain signal."),
]
_OPENERS = [
    "If you have {condition} in your {part}, {treatment} may help you move with less pain.",
    "Many people with {condition} in the {part} feel better after {treatment}.",
    "Your doctor may suggest {treatment} when rest and pain medicine are not enough.",
    "{Treatment} are one of several ways to treat {condition} of the {part}.",
]
_SENTENCES = [
    "Most people go home the same day.",
    "The appointment usually takes about {minutes} minutes.",
    "You may feel some soreness for {days} days afterwards.",
    "Put ice on the area for {ice} minutes at a time, a few times a day.",
    "Avoid heavy lifting for at least {days} days.",
    "Take {dose} mg of paracetamol up to {times} times a day if you need it.",
    "Do not take more than {max} mg in 24 hours.",
    "Your doctor will check how you are doing after {weeks} weeks.",
    "Some people need a second treatment after {months} months.",
    "Tell your doctor about every medicine you take, including vitamins.",
    "Bring a list of your questions to the appointment.",
    "Wear loose clothing so the doctor can reach your {part} easily.",
    "Drink {glasses} glasses of water on the day of your treatment.",
    "Walking gently every day helps the {part} heal.",
    "Stop any exercise that makes the pain sharper.",
    "The results can take {weeks} weeks to show.",
]
_WARNINGS = [
    "a fever above {fever} °C",
    "redness or swelling that keeps growing",
    "pain that gets worse after {days} days",
    "numbness or weakness in your {part}",
    "fluid or pus where the needle went in",
]
_HEADINGS = [
    "What the Treatment Is",
    "Before Your Appointment",
    "On the Day",
    "After the Treatment",
    "Caring for Your {Part} at Home",
    "How Well It Works",
    "Exercises That Help",
]


def _fill(template: str, rng: random.Random, slots: dict[str, str]) -> str:
    numbers = {
        "minutes": str(rng.choice([15, 20, 30, 45])),
        "days": str(rng.randint(2, 5)),
        "ice": str(rng.choice([10, 15, 20])),
        "dose": str(rng.choice([500, 1000])),
        "times": str(rng.choice([3, 4])),
        "max": "4000",
        "weeks": str(rng.randint(2, 8)),
        "months": str(rng.randint(2, 6)),
        "glasses": str(rng.randint(4, 8)),
        "fever": "38",
    }
    return template.format(**numbers, **slots)


def varied_article(number: int, rng: random.Random) -> str:
    """One article of several hundred words: headings, paragraphs, a list, sometimes a table."""
    part = rng.choice(_PARTS)
    condition = rng.choice(_CONDITIONS)
    treatment, explanation = rng.choice(_TREATMENTS)
    slots = {
        "part": part,
        "Part": part.title(),
        "condition": condition,
        "treatment": treatment,
        "Treatment": treatment[0].upper() + treatment[1:],
    }
    title = f"{slots['Treatment']} for {condition[0].upper() + condition[1:]} of the {part.title()}"
    lines = [
        "---",
        f"title: {title} ({number})",
        f"description: What {treatment} for {condition} of the {part} are like, and what to do "
        "afterwards.",
        "language: en",
        "reviewed: 2026-11-26",
        "---",
        "",
        f"# {title}",
        "",
        _fill(rng.choice(_OPENERS), rng, slots) + " " + explanation,
        "",
    ]
    for heading in rng.sample(_HEADINGS, 4):
        lines += [f"## {_fill(heading, rng, slots)}", ""]
        for _ in range(rng.randint(1, 2)):
            picked = rng.sample(_SENTENCES, rng.randint(3, 5))
            lines += [" ".join(_fill(t, rng, slots) for t in picked), ""]
    lines += ["## When to Call Us", "", "Call the clinic if you have:", ""]
    lines += [f"- {_fill(w, rng, slots)}" for w in rng.sample(_WARNINGS, 3)]
    lines += [""]
    if rng.random() < 0.5:
        lines += [
            "| Time | What to do |",
            "| --- | --- |",
            f"| First {rng.randint(2, 4)} days | Rest and use ice |",
            "| After one week | Start gentle exercise |",
            "",
        ]
    lines += [f"Article {number}: keep this sheet and bring it to your next visit.", ""]
    return "\n".join(lines)


def make_corpus(root: Path, articles: int, languages: list[str], seed: int = 1) -> Path:
    """Write ``articles`` varied sources and complete pseudo-translated catalogs under ``root``.

    A "translation" is the English text marked with its language tag: every
    message is translated, numbers and terms are kept (so the checks pass and
    every unit is published), and each language's audio is a real voice
    reading real sentences.
    """
    if root.exists():
        shutil.rmtree(root)
    (root / "source").mkdir(parents=True)
    (root / "handout.toml").write_text(
        'clinic = "Riverside Clinic"\n' + f"languages = {languages!r}\n".replace("'", '"'),
        encoding="utf-8",
    )
    rng = random.Random(seed)
    for n in range(articles):
        path = root / "source" / f"article-{n:04d}.md"
        path.write_text(varied_article(n, rng), encoding="utf-8")
    for tag in languages:
        language = parse_language(tag)
        for path in sorted((root / "source").glob("*.md")):
            article = load_article(path, f"source/{path.name}")
            catalog = new_catalog(template_for(article, "en"), language)
            for entry in catalog:
                entry.msgstr = pseudo_translation(tag, entry.msgid)
            target = root / "locales" / language.gettext / "LC_MESSAGES" / f"{article.slug}.po"
            target.parent.mkdir(parents=True, exist_ok=True)
            catalog.save(str(target))
    return root


def pseudo_translation(tag: str, msgid: str) -> str:
    return f"({tag}) {msgid}"


def edit_one_paragraph(root: Path, count: int) -> None:
    """Change the opening paragraph of the first ``count`` articles (one sentence added)."""
    for path in sorted((root / "source").glob("*.md"))[:count]:
        lines = path.read_text(encoding="utf-8").split("\n")
        heading = next(i for i, line in enumerate(lines) if line.startswith("# "))
        opening = next(i for i in range(heading + 1, len(lines)) if lines[i].strip())
        lines[opening] += " Ask us if anything is unclear."
        path.write_text("\n".join(lines), encoding="utf-8")


def translate_fuzzy(root: Path) -> int:
    """What a translator does after an edit: every fuzzy or empty message translated again."""
    done = 0
    for po in pofiles(root):
        catalog = polib.pofile(str(po))
        tag = po.parent.parent.name.replace("_", "-")
        changed = False
        for entry in catalog:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags or not entry.msgstr:
                entry.msgstr = pseudo_translation(tag, entry.msgid)
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = None
                entry.previous_msgctxt = None
                changed = True
                done += 1
        if changed:
            catalog.save(str(po))
    return done


def pofiles(root: Path) -> list[Path]:
    return sorted((root / "locales").rglob("*.po"))


def as_entries(path: Path) -> int:
    return len(polib.pofile(str(path)))
