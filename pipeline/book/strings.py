"""The few words a book adds around the article, in the book's language.

Like the pages' interface strings (:mod:`pipeline.text.ui`), they belong to
the tool, not to a clinic's catalogs: the table of contents' heading, the
accessibility summary a reading app shows before download, and the labels of
the links from the article page. A language without its own strings gets
English, and says so (``lang``), so the book marks that text for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from pipeline.languages import Language


@dataclass(frozen=True)
class BookStrings:
    """One language's book strings; ``lang`` is the language they are actually in."""

    lang: str
    contents: str
    summary: str  # what the book offers every reader
    summary_narrated: str  # added when a voice reads the book
    ebook: str  # link label on the article page
    large_print: str  # link label on the article page


_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "contents": "Contents",
        "summary": "Every section has a heading, and the table of contents links to each one. "
        "Reading apps can enlarge the text, change its colours and read it aloud.",
        "summary_narrated": "A synthetic voice reads the whole text, "
        "and each sentence is highlighted while it is read.",
        "ebook": "E-book (EPUB)",
        "large_print": "Large print (PDF)",
    },
    "es": {
        "contents": "Contenido",
        "summary": "Cada sección tiene un título y la tabla de contenido enlaza con cada una. "
        "Las aplicaciones de lectura pueden ampliar el texto, cambiar sus colores "
        "y leerlo en voz alta.",
        "summary_narrated": "Una voz sintética lee todo el texto "
        "y cada oración se resalta mientras se lee.",
        "ebook": "Libro electrónico (EPUB)",
        "large_print": "Letra grande (PDF)",
    },
    "zh-Hans": {
        "contents": "目录",
        "summary": "每个部分都有标题，目录可链接到各个部分。"
        "阅读应用可以放大文字、更改颜色并朗读文字。",
        "summary_narrated": "合成语音朗读全文，朗读时会突出显示当前句子。",
        "ebook": "电子书（EPUB）",
        "large_print": "大字版（PDF）",
    },
    "vi": {
        "contents": "Mục lục",
        "summary": "Mỗi phần đều có tiêu đề và mục lục liên kết đến từng phần. "
        "Các ứng dụng đọc sách có thể phóng to chữ, đổi màu và đọc to văn bản.",
        "summary_narrated": "Một giọng đọc tổng hợp đọc toàn bộ văn bản "
        "và mỗi câu được tô sáng khi đang được đọc.",
        "ebook": "Sách điện tử (EPUB)",
        "large_print": "Bản chữ lớn (PDF)",
    },
    "ar": {
        "contents": "المحتويات",
        "summary": "لكل قسم عنوان، ويرتبط جدول المحتويات بكل قسم. "
        "يمكن لتطبيقات القراءة تكبير النص وتغيير ألوانه وقراءته بصوت عالٍ.",
        "summary_narrated": "يقرأ صوت اصطناعي النص كاملاً، وتُبرَز كل جملة أثناء قراءتها.",
        "ebook": "كتاب إلكتروني (EPUB)",
        "large_print": "طبعة بخط كبير (PDF)",
    },
    "ko": {
        "contents": "목차",
        "summary": "각 부분에는 제목이 있으며 목차에서 각 부분으로 이동할 수 있습니다. "
        "읽기 앱에서 글자를 크게 하거나 색을 바꾸고 소리 내어 읽을 수 있습니다.",
        "summary_narrated": "합성 음성이 전체 글을 읽어 주며, 읽고 있는 문장이 강조 표시됩니다.",
        "ebook": "전자책(EPUB)",
        "large_print": "큰 글자판(PDF)",
    },
    "ru": {
        "contents": "Содержание",
        "summary": "У каждого раздела есть заголовок, а оглавление ведёт к каждому разделу. "
        "Приложения для чтения могут увеличить текст, изменить его цвета "
        "и прочитать его вслух.",
        "summary_narrated": "Синтезированный голос читает весь текст, "
        "и каждое предложение выделяется, пока оно звучит.",
        "ebook": "Электронная книга (EPUB)",
        "large_print": "Крупный шрифт (PDF)",
    },
    "tl": {
        "contents": "Nilalaman",
        "summary": "May pamagat ang bawat bahagi, at may talaan ng nilalaman na nag-uugnay "
        "sa bawat isa. Kayang palakihin ng mga reading app ang teksto, palitan ang mga "
        "kulay nito, at basahin ito nang malakas.",
        "summary_narrated": "Isang synthetic na boses ang bumabasa ng buong teksto, "
        "at naka-highlight ang bawat pangungusap habang binabasa ito.",
        "ebook": "E-book (EPUB)",
        "large_print": "Malalaking titik (PDF)",
    },
}


def strings_for(language: Language) -> BookStrings:
    """The strings for ``language``: exact tag, then the bare language (never across scripts)."""
    tag = language.pick(_STRINGS)
    strings = _STRINGS[tag]
    return BookStrings(
        lang=tag, **{f.name: strings[f.name] for f in fields(BookStrings) if f.name != "lang"}
    )
