"""A small article that uses every block kind, and editions of it, for the text renderer tests."""

from __future__ import annotations

from collections.abc import Mapping

from pipeline.article import Article, parse_article
from pipeline.languages import parse_language
from pipeline.localize import localize
from pipeline.text.edition import Edition

RICH_SOURCE = """\
---
title: Caring for your back after a PRP injection
description: What to do in the first 3 days after your injection.
reviewed: 2026-11-26
---

# Caring for your back after a PRP injection

Rest for **24 hours** after the injection. Call us at <tel:+15551234567> or read
[our recovery guide](https://clinic.example/recovery "Recovery guide") if you have questions.

## What to do

1. Keep the bandage dry for 1 day.
2. Walk a little every 2 hours.
3. Do *not* take ibuprofen for 7 days.

- Ice: 15 minutes at a time
- Heat: not before day 3

> If you have a fever over 38 °C, call your doctor the same day.

| Day | Activity | Allowed |
|:----|:--------:|--------:|
| 1 | Walking | yes |
| 2 | Lifting over 5 kg | no |

![A patient resting on a sofa](images/rest.png)

```
Clinic phone: 555-123-4567
```

---

Questions? Write to <care@clinic.example>.
"""


def rich_article() -> Article:
    return parse_article(RICH_SOURCE, slug="after-prp", path="source/after-prp.md")


def edition(
    article: Article,
    tag: str,
    translations: Mapping[str, str] | None = None,
    *,
    draft: bool = False,
    fuzzy: frozenset[str] = frozenset(),
) -> Edition:
    """``article`` localized into ``tag`` with ``translations`` (msgid → msgstr)."""
    language = parse_language(tag)
    source = parse_language("en")
    localized = localize(article, language, source, translations or {}, fuzzy)
    return Edition(localized, draft=draft, clinic="Riverside Clinic", published=(source,))


def all_texts(article: Article) -> list[str]:
    return [t.markdown for t in article.texts() if t.translatable]
