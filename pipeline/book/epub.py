"""``build/<tag>/<slug>.epub``: the book packaged as EPUB 3, byte-identical on every rebuild.

The container's rules (OCF): ``mimetype`` first, stored, with no extra
field; then ``META-INF/container.xml``; then the publication under
``EPUB/``. Every entry has the same fixed timestamp and permissions and the
entries always come in the same order, so the same inputs give the same
bytes, and a rebuild leaves the file untouched. The MP3 is stored, not
deflated: it does not compress, and storing keeps seeking cheap for players.
"""

from __future__ import annotations

import io
import zipfile
from importlib.resources import files

from pipeline.book.content import file_name
from pipeline.book.model import Book, BookFile
from pipeline.book.nav import NAV_NAME, nav_document
from pipeline.book.opf import package_document
from pipeline.book.smil import AUDIO_NAME, overlay
from pipeline.book.xhtml import STYLESHEET, content_document

MIMETYPE = b"application/epub+zip"
#: The earliest time a ZIP can hold: no build's clock ends up in the file.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
PACKAGE = "EPUB/package.opf"
CONTAINER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    f'<rootfiles><rootfile full-path="{PACKAGE}" media-type="application/oebps-package+xml"/>'
    "</rootfiles></container>\n"
).encode()


def render_epub(book: Book) -> BookFile:
    content = book.content
    clips = {clip.sentence: clip for clip in book.narration.clips} if book.narration else {}
    overlays = [overlay(chapter, clips) for chapter in content.chapters]
    entries: list[tuple[str, bytes]] = [
        ("mimetype", MIMETYPE),
        ("META-INF/container.xml", CONTAINER),
        (PACKAGE, package_document(book, overlays)),
        (f"EPUB/{NAV_NAME}", nav_document(content)),
        (f"EPUB/{STYLESHEET}", stylesheet()),
    ]
    for chapter, chapter_overlay in zip(content.chapters, overlays, strict=True):
        entries.append((f"EPUB/{file_name(chapter.number)}", content_document(content, chapter)))
        if chapter_overlay is not None:
            entries.append((f"EPUB/{chapter_overlay.name}", chapter_overlay.document))
    if book.narration is not None and any(overlays):
        entries.append((f"EPUB/{AUDIO_NAME}", book.narration.audio))
    return BookFile(pack(entries))


def stylesheet() -> bytes:
    return files("pipeline.book").joinpath(STYLESHEET).read_bytes()


def pack(entries: list[tuple[str, bytes]]) -> bytes:
    """A ZIP of ``entries`` in order; only XML, XHTML and CSS are deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system = 3  # Unix, whatever builds it
            info.external_attr = 0o100644 << 16
            deflate = name.endswith((".xml", ".opf", ".xhtml", ".smil", ".css"))
            info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
            archive.writestr(info, data, compresslevel=9 if deflate else None)
    return buffer.getvalue()
