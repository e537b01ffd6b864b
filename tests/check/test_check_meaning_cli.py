"""Meaning checks end to end: real catalogs through ``handout check``, ``status`` and ``build``.

A dosing article is extracted, translated into Spanish, Simplified Chinese,
Arabic and Russian (each in its locale's conventions), then seeded with the
mistakes a translator makes: each is reported at its file:line and blocks
publishing; the correct catalogs publish. A translator's ignore flag on a
meaning check only asks for a reviewer; the clinic's accepted exception lets it through.
"""

from __future__ import annotations

from support.dosing import ARTICLE, CLOCK, DOSE, DRIVE, LIMIT, SLUG, _translate

SEEDED = [
    ("es", DOSE, "Tome 500 g cada 6 horas.",
     'error: quantities: "500 mg" became "500 g": 1000× the amount (another unit)'),
    ("zh_Hans", LIMIT, "一天内至少服用3000毫克。",
     'error: negation: the source negates or forbids ("Never" in "Never take more than 3,000 mg '
     'in one day.") but the translation "一天内至少服用3000毫克。" has no negation: was the '
     '"Never" lost?'),
    ("zh_Hans", LIMIT, "一天内至少服用3000毫克。",
     'error: quantities: "Never take more than 3,000 mg" became "至少 3000毫克": '
     "the limit is the other way round"),
    ("ar", CLOCK, "تناول ١ قرص في الساعة ٨ صباحًا.",
     'error: quantities: "8 p.m." became "٨ صباحًا": a different time of day'),
    ("ru", DRIVE, "Садитесь за руль через 24 часа.",
     'error: negation: the source negates or forbids ("not" in "Do not drive for 24 hours.") '
     'but the translation "Садитесь за руль через 24 часа." has no negation: '
     'was the "not" lost?'),
]  # fmt: skip


def test_correct_catalogs_in_four_locales_check_clean(dosing, run_cli):
    result = run_cli(dosing, "check", "--article", SLUG)
    assert result.code == 0, result.out
    assert " 0 errors" in result.out


def test_every_seeded_error_is_reported_at_its_file_and_line(dosing, run_cli):
    expected = []
    for gettext, msgid, wrong, line in SEEDED:
        catalog = _translate(dosing, gettext, {msgid: wrong})
        entry = next(e for e in catalog if e.msgid == msgid)
        expected.append(f"locales/{gettext}/LC_MESSAGES/{SLUG}.po:{entry.linenum}: {line}")
    result = run_cli(dosing, "check", "--article", SLUG)
    assert result.code == 1
    errors = [line for line in result.out.splitlines() if ": error: " in line]
    assert sorted(errors) == sorted(expected)


def test_a_seeded_error_blocks_the_build_and_the_correct_catalog_publishes(dosing, run_cli):
    page = dosing / "build" / "es" / f"{SLUG}.html"
    assert run_cli(dosing, "build", "--article", SLUG, "--lang", "es", "--jobs", "1").code == 0
    assert "20:00" in page.read_text(encoding="utf-8")
    _translate(dosing, "es", {DOSE: "Tome 500 g cada 6 horas."})
    result = run_cli(dosing, "build", "--article", SLUG, "--lang", "es", "--jobs", "1")
    assert result.code == 1
    assert '"500 mg" became "500 g"' in result.out + result.err
    assert not page.exists()


def test_a_translators_flag_needs_a_reviewer_and_an_accepted_exception_lets_it_through(
    dosing, run_cli
):
    catalog = _translate(
        dosing, "es", {DOSE: "Tome 500 g cada 6 horas."}, ("handout-ignore-quantities",)
    )
    line = next(e for e in catalog if e.msgid == DOSE).linenum
    shown = f"locales/es/LC_MESSAGES/{SLUG}.po"
    result = run_cli(dosing, "check", "--article", SLUG, "--lang", "es")
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        f"{shown}:{line}: warning: quantities: ignored by the translator, needs a reviewer: "
        '"500 mg" became "500 g": 1000× the amount (another unit)'
    )
    assert result.out.splitlines()[-1].endswith("; 1 ignored by the translator, needing a reviewer")
    page = dosing / "build" / "es" / f"{SLUG}.html"
    assert run_cli(dosing, "build", "--article", SLUG, "--lang", "es", "--jobs", "1").code == 1
    assert not page.exists()

    (dosing / "locales" / "accepted-exceptions.toml").write_text(
        f'[[accepted]]\narticle = "{SLUG}"\nlanguage = "es"\ncheck = "quantities"\n'
        f'msgid = "{DOSE}"\nreason = "test"\nreviewer = "Dr. Ruiz"\n',
        encoding="utf-8",
    )
    result = run_cli(dosing, "check", "--article", SLUG, "--lang", "es")
    assert result.code == 0, result.out
    assert run_cli(dosing, "build", "--article", SLUG, "--lang", "es", "--jobs", "1").code == 0
    assert page.exists()


def test_an_accepted_exception_for_another_check_does_not_count(dosing, run_cli):
    _translate(dosing, "es", {DOSE: "Tome 500 g cada 6 horas."}, ("handout-ignore-quantities",))
    (dosing / "locales" / "accepted-exceptions.toml").write_text(
        f'[[accepted]]\narticle = "{SLUG}"\nlanguage = "es"\ncheck = "numbers"\nmsgid = "{DOSE}"\n',
        encoding="utf-8",
    )
    assert run_cli(dosing, "check", "--article", SLUG, "--lang", "es").code == 1


