"""The pages: language and direction, escaping of translations, drafts, dates and menus."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polib
import pytest
from babel.dates import format_date
from support.browser import require_tools, validate_html
from support.html_tools import parse_page
from support.project import BUNDLED_SLUG
from support.text_fixtures import all_texts, edition, rich_article

from pipeline.languages import parse_language
from pipeline.text.html import render_article

BUNDLED = ("en", "es", "zh-Hans", "vi", "ar", "ko", "ru", "tl")
NATIVE = {
    "en": "English",
    "es": "Español",
    "zh-Hans": "中文（简体）",
    "vi": "Tiếng Việt",
    "ar": "العربية",
    "ko": "한국어",
    "ru": "Русский",
    "tl": "Tagalog",
}


def _page(root: Path, tag: str, name: str = BUNDLED_SLUG + ".html") -> str:
    return (root / "build" / tag / name).read_text("utf-8")


@pytest.mark.parametrize("tag", BUNDLED)
def test_every_bundled_language_has_its_lang_dir_title_and_reviewed_date(
    run_build: Path, tag: str
) -> None:
    page = parse_page(_page(run_build, tag))
    direction = "rtl" if tag == "ar" else "ltr"
    assert page.one("html").attrs == {"lang": tag, "dir": direction}
    assert len(page.all("main")) == 1 and page.one("main").attrs["id"] == "main"
    skip = page.all("a")[0]
    assert skip.attrs["href"] == "#main"
    h1 = page.one("h1").text
    if tag != "en":
        catalog = polib.pofile(
            str(
                run_build
                / "locales"
                / parse_language(tag).gettext
                / "LC_MESSAGES"
                / f"{BUNDLED_SLUG}.po"
            )
        )
        assert (
            h1
            == catalog.find("PRP Injections Might Be The Solution For Your Lower Back Pain").msgstr
        )
    assert "PRP" in h1
    time = page.one("time")
    assert time.attrs["datetime"] == "2026-11-26"
    assert time.text == format_date(date(2026, 11, 26), "long", locale=parse_language(tag).locale)
    assert not [e for e in page.elements if e.attrs.get("class") == "untranslated"]
    assert not [e for e in page.elements if e.attrs.get("class") == "draft-banner"]


def test_the_language_switcher_names_each_language_in_itself_with_hreflang(
    run_build: Path,
) -> None:
    page = parse_page(_page(run_build, "ar"))
    nav = [a for a in page.all("a") if "lang" in a.attrs and a.attrs["href"].startswith("../")]
    assert {a.attrs["lang"]: a.text for a in nav} == NATIVE
    current = [a for a in nav if a.attrs.get("aria-current") == "page"]
    assert [a.attrs["lang"] for a in current] == ["ar"] and current[0].attrs["dir"] == "rtl"
    assert all(a.attrs["hreflang"] == a.attrs["lang"] for a in nav if a not in current)
    alternates = {e.attrs["hreflang"]: e.attrs["href"] for e in page.all("link")}
    assert alternates["zh-Hans"] == f"../zh-Hans/{BUNDLED_SLUG}.html"
    assert set(alternates) == set(BUNDLED)


def test_the_indexes_list_every_published_language_in_its_own_name(run_build: Path) -> None:
    site = parse_page((run_build / "build/index.html").read_text("utf-8"))
    choices = {
        a.attrs["lang"]: (a.text, a.attrs["href"]) for a in site.all("a") if "lang" in a.attrs
    }
    assert {tag: name for tag, (name, _) in choices.items()} == NATIVE
    assert choices["zh-Hans"][1] == "zh-Hans/index.html"
    index = parse_page((run_build / "build/es/index.html").read_text("utf-8"))
    entries = [a for a in index.all("a") if a.attrs["href"] == f"{BUNDLED_SLUG}.html"]
    assert [a.text for a in entries] == [
        "Las inyecciones de PRP podrían ser la solución "
        "para su dolor en la parte baja de la espalda"
    ]


def test_every_built_page_is_valid_html5(run_build: Path, tmp_path: Path) -> None:
    require_tools()
    pages = sorted((run_build / "build").rglob("*.html"))
    assert len(pages) == 2 * len(BUNDLED) + 1
    article = rich_article()  # every block kind, half translated, as a right-to-left draft
    half = {t: f"ترجمة {t}" for t in all_texts(article)[::2]}
    draft = tmp_path / "draft.html"
    draft.write_text(render_article(edition(article, "ar", half, draft=True)), "utf-8")
    done = validate_html(*pages, draft)
    assert done.returncode == 0, done.stdout + done.stderr


HOSTILE = [
    "<script>window.pwned = 1</script>Descanse 24 horas.",
    '<img src=x onerror="window.pwned = 2"> Llame hoy.',
    "[Haga clic aquí](javascript:window.pwned=3) para ver la guía.",
    '[guía](https://clinic.example/" onmouseover="window.pwned=4) y <a href="javascript:x">b</a>',
    '<svg onload="window.pwned=5"></svg><iframe src="https://evil.example"></iframe>',
]


@pytest.mark.parametrize("msgstr", HOSTILE)
def test_a_hostile_msgstr_comes_out_inert(msgstr: str) -> None:
    article = rich_article()
    translations = {t: msgstr for t in all_texts(article)}
    html = render_article(edition(article, "es", translations))
    page = parse_page(html)
    assert not page.all("script") and not page.all("svg") and not page.all("iframe")
    images = [e.attrs["src"] for e in page.all("img")]
    assert images == ["images/rest.png"]  # the source's own image, nothing else
    for element in page.elements:
        for name, value in element.attrs.items():
            assert not name.startswith("on"), f"<{element.tag} {name}=…>"
            assert not value.strip().lower().startswith("javascript:"), f"<{element.tag} {name}>"
    assert "window.pwned" in " ".join(e.text for e in page.elements)  # shown as text


def test_links_and_emphasis_in_a_translation_render() -> None:
    article = rich_article()
    source = next(t for t in all_texts(article) if t.startswith("Rest for"))
    translated = (
        "Descanse **24 horas** después de la inyección. Lea "
        "[nuestra guía](https://clinic.example/recovery) si tiene preguntas."
    )
    page = parse_page(render_article(edition(article, "es", {source: translated})))
    strong = [e.text for e in page.all("strong")]
    assert "24 horas" in strong
    links = {e.text: e.attrs["href"] for e in page.all("a")}
    assert links["nuestra guía"] == "https://clinic.example/recovery"


def test_a_draft_marks_every_fallback_block_with_the_source_language() -> None:
    article = rich_article()
    texts = all_texts(article)
    translated = {t: f"ES {t}" for t in texts if t.startswith(("Rest for", "Keep", "Day"))}
    html = render_article(edition(article, "es", translated, draft=True))
    page = parse_page(html)
    banner = next(e for e in page.elements if e.attrs.get("class") == "draft-banner")
    assert banner.attrs["role"] == "alert"
    assert "Borrador de traducción, sin revisar" in html
    assert page.one("title").text.startswith("Borrador: ")
    assert not page.all("time")  # the source's review date does not vouch for a draft
    fallbacks = [e for e in page.elements if e.attrs.get("class") == "untranslated"]
    assert {e.attrs["lang"] for e in fallbacks} == {"en"}
    fallback_tags = {e.tag for e in fallbacks}
    assert {"h1", "h2", "p", "td", "th", "span"} <= fallback_tags  # headings, text, cells, lists
    marked = {e.text.strip() for e in fallbacks}
    assert "What to do" in marked and "Walking" in marked
    translated_blocks = [e for e in page.all("p") if e.text.startswith("ES Rest for")]
    assert translated_blocks and "lang" not in translated_blocks[0].attrs
    # A draft is not announced as an alternate version of the article.
    assert "es" not in {e.attrs.get("hreflang") for e in page.all("link")}


def test_english_fallback_inside_an_arabic_draft_runs_left_to_right() -> None:
    article = rich_article()
    html = render_article(edition(article, "ar", {all_texts(article)[0]: "عنوان"}, draft=True))
    page = parse_page(html)
    assert page.one("html").attrs == {"lang": "ar", "dir": "rtl"}
    fallbacks = [e for e in page.elements if e.attrs.get("class") == "untranslated"]
    assert fallbacks and all(e.attrs["dir"] == "ltr" and e.attrs["lang"] == "en" for e in fallbacks)
    assert "مسودة ترجمة" in html
