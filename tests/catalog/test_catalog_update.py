"""``handout update`` against the real ``msgmerge --previous``: translators never lose work."""

from __future__ import annotations

from pathlib import Path

import polib
from support.gettext_tools import assert_msgfmt_ok, msgmerge, semantic
from support.project import BUNDLED_SLUG

SOURCE = f"source/{BUNDLED_SLUG}.md"
LONG = (
    "PRP injections work by stimulating healing in damaged tissues. Platelets work all the time "
    "in your blood to heal wounds and repair tissues. By concentrating the platelets and injecting "
    "them in a specific area, the healing effect can be more pronounced."
)


def es_catalog(root: Path) -> Path:
    return root / "locales" / "es" / "LC_MESSAGES" / f"{BUNDLED_SLUG}.po"


def edit_source(root: Path, old: str, new: str) -> None:
    path = root / SOURCE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def merge_both_ways(root: Path, run_cli, tmp_path: Path) -> tuple[polib.POFile, polib.POFile]:
    """Run msgmerge on a copy of the old catalog and handout update on the project."""
    old_copy = tmp_path / "old.po"
    old_copy.write_bytes(es_catalog(root).read_bytes())
    result = run_cli(root, "update")
    assert result.code == 0, result.err
    theirs = msgmerge(old_copy, root / "locales" / f"{BUNDLED_SLUG}.pot", tmp_path / "msgmerge.po")
    return polib.pofile(str(es_catalog(root))), theirs


def test_small_edit_in_long_paragraph_is_fuzzy_with_previous_msgid(project, run_cli, tmp_path):
    old = polib.pofile(str(es_catalog(project))).find(LONG)
    assert old is not None and old.translated()
    edit_source(
        project, "the healing effect can be more pronounced", "the healing effect may be stronger"
    )
    ours, theirs = merge_both_ways(project, run_cli, tmp_path)
    new_id = LONG.replace(
        "the healing effect can be more pronounced", "the healing effect may be stronger"
    )
    entry = ours.find(new_id)
    assert entry is not None
    assert entry.fuzzy and entry.previous_msgid == LONG
    assert entry.msgstr == old.msgstr, "the old translation is offered, not lost"
    assert ours.find(LONG) is None and not [e for e in ours if e.obsolete]
    assert semantic(ours) == semantic(theirs)
    assert_msgfmt_ok(es_catalog(project))


def test_removed_message_becomes_obsolete_and_returns_with_its_translation(
    project, run_cli, tmp_path
):
    last = "If you have more questions, contact a doctor that offers PRP injections."
    translation = polib.pofile(str(es_catalog(project))).find(last).msgstr
    edit_source(project, last, "")
    ours, theirs = merge_both_ways(project, run_cli, tmp_path)
    gone = ours.find(last, include_obsolete_entries=True)
    assert gone is not None and gone.obsolete and gone.msgstr == translation
    assert semantic(ours) == semantic(theirs)
    assert_msgfmt_ok(es_catalog(project))

    edit_source(project, "right for you.\n", f"right for you.\n\n{last}\n")
    ours, theirs = merge_both_ways(project, run_cli, tmp_path)
    back = ours.find(last)
    assert back is not None and not back.obsolete and not back.fuzzy
    assert back.msgstr == translation
    assert semantic(ours) == semantic(theirs)


def test_translator_comments_flags_and_tool_headers_survive(project, run_cli, tmp_path):
    path = es_catalog(project)
    catalog = polib.pofile(str(path))
    catalog.metadata["X-Generator"] = "Poedit 3.4.2"
    entry = catalog.find("The Injections Target Damaged Tissues")
    entry.tcomment = "Checked with Dr. Ruiz"
    entry.flags.append("handout-ignore-numbers")
    catalog.save(str(path))
    edit_source(
        project, "You Might Need Multiple Treatments", "You Might Need More Than One Treatment"
    )
    ours, theirs = merge_both_ways(project, run_cli, tmp_path)
    kept = ours.find("The Injections Target Damaged Tissues")
    assert kept.tcomment == "Checked with Dr. Ruiz"
    assert "handout-ignore-numbers" in kept.flags and not kept.fuzzy
    assert kept.msgstr == entry.msgstr
    assert ours.metadata["X-Generator"] == "Poedit 3.4.2"
    assert ours.metadata["Language"] == "es"
    assert semantic(ours) == semantic(theirs)


def test_untouched_catalogs_are_not_rewritten(project, run_cli):
    run_cli(project, "update")
    files = sorted((project / "locales").rglob("*.po*"))
    stamps = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    result = run_cli(project, "update")
    assert result.code == 0
    assert "0 files written" in result.out
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == stamps