def test_a_style_flag_still_silences_its_check(dosing, run_cli):
    _translate(dosing, "es", {DOSE: "Tome 500 mg cada 6 horas"}, ("handout-ignore-punctuation",))
    result = run_cli(dosing, "check", "--article", SLUG, "--lang", "es")
    assert result.code == 0
    assert "punctuation" not in result.out


def test_a_bad_accepted_exceptions_file_is_bad_input(dosing, run_cli):
    (dosing / "locales" / "accepted-exceptions.toml").write_text(
        '[[accepted]]\narticle = "dosing"\nlanguage = "es"\ncheck = "numbers"\n', encoding="utf-8"
    )
    result = run_cli(dosing, "check")
    assert result.code == 2
    assert result.err.splitlines() == [
        "locales/accepted-exceptions.toml: error: accepted exception: give either 'msgid' or "
        "'digest'"
    ]


def test_clinic_words_in_handout_toml_extend_the_lexicon(dosing, run_cli):
    _translate(dosing, "es", {DOSE: "Tome 500 mlgr. cada 6 horas."})
    result = run_cli(dosing, "check", "--article", SLUG, "--lang", "es")
    assert result.code == 1
    assert '"500 mg" lost its unit in the translation ("500")' in result.out
    settings = dosing / "handout.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + '\n[checks.es]\nunits = { mass-milligram = ["mlgr."] }\n',
        encoding="utf-8",
    )
    result = run_cli(dosing, "check", "--article", SLUG, "--lang", "es")
    assert result.code == 0, result.out


def test_an_unknown_unit_in_handout_toml_is_bad_input(dosing, run_cli):
    settings = dosing / "handout.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + '\n[checks.es]\nunits = { mass-megagram = ["Mg"] }\n',
        encoding="utf-8",
    )
    result = run_cli(dosing, "check")
    assert result.code == 2
    assert result.err.splitlines() == [
        "handout.toml: error: checks.es.units: unknown unit 'mass-megagram'"
    ]


def test_error_prone_notation_in_the_source_is_listed_by_check_and_status(dosing, run_cli):
    source = dosing / "source" / f"{SLUG}.md"
    source.write_text(ARTICLE + "\nTake .5 mg QD on 03/04/2026.\n", encoding="utf-8")
    line = ARTICLE.count("\n") + 2
    expected = [
        f'source/{SLUG}.md:{line}: warning: notation: error-prone notation ".5 mg": '
        "a naked decimal point is missed; write 0.5",
        f'source/{SLUG}.md:{line}: warning: notation: error-prone notation "QD": '
        "Latin abbreviations are misread (QD as QID); write the frequency in words, "
        'e.g. "once a day"',
        f'source/{SLUG}.md:{line}: warning: notation: error-prone notation "03/04/2026": '
        "day and month can be read either way; write the month in words or 2026-04-03 (ISO 8601)",
    ]
    result = run_cli(dosing, "check", "--article", SLUG)
    assert result.out.splitlines()[:3] == expected
    status = run_cli(dosing, "status").out
    assert all(line in status.splitlines() for line in expected)


def test_a_broken_accepted_exceptions_file_names_its_line(dosing, run_cli):
    (dosing / "locales" / "accepted-exceptions.toml").write_text(
        '[[accepted]]\narticle = "dosing"\nlanguage = \n', encoding="utf-8"
    )
    result = run_cli(dosing, "check")
    assert result.code == 2
    assert result.err.startswith("locales/accepted-exceptions.toml:3: error: invalid TOML")


def test_a_message_quoting_the_translation_stays_on_one_line(dosing, run_cli):
    _translate(dosing, "es", {DOSE: "Tome 500 g cada\n6 horas."})
    result = run_cli(dosing, "check", "--article", SLUG, "--lang", "es")
    errors = [line for line in result.out.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(f"locales/es/LC_MESSAGES/{SLUG}.po:")
    assert '"500 mg" became "500 g"' in errors[0]


def test_an_exception_accepted_in_handout_toml_by_digest(dosing, run_cli):
    from pipeline.check.accepted import message_digest

    _translate(
        dosing, "ru", {DRIVE: "Садитесь за руль через 24 часа."}, ("handout-ignore-negation",)
    )
    assert run_cli(dosing, "check", "--article", SLUG, "--lang", "ru").code == 1
    settings = dosing / "handout.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + f'\n[[checks.accepted]]\narticle = "{SLUG}"\nlanguage = "ru"\ncheck = "negation"\n'
        f'digest = "{message_digest(DRIVE)[:16]}"\nreviewer = "Dr. Petrova"\n',
        encoding="utf-8",
    )
    result = run_cli(dosing, "check", "--article", SLUG, "--lang", "ru")
    assert result.code == 0, result.out


def test_an_exception_pinned_to_a_translation_ends_when_the_translation_changes(dosing, run_cli):
    wrong = "Tome 500 g cada 6 horas."
    _translate(dosing, "es", {DOSE: wrong}, ("handout-ignore-quantities",))
    (dosing / "locales" / "accepted-exceptions.toml").write_text(
        f'[[accepted]]\narticle = "{SLUG}"\nlanguage = "es"\ncheck = "quantities"\n'
        f'msgid = "{DOSE}"\nmsgstr = "{wrong}"\n',
        encoding="utf-8",
    )
    assert run_cli(dosing, "check", "--article", SLUG, "--lang", "es").code == 0
    _translate(dosing, "es", {DOSE: "Tome 500 kg cada 6 horas."}, ("handout-ignore-quantities",))
    result = run_cli(dosing, "check", "--article", SLUG, "--lang", "es")
    assert result.code == 1
    assert "needs a reviewer" in result.out
