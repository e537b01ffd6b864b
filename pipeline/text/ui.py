"""The words around an article (skip link, draft banner, menus) in each page's language.

A page is only as readable as its least translated part: a Vietnamese patient
must not meet an English skip link or draft warning. These strings are few and
belong to the tool, not to a clinic's articles, so they live here rather than in
the clinics' catalogs. A language without its own strings gets English, and the
template marks that chrome with ``lang="en"`` so screen readers switch voice.
Names of languages and dates come from CLDR through Babel, never from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date

from babel.dates import format_date

from pipeline.languages import Language


@dataclass(frozen=True)
class Ui:
    """One language's interface strings; ``lang`` is the language they are actually in."""

    lang: str
    skip: str
    languages: str
    all_languages: str
    articles: str
    choose_language: str
    reviewed: str  # holds "{date}"
    draft_title: str
    draft_body: str  # holds "{source}": the source language's name
    draft_short: str
    other_formats: str
    plain_text: str
    markdown: str
    picture: str  # holds "{alt}"
    table: str

    def reviewed_parts(self) -> tuple[str, str]:
        """The text before and after the date, so the page can wrap the date in ``<time>``."""
        before, _, after = self.reviewed.partition("{date}")
        return before, after


_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "skip": "Skip to main content",
        "languages": "Languages",
        "all_languages": "All languages",
        "articles": "Patient information",
        "choose_language": "Choose your language",
        "reviewed": "Reviewed on {date}",
        "draft_title": "Draft translation, not reviewed",
        "draft_body": "This translation has not been reviewed yet. "
        "Parts that are not translated yet are shown in {source}.",
        "draft_short": "Draft",
        "other_formats": "Other formats",
        "plain_text": "Plain text",
        "markdown": "Markdown",
        "picture": "Picture: {alt}",
        "table": "Table",
    },
    "es": {
        "skip": "Saltar al contenido principal",
        "languages": "Idiomas",
        "all_languages": "Todos los idiomas",
        "articles": "Información para pacientes",
        "choose_language": "Elija su idioma",
        "reviewed": "Revisado el {date}",
        "draft_title": "Borrador de traducción, sin revisar",
        "draft_body": "Esta traducción todavía no ha sido revisada. "
        "Las partes que aún no están traducidas aparecen en {source}.",
        "draft_short": "Borrador",
        "other_formats": "Otros formatos",
        "plain_text": "Texto sin formato",
        "markdown": "Markdown",
        "picture": "Imagen: {alt}",
        "table": "Tabla",
    },
    "zh-Hans": {
        "skip": "跳到主要内容",
        "languages": "语言",
        "all_languages": "所有语言",
        "articles": "患者须知",
        "choose_language": "请选择语言",
        "reviewed": "审核日期：{date}",
        "draft_title": "翻译草稿，尚未审核",
        "draft_body": "此译文尚未经过审核。尚未翻译的部分以{source}显示。",
        "draft_short": "草稿",
        "other_formats": "其他格式",
        "plain_text": "纯文本",
        "markdown": "Markdown",
        "picture": "图片：{alt}",
        "table": "表格",
    },
    "vi": {
        "skip": "Chuyển đến nội dung chính",
        "languages": "Ngôn ngữ",
        "all_languages": "Tất cả ngôn ngữ",
        "articles": "Thông tin cho bệnh nhân",
        "choose_language": "Chọn ngôn ngữ của quý vị",
        "reviewed": "Ngày xem xét: {date}",
        "draft_title": "Bản dịch nháp, chưa được xem xét",
        "draft_body": "Bản dịch này chưa được xem xét. "
        "Những phần chưa được dịch được hiển thị bằng {source}.",
        "draft_short": "Bản nháp",
        "other_formats": "Định dạng khác",
        "plain_text": "Văn bản thuần",
        "markdown": "Markdown",
        "picture": "Hình ảnh: {alt}",
        "table": "Bảng",
    },
    "ar": {
        "skip": "انتقل إلى المحتوى الرئيسي",
        "languages": "اللغات",
        "all_languages": "جميع اللغات",
        "articles": "معلومات للمرضى",
        "choose_language": "اختر لغتك",
        "reviewed": "تمت المراجعة في {date}",
        "draft_title": "مسودة ترجمة، لم تتم مراجعتها",
        "draft_body": "لم تتم مراجعة هذه الترجمة بعد. "
        "تظهر الأجزاء التي لم تُترجم بعد باللغة {source}.",
        "draft_short": "مسودة",
        "other_formats": "صيغ أخرى",
        "plain_text": "نص عادي",
        "markdown": "Markdown",
        "picture": "صورة: {alt}",
        "table": "جدول",
    },
    "ko": {
        "skip": "본문으로 건너뛰기",
        "languages": "언어",
        "all_languages": "모든 언어",
        "articles": "환자 안내",
        "choose_language": "언어를 선택하세요",
        "reviewed": "검토일: {date}",
        "draft_title": "번역 초안, 검토되지 않음",
        "draft_body": "이 번역은 아직 검토되지 않았습니다. "
        "아직 번역되지 않은 부분은 원문 언어({source})로 표시됩니다.",
        "draft_short": "초안",
        "other_formats": "다른 형식",
        "plain_text": "일반 텍스트",
        "markdown": "Markdown",
        "picture": "그림: {alt}",
        "table": "표",
    },
    "ru": {
        "skip": "Перейти к основному содержанию",
        "languages": "Языки",
        "all_languages": "Все языки",
        "articles": "Информация для пациентов",
        "choose_language": "Выберите язык",
        "reviewed": "Дата проверки: {date}",
        "draft_title": "Черновик перевода, не проверен",
        "draft_body": "Этот перевод ещё не проверен. "
        "Части, которые ещё не переведены, показаны на исходном языке ({source}).",
        "draft_short": "Черновик",
        "other_formats": "Другие форматы",
        "plain_text": "Простой текст",
        "markdown": "Markdown",
        "picture": "Изображение: {alt}",
        "table": "Таблица",
    },
    "tl": {
        "skip": "Lumaktaw sa pangunahing nilalaman",
        "languages": "Mga wika",
        "all_languages": "Lahat ng wika",
        "articles": "Impormasyon para sa mga pasyente",
        "choose_language": "Piliin ang inyong wika",
        "reviewed": "Nirepaso noong {date}",
        "draft_title": "Draft na salin, hindi pa nirerepaso",
        "draft_body": "Hindi pa nirerepaso ang salin na ito. "
        "Ang mga bahaging hindi pa naisasalin ay ipinapakita sa {source}.",
        "draft_short": "Draft",
        "other_formats": "Iba pang format",
        "plain_text": "Payak na teksto",
        "markdown": "Markdown",
        "picture": "Larawan: {alt}",
        "table": "Talahanayan",
    },
}

