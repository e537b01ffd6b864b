"""A dosing article and its catalogs in four locales: the meaning checks' end-to-end material.

Shared by the check tests (``handout check``/``status``) and the sign-off tests
(approvals that accept a flagged meaning check).
"""

from __future__ import annotations

from pathlib import Path

import polib

SLUG = "dosing"
ARTICLE = """\
---
title: Taking acetaminophen safely
description: How much to take, and when.
language: en
reviewed: 2026-11-26
authors: [Patient Education Team]
---

# Taking acetaminophen safely

Take 500 mg every 6 hours.

Never take more than 3,000 mg in one day.

Take 1 tablet at 8 p.m.

Do not drive for 24 hours.
"""
DOSE, LIMIT, CLOCK, DRIVE = (
    "Take 500 mg every 6 hours.",
    "Never take more than 3,000 mg in one day.",
    "Take 1 tablet at 8 p.m.",
    "Do not drive for 24 hours.",
)
CORRECT = {
    "es": {
        "Taking acetaminophen safely": "Cómo tomar paracetamol de forma segura",
        "How much to take, and when.": "Cuánto tomar, y cuándo.",
        DOSE: "Tome 500 mg cada 6 horas.",
        LIMIT: "Nunca tome más de 3.000 mg en un día.",
        CLOCK: "Tome 1 tableta a las 20:00.",
        DRIVE: "No conduzca durante 24 horas.",
    },
    "zh_Hans": {
        "Taking acetaminophen safely": "安全服用对乙酰氨基酚",
        "How much to take, and when.": "服用多少，何时服用。",
        DOSE: "每6小时服用500毫克。",
        LIMIT: "一天内切勿服用超过3000毫克。",
        CLOCK: "晚上8点服用1片。",
        DRIVE: "24小时内不要开车。",
    },
    "ar": {
        "Taking acetaminophen safely": "تناول الأسيتامينوفين بأمان",
        "How much to take, and when.": "كم تتناول، ومتى.",
        DOSE: "تناول ٥٠٠ ملغ كل ٦ ساعات.",
        LIMIT: "لا تتناول أبدًا أكثر من ٣٬٠٠٠ ملغ في اليوم الواحد.",
        CLOCK: "تناول ١ قرص في الساعة ٨ مساءً.",
        DRIVE: "لا تقد السيارة لمدة ٢٤ ساعة.",
    },
    "ru": {
        "Taking acetaminophen safely": "Как безопасно принимать парацетамол",
        "How much to take, and when.": "Сколько принимать и когда.",
        DOSE: "Принимайте 500 мг каждые 6 часов.",
        LIMIT: "Никогда не принимайте более 3 000 мг в день.",
        CLOCK: "Примите 1 таблетку в 20:00.",
        DRIVE: "Не садитесь за руль в течение 24 часов.",
    },
}


def _catalog(project: Path, gettext: str) -> Path:
    return project / "locales" / gettext / "LC_MESSAGES" / f"{SLUG}.po"


def _translate(project: Path, gettext: str, changes: dict[str, str], flags: tuple[str, ...] = ()):
    template = polib.pofile(str(project / "locales" / f"{SLUG}.pot"))
    template.metadata["Language"] = gettext
    for entry in template:
        entry.msgstr = changes.get(entry.msgid, CORRECT[gettext][entry.msgid])
        if entry.msgid in changes:
            entry.flags.extend(flags)
    path = _catalog(project, gettext)
    template.save(str(path))
    return polib.pofile(str(path))
