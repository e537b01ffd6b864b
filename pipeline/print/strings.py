"""The words a printed handout adds: what its QR code is for, and the page's link to it.

Like the books' strings (:mod:`pipeline.book.strings`) they belong to the
tool, not to a clinic's catalogs. A language without its own gets English,
and says so (``lang``), so the PDF marks that text for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from pipeline.languages import Language


@dataclass(frozen=True)
class PrintStrings:
    lang: str  # the language these words are in
    listen_online: str  # above the address, when the page has its recording
    read_online: str  # above the address, when it has none (no voice for the language)
    qr_alt: str  # the QR code's alternative text
    handout: str  # link label on the article page: the standard-size PDF


_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "listen_online": "Listen to this handout and read it online:",
        "read_online": "Read this handout online:",
        "qr_alt": "QR code for the web address of this handout",
        "handout": "Handout for printing (PDF)",
    },
    "es": {
        "listen_online": "Escuche esta hoja informativa y léala en internet:",
        "read_online": "Lea esta hoja informativa en internet:",
        "qr_alt": "Código QR de la dirección web de esta hoja informativa",
        "handout": "Hoja informativa para imprimir (PDF)",
    },
    "zh-Hans": {
        "listen_online": "在网上收听和阅读本资料：",
        "read_online": "在网上阅读本资料：",
        "qr_alt": "本资料网址的二维码",
        "handout": "打印版（PDF）",
    },
    "vi": {
        "listen_online": "Nghe và đọc tài liệu này trên mạng:",
        "read_online": "Đọc tài liệu này trên mạng:",
        "qr_alt": "Mã QR của địa chỉ web tài liệu này",
        "handout": "Tài liệu để in (PDF)",
    },
    "ar": {
        "listen_online": "استمع إلى هذه النشرة واقرأها على الإنترنت:",
        "read_online": "اقرأ هذه النشرة على الإنترنت:",
        "qr_alt": "رمز QR لعنوان هذه النشرة على الإنترنت",
        "handout": "نشرة للطباعة (PDF)",
    },
    "ko": {
        "listen_online": "이 안내문을 온라인에서 듣고 읽으세요:",
        "read_online": "이 안내문을 온라인에서 읽으세요:",
        "qr_alt": "이 안내문의 웹 주소 QR 코드",
        "handout": "인쇄용 안내문(PDF)",
    },
    "ru": {
        "listen_online": "Слушайте и читайте эту памятку в интернете:",
        "read_online": "Читайте эту памятку в интернете:",
        "qr_alt": "QR-код с веб-адресом этой памятки",
        "handout": "Памятка для печати (PDF)",
    },
    "tl": {
        "listen_online": "Pakinggan at basahin ang babasahing ito online:",
        "read_online": "Basahin ang babasahing ito online:",
        "qr_alt": "QR code ng web address ng babasahing ito",
        "handout": "Babasahin para i-print (PDF)",
    },
}


def print_strings(language: Language) -> PrintStrings:
    """The strings for ``language``: exact tag, then the bare language (never across scripts)."""
    tag = language.pick(_STRINGS)
    words = _STRINGS[tag]
    return PrintStrings(
        tag, **{f.name: words[f.name] for f in fields(PrintStrings) if f.name != "lang"}
    )