#: CLDR's localeDisplayPattern where it is not "{0} ({1})" (Babel does not ship the pattern).
_DISPLAY_PATTERNS = {"zh": "{0}（{1}）", "yue": "{0}（{1}）", "ja": "{0} ({1})"}
_QUALIFIED = re.compile(r"^(.*) \((.*)\)$")


def ui_for(language: Language) -> Ui:
    """The strings for ``language``: exact tag, then the bare language (never across scripts)."""
    return _ui(language.pick(_STRINGS))


def _ui(tag: str) -> Ui:
    strings = _STRINGS[tag]
    return Ui(lang=tag, **{f.name: strings[f.name] for f in fields(Ui) if f.name != "lang"})


def language_name(language: Language) -> str:
    """The language named in itself, as CLDR writes it: "Español", "中文（简体）", "العربية"."""
    name = language.native_name
    pattern = _DISPLAY_PATTERNS.get(language.language)
    match = _QUALIFIED.match(name)
    if pattern is not None and match is not None:
        return pattern.format(match.group(1), match.group(2))
    return name


def name_in(language: Language, reader: Language) -> str:
    """``language`` named in ``reader``'s language ("inglés" for a Spanish reader)."""
    name = reader.locale.languages.get(language.language) or language.bcp47
    return str(name)


def reviewed_date(value: date, language: Language) -> str:
    """The long date form of ``language``'s locale ("26 de noviembre de 2026")."""
    return str(format_date(value, format="long", locale=language.locale))
