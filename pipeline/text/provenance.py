"""Who translated a page, who reviewed it and when, and the notice on a held-back version.

Every output of an approved translation says, in the page's language, who
translated it (the catalog's ``Last-Translator``), who reviewed it and when
(``locales/approvals.toml``), and which date of the source it translates. A
translation kept online while it is updated (:mod:`pipeline.continuity`) says
so. These are the tool's words, not a clinic's, so like :mod:`pipeline.text.ui`
they live here for the bundled languages; another language gets English, marked
with ``lang="en"``. Dates are CLDR's long form through Babel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.languages import Language, parse_language
from pipeline.text.ui import name_in, reviewed_date


@dataclass(frozen=True)
class Provenance:
    """What an approved translation says about itself (names as the files give them)."""

    translator: str  # Last-Translator, without e-mail; "" if the catalog names nobody
    reviewer: str
    credential: str
    reviewed_on: date
    source_date: date | None  # the source article's ``reviewed`` date it translates


@dataclass(frozen=True)
class Notice:
    """A previous version kept online: the source changed (on ``date``), or only the catalog."""

    source_changed: bool
    date: date | None


@dataclass(frozen=True)
class Words:
    lang: str
    translated_by: str
    reviewed_by: str
    translates: str
    translates_undated: str
    notice_title: str
    notice_source: str
    notice_source_undated: str
    notice_translation: str
    available_in: str


_WORDS: dict[str, Words] = {
    "en": Words(
        "en",
        "Translated by {name}.",
        "Translation reviewed by {name} ({credential}) on {date}.",
        "Translated from the {source} version of {date}.",
        "Translated from the {source} version.",
        "This translation is being updated",
        "The {source} version of this page was updated on {date}; "
        "this translation is being updated.",
        "The {source} version of this page was updated; this translation is being updated.",
        "This translation is being updated.",
        "Available in {language}",
    ),
    "es": Words(
        "es",
        "Traducido por {name}.",
        "Traducción revisada por {name} ({credential}) el {date}.",
        "Traducción de la versión en {source} del {date}.",
        "Traducción de la versión en {source}.",
        "Traducción en actualización",
        "La versión en {source} de esta página se actualizó el {date}; "
        "esta traducción se está actualizando.",
        "La versión en {source} de esta página se actualizó; esta traducción se está actualizando.",
        "Esta traducción se está actualizando.",
        "Disponible en {language}",
    ),
    "zh-Hans": Words(
        "zh-Hans",
        "译者：{name}。",
        "审校：{name}（{credential}），{date}。",
        "译自{date}的{source}版本。",
        "译自{source}版本。",
        "译文更新中",
        "本页的{source}版本已于{date}更新；此译文正在更新中。",
        "本页的{source}版本已更新；此译文正在更新中。",
        "此译文正在更新中。",
        "提供{language}版本",
    ),
    "vi": Words(
        "vi",
        "Người dịch: {name}.",
        "Bản dịch được {name} ({credential}) xem xét ngày {date}.",
        "Dịch từ bản {source} ngày {date}.",
        "Dịch từ bản {source}.",
        "Bản dịch đang được cập nhật",
        "Bản {source} của trang này đã được cập nhật ngày {date}; bản dịch này đang được cập nhật.",
        "Bản {source} của trang này đã được cập nhật; bản dịch này đang được cập nhật.",
        "Bản dịch này đang được cập nhật.",
        "Có bằng {language}",
    ),
    "ar": Words(
        "ar",
        "ترجمة: {name}.",
        "راجع الترجمة {name} ({credential}) في {date}.",
        "مترجم عن النسخة {source} بتاريخ {date}.",
        "مترجم عن النسخة {source}.",
        "الترجمة قيد التحديث",
        "تم تحديث النسخة {source} من هذه الصفحة في {date}؛ يجري تحديث هذه الترجمة.",
        "تم تحديث النسخة {source} من هذه الصفحة؛ يجري تحديث هذه الترجمة.",
        "يجري تحديث هذه الترجمة.",
        "متوفر باللغة {language}",
    ),
    "ko": Words(
        "ko",
        "번역: {name}.",
        "번역 검토: {name}({credential}), {date}.",
        "{date} {source} 원문을 번역했습니다.",
        "{source} 원문을 번역했습니다.",
        "번역 업데이트 중",
        "이 페이지의 {source} 원문이 {date}에 업데이트되었습니다. 이 번역은 업데이트 중입니다.",
        "이 페이지의 {source} 원문이 업데이트되었습니다. 이 번역은 업데이트 중입니다.",
        "이 번역은 업데이트 중입니다.",
        "{language}로 제공",
    ),
    "ru": Words(
        "ru",
        "Перевод: {name}.",
        "Перевод проверен: {name} ({credential}), {date}.",
        "Перевод исходного текста ({source}) от {date}.",
        "Перевод исходного текста ({source}).",
        "Перевод обновляется",
        "Исходный текст этой страницы ({source}) обновлён {date}; этот перевод обновляется.",
        "Исходный текст этой страницы ({source}) обновлён; этот перевод обновляется.",
        "Этот перевод обновляется.",
        "Доступно на языке: {language}",
    ),
    "tl": Words(
        "tl",
        "Isinalin ni {name}.",
        "Nirepaso ang salin ni {name} ({credential}) noong {date}.",
        "Salin ng bersyong {source} noong {date}.",
        "Salin ng bersyong {source}.",
        "Ina-update ang salin",
        "Na-update ang bersyong {source} ng pahinang ito noong {date}; "
        "ina-update ang salin na ito.",
        "Na-update ang bersyong {source} ng pahinang ito; ina-update ang salin na ito.",
        "Ina-update ang salin na ito.",
        "Makukuha sa {language}",
    ),
}


def words_for(language: Language) -> Words:
    """The exact tag, then the bare language (never across scripts), else English."""
    return _WORDS[language.pick(_WORDS)]


def chrome_lang(words: Words, language: Language) -> str | None:
    """The ``lang`` to mark these words with when they are not in the page's language."""
    return None if words.lang.split("-")[0] == language.language else words.lang


def _in_words(words: Words, value: date) -> str:
    """The date as the words' own language writes it (English words, English date)."""
    return reviewed_date(value, parse_language(words.lang))


def provenance_lines(provenance: Provenance, language: Language, source: Language) -> list[str]:
    """The sentences, in order: translator (if named), reviewer and date, source date."""
    words = words_for(language)
    reader = parse_language(words.lang)
    lines = []
    if provenance.translator:
        lines.append(words.translated_by.format(name=provenance.translator))
    lines.append(
        words.reviewed_by.format(
            name=provenance.reviewer,
            credential=provenance.credential,
            date=_in_words(words, provenance.reviewed_on),
        )
    )
    source_name = name_in(source, reader)
    if provenance.source_date is not None:
        when = _in_words(words, provenance.source_date)
        lines.append(words.translates.format(source=source_name, date=when))
    else:
        lines.append(words.translates_undated.format(source=source_name))
    return lines


def notice_text(notice: Notice, language: Language, source: Language) -> str:
    """The held-back version's notice in the page's language."""
    words = words_for(language)
    reader = parse_language(words.lang)
    source_name = name_in(source, reader)
    if not notice.source_changed:
        return words.notice_translation
    if notice.date is None:
        return words.notice_source_undated.format(source=source_name)
    return words.notice_source.format(source=source_name, date=_in_words(words, notice.date))


def available_in(language: Language, source: Language) -> str:
    """ "Available in English", in ``language``: an index entry not translated yet."""
    words = words_for(language)
    reader = parse_language(words.lang)
    return words.available_in.format(language=name_in(source, reader))
