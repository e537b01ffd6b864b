"""Where things live: the project's articles and the path of every file derived from them.

All output paths are built here from validated parts (a slug checked by the
parser, a language parsed by :mod:`pipeline.languages`), so no untrusted string
is ever joined into a path anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.article.model import Article
from pipeline.article.parse import check_slug, parse_article
from pipeline.config import Config
from pipeline.errors import HandoutError
from pipeline.fsio import check_folder_inside, read_text_utf8
from pipeline.languages import Language
from pipeline.safety import check_inside

#: The catalog name of handout's own words (:mod:`pipeline.words`): no article may take it.
WORDS_DOMAIN = "handout"


@dataclass(frozen=True)
class Project:
    config: Config

    def source_files(self, only: tuple[str, ...] = ()) -> list[Path]:
        """The article files, sorted by slug; ``only`` narrows to named slugs."""
        folder = self.config.folders.source
        if not folder.is_dir():
            raise HandoutError("source folder not found", self.config.relative(folder))
        files = sorted(folder.glob("*.md"))
        if only:
            missing = sorted(set(only) - {f.name.removesuffix(".md") for f in files})
            if missing:
                raise HandoutError(
                    f"no article {missing[0]!r}", self.config.relative(folder / f"{missing[0]}.md")
                )
            files = [f for f in files if f.name.removesuffix(".md") in only]
        if not files:
            raise HandoutError(
                "no articles (*.md) in the source folder", self.config.relative(folder)
            )
        for file in files:
            slug = check_slug(file.name.removesuffix(".md"), self.config.relative(file))
            if slug == WORDS_DOMAIN:  # its catalog would be the program's own words
                raise HandoutError(
                    f"an article may not be called {slug!r}: locales/<lang>/LC_MESSAGES/"
                    f"{slug}.po holds handout's own words; rename the article",
                    self.config.relative(file),
                )
        return files

    def load(self, path: Path) -> Article:
        """Read (see :func:`pipeline.fsio.read_confined`) and parse one article."""
        shown = self.shown(path)
        slug = check_slug(path.name.removesuffix(".md"), shown)
        text = read_text_utf8(path, shown, self.config.rules, "article_bytes")
        article = parse_article(text, slug=slug, path=shown)
        longest = self.config.limits.message_chars
        for item in article.texts():  # each becomes a message: the same limit as a msgstr
            if len(item.markdown) > longest:
                raise HandoutError(
                    f"a paragraph of {len(item.markdown):,} characters, over the limit of"
                    f" {longest:,} (raise [limits] message_chars in handout.toml if meant)",
                    shown,
                    item.line,
                )
        return article

    def inside(self, path: Path) -> Path:
        """``path`` if no folder on its way is a symlink leading out of the project.

        Every path below is built through here, for reading and for writing alike:
        a planted ``locales/es`` or ``build`` link to another folder is refused.
        """
        check_folder_inside(path.parent, self.config.root, self.shown(path))
        return path

    def inside_folder(self, folder: Path) -> Path:
        """``folder`` if neither it nor a folder above it is a symlink leading out."""
        check_folder_inside(folder, self.config.root, self.shown(folder))
        return folder

    def template_path(self, slug: str) -> Path:
        return self.inside(self.config.folders.locales / f"{check_slug(slug, slug)}.pot")

    def catalog_path(self, language: Language, slug: str) -> Path:
        return self.inside(
            self.config.folders.locales
            / language.gettext
            / "LC_MESSAGES"
            / f"{check_slug(slug, slug)}.po"
        )

    def mo_path(self, language: Language, slug: str) -> Path:
        folder = self.config.folders.cache / "mo" / language.gettext / "LC_MESSAGES"
        # slugs also come from catalog file names
        return self.inside(folder / f"{check_slug(slug, slug)}.mo")

    def build_folder(self, language: Language) -> Path:
        """``build/<bcp47>/``: one folder per published language, named as in URLs."""
        return self.inside_folder(self.config.folders.build / language.bcp47)

    def page_path(self, language: Language, slug: str, suffix: str) -> Path:
        """``build/<bcp47>/<slug><suffix>``, e.g. ``build/zh-Hans/wound-care.html``."""
        if suffix not in (".html", ".txt", ".md"):
            raise ValueError(f"not a page format: {suffix!r}")
        return self.build_folder(language) / f"{check_slug(slug, slug)}{suffix}"

    def book_path(self, language: Language, slug: str, suffix: str) -> Path:
        """``build/<bcp47>/<slug>.epub``, ``….pdf``, ``….large-print.pdf``: a page's books."""
        if suffix not in (".epub", ".pdf", ".large-print.pdf"):
            raise ValueError(f"not a book format: {suffix!r}")
        return self.build_folder(language) / f"{check_slug(slug, slug)}{suffix}"

    def language_index_path(self, language: Language) -> Path:
        return self.build_folder(language) / "index.html"

    def site_index_path(self) -> Path:
        return self.config.folders.build / "index.html"

    def digest_path(self, stage: str) -> Path:
        """The content-hash cache of one stage (see :mod:`pipeline.digests`)."""
        return self.inside(self.config.folders.cache / f"{stage}-digests.json")

    def audio_folder(self, language: Language) -> Path:
        """``audio/<bcp47>/``: the spoken versions of every article in one language."""
        return self.inside_folder(self.config.folders.audio / language.bcp47)

    def audio_path(self, language: Language, slug: str, suffix: str) -> Path:
        """``audio/<bcp47>/<slug><suffix>``: ``.mp3``, ``.vtt``, ``.chapters.json``, ``.m3u8``."""
        if suffix not in (".mp3", ".vtt", ".chapters.json", ".m3u8"):
            raise ValueError(f"not an audio file: {suffix!r}")
        return self.audio_folder(language) / f"{check_slug(slug, slug)}{suffix}"

    def track_folder(self, language: Language, slug: str) -> Path:
        """``audio/<bcp47>/<slug>/``: one MP3 per section, for simple players."""
        return self.audio_folder(language) / check_slug(slug, slug)

    def lexicon_path(self, language: Language) -> Path:
        """``source/lexicons/<bcp47>.pls``: the language's pronunciations (W3C PLS).

        A lexicon (or its folder) that is a symlink to somewhere outside the
        project is refused here, before anything reads it; a symlink inside, when
        it is read (:func:`pipeline.fsio.read_confined`).
        """
        folder = self.inside_folder(self.config.folders.source / "lexicons")
        path = folder / f"{language.bcp47}.pls"
        if path.is_symlink():
            shown = f"{self.shown(folder)}/{path.name}"
            check_inside(path, self.config.root, f"the {language} lexicon", shown)
        return path

    def speech_cache_folder(self) -> Path:
        return self.inside_folder(self.config.folders.cache / "speech")

    def section_cache_folder(self) -> Path:
        return self.inside_folder(self.config.folders.cache / "sections")

    def shown(self, path: Path) -> str:
        return self.config.relative(path)
