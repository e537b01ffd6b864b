"""Plain text: 72 columns for alphabetic scripts, never a cut inside Chinese, Japanese or Thai."""

from __future__ import annotations

from pathlib import Path

from support.text_fixtures import all_texts, edition, rich_article

from pipeline.text.plain import RLM, WIDTH, display_width, render_plain, wrap


def test_english_wraps_at_72_columns_without_losing_a_word(run_build: Path) -> None:
    text = (run_build / "build/en/prp-injections-lower-back-pain.txt").read_text("utf-8")
    lines = text.splitlines()
    assert max(display_width(line) for line in lines) <= WIDTH
    assert sum(1 for line in lines if display_width(line) > 60) > 20  # really filled, not cut short
    source = (run_build / "source/prp-injections-lower-back-pain.md").read_text("utf-8")
    assert " ".join(text.split()).count("PRP injections") >= source.count("PRP injections") - 2


def test_chinese_is_never_broken_inside_a_run(run_build: Path) -> None:
    text = (run_build / "build/zh-Hans/prp-injections-lower-back-pain.txt").read_text("utf-8")
    paragraph = (
        "如果您一直有腰痛，用常规治疗方法无法缓解，或者您只是更喜欢比较天然的治疗方式，"
        "可以和医生谈谈PRP注射。这种注射能促进健康组织的生长。它被用于多种医疗和美容项目，"
        "其中包括治疗腰痛。下面为您介绍这种注射如何治疗背痛。"
    )
    assert paragraph in text.splitlines()  # one line, whole: wider than 72 columns, uncut
    assert display_width(paragraph) > WIDTH


def test_wrap_breaks_only_at_spaces_and_counts_wide_characters_as_two() -> None:
    assert display_width("注射") == 4
    assert display_width("ế") == 1
    thai = "การฉีดพีอาร์พีช่วยให้เนื้อเยื่อที่บาดเจ็บหายเร็วขึ้นได้ในผู้ป่วยหลายคนที่มีอาการปวดหลังเรื้อรัง"
    assert wrap(thai, 20) == [thai]
    japanese = "注射の後は" * 12 + " PRP " + "安静にしてください" * 6
    lines = wrap(japanese, WIDTH)
    assert lines == ["注射の後は" * 12, "PRP", "安静にしてください" * 6]
    no_break = "38\u00a0°C " * 30  # a no-break space is not a place to break
    assert all("\u00a0°C" in line or not line for line in wrap(no_break, 20))


def test_headings_lists_tables_and_links_read_as_text() -> None:
    text = render_plain(edition(rich_article(), "en"))
    lines = text.splitlines()
    assert lines[0:2] == [
        "Caring for your back after a PRP injection",
        "=" * len("Caring for your back after a PRP injection"),
    ]
    heading = lines.index("What to do")
    assert lines[heading + 1] == "----------" and lines[heading - 1] == ""
    assert "1. Keep the bandage dry for 1 day." in lines
    assert "3. Do not take ibuprofen for 7 days." in lines  # emphasis markers dropped
    assert "- Heat: not before day 3" in lines
    assert lines[lines.index("Day: 2") : lines.index("Day: 2") + 3] == [
        "Day: 2",
        "Activity: Lifting over 5 kg",
        "Allowed: no",
    ]
    assert "read our recovery guide (https://clinic.example/recovery) if you have" in lines
    assert "[Picture: A patient resting on a sofa]" in lines
    assert "    Clinic phone: 555-123-4567" in lines
    assert "*" not in text.replace("* * *", "")


def test_arabic_lines_start_right_to_left(run_build: Path) -> None:
    text = (run_build / "build/ar/prp-injections-lower-back-pain.txt").read_text("utf-8")
    lines = [line for line in text.splitlines() if line]
    assert lines and all(line.startswith(RLM) for line in lines)
    assert max(display_width(line) for line in lines) <= WIDTH


def test_a_draft_says_so_first() -> None:
    article = rich_article()
    translations = {t: f"ES {t}" for t in all_texts(article)[:5]}
    text = render_plain(edition(article, "es", translations, draft=True))
    assert text.startswith("[Borrador de traducción, sin revisar]\n")
    assert "aparecen en inglés" in text