def test_new_language_in_config_gets_a_catalog_on_update(project, run_cli):
    config = project / "handout.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('"tl"]', '"tl", "fr"]'), encoding="utf-8"
    )
    result = run_cli(project, "update")
    assert result.code == 0, result.err
    created = project / "locales" / "fr" / "LC_MESSAGES" / f"{BUNDLED_SLUG}.po"
    assert polib.pofile(str(created)).metadata["Language"] == "fr"
    assert_msgfmt_ok(created)


def test_every_bundled_catalog_is_valid_gettext():
    root = Path(__file__).resolve().parents[2] / "locales"
    files = sorted(root.rglob("*.po")) + sorted(root.glob("*.pot"))
    assert len(files) == 8
    assert_msgfmt_ok(*files)


def test_a_catalog_edited_after_update_is_merged_again(project, run_cli):
    """The digest cache must never hide a translator's edit from the next update."""
    run_cli(project, "update")
    path = es_catalog(project)
    catalog = polib.pofile(str(path))
    catalog.append(
        polib.POEntry(msgid="A sentence the article no longer has.", msgstr="Una frase.")
    )
    catalog.save(str(path))
    result = run_cli(project, "update")
    assert result.code == 0, result.err
    stale = polib.pofile(str(path)).find(
        "A sentence the article no longer has.", include_obsolete_entries=True
    )
    assert stale is not None and stale.obsolete and stale.msgstr == "Una frase."


def test_a_corrupt_digest_cache_is_ignored(project, run_cli):
    run_cli(project, "update")
    for cache in (project / ".handout-cache").glob("*-digests.json"):
        cache.write_text("{not json", encoding="utf-8")
    (project / "locales" / f"{BUNDLED_SLUG}.pot").unlink()
    result = run_cli(project, "update")
    assert result.code == 0, result.err
    assert (project / "locales" / f"{BUNDLED_SLUG}.pot").exists()


def test_fuzzy_match_offers_the_most_similar_translation(tmp_path):
    """Among several near neighbours the closest wins, as with msgmerge (checked against it)."""
    from pipeline.catalog.merge import merge

    old = polib.POFile()
    old.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es"}
    for msgid, msgstr in [
        ("Take 50 mg twice a day with food, for children over 12.", "Tome 50 mg (niños)."),
        ("Take 5 mg twice a day with food, for adults over 65 years.", "Tome 5 mg (adultos)."),
        ("Call your doctor if the pain gets worse.", "Llame a su médico."),
    ]:
        old.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    template = polib.POFile()
    template.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    template.append(
        polib.POEntry(msgid="Take 5 mg twice a day with food, for adults over 60 years.")
    )
    result = merge(template, old).catalog
    (tmp_path / "old.po").write_text(str(old), encoding="utf-8")
    (tmp_path / "new.pot").write_text(str(template), encoding="utf-8")
    theirs = msgmerge(tmp_path / "old.po", tmp_path / "new.pot", tmp_path / "out.po")
    entry = result[0]
    assert entry.fuzzy and entry.msgstr == "Tome 5 mg (adultos)."
    assert semantic(result) == semantic(theirs)


def test_undone_edit_restores_the_translation_where_msgmerge_leaves_it_fuzzy(
    project, run_cli, tmp_path
):
    """A source edit and its undo give back the catalog as it was: the entry's ``#|`` msgid
    equals its msgid, so its translation is exact. GNU msgmerge keeps it fuzzy (checked here:
    that is the one documented difference)."""
    before = es_catalog(project).read_bytes()
    old = "a doctor that offers PRP injections"
    new = "a doctor who offers PRP injections"
    edit_source(project, old, new)
    assert run_cli(project, "update").code == 0
    edited = polib.pofile(str(es_catalog(project)))
    assert [e for e in edited if e.fuzzy and e.previous_msgid and old in e.previous_msgid]

    edit_source(project, new, old)
    fuzzy_copy = tmp_path / "fuzzy.po"
    fuzzy_copy.write_bytes(es_catalog(project).read_bytes())
    ours, theirs = merge_both_ways(project, run_cli, tmp_path)
    assert not [e for e in ours if e.fuzzy], "the undone edit's entry is restored"
    def body(data: bytes) -> list[bytes]:  # all but the template's creation date
        return [line for line in data.splitlines() if b"POT-Creation-Date" not in line]

    assert body(es_catalog(project).read_bytes()) == body(before), "the catalog before the edit"
    # GNU msgmerge, given the same catalog, keeps the entry fuzzy with #| msgid == msgid.
    theirs = msgmerge(fuzzy_copy, project / "locales" / f"{BUNDLED_SLUG}.pot", tmp_path / "m.po")
    kept = [e for e in theirs if e.fuzzy]
    assert len(kept) == 1 and kept[0].previous_msgid == kept[0].msgid
    assert assert_msgfmt_ok(es_catalog(project)) is None
