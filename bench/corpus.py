"""A generated library of articles (varied from the bundled one) with complete catalogs.

Shared by the benchmarks so every figure is measured on the same kind of input.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import polib

from pipeline.article import load_article
from pipeline.catalog.extract import template_for
from pipeline.catalog.lifecycle import new_catalog
from pipeline.languages import parse_language

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "source" / "prp-injections-lower-back-pain.md"
WORDS = ["knee", "shoulder", "hip", "wrist", "ankle", "elbow", "neck", "spine"]


def make_corpus(root: Path, articles: int, languages: list[str], seed: int = 1) -> Path:
    """Write ``articles`` sources and complete pseudo-translated catalogs under ``root``."""
    if root.exists():
        shutil.rmtree(root)
    (root / "source").mkdir(parents=True)
    (root / "handout.toml").write_text(
        f"languages = {languages!r}\n".replace("'", '"'), encoding="utf-8"
    )
    rng = random.Random(seed)
    text = BUNDLED.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    paragraphs = [p for p in body.strip().split("\n\n")]
    for n in range(articles):
        word = rng.choice(WORDS)
        varied = [re.sub(r"\bback\b", word, p) for p in paragraphs]
        middle = varied[1:]
        rng.shuffle(middle)
        dose, glasses = rng.randint(1, 900), rng.randint(1, 12)
        extra = f"Article {n}: take {dose} mg with {glasses} glasses of water."
        source = head + "\n---\n\n" + "\n\n".join([varied[0], *middle, extra]) + "\n"
        (root / "source" / f"article-{n:04d}.md").write_text(source, encoding="utf-8")
    for tag in languages:
        language = parse_language(tag)
        for path in sorted((root / "source").glob("*.md")):
            article = load_article(path, f"source/{path.name}")
            catalog = new_catalog(template_for(article, "en"), language)
            for entry in catalog:
                entry.msgstr = f"[{tag}] {entry.msgid}"
            target = root / "locales" / language.gettext / "LC_MESSAGES" / f"{article.slug}.po"
            target.parent.mkdir(parents=True, exist_ok=True)
            catalog.save(str(target))
    return root


def edit_one_paragraph(root: Path, count: int) -> None:
    """Change one word in one long paragraph of the first ``count`` articles."""
    for path in sorted((root / "source").glob("*.md"))[:count]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("healthy tissue", "new healthy tissue", 1), encoding="utf-8")


def pofiles(root: Path) -> list[Path]:
    return sorted((root / "locales").rglob("*.po"))


def as_entries(path: Path) -> int:
    return len(polib.pofile(str(path)))
