"""Languages without a voice: the audio build records them, and their pages say so.

A Tagalog-speaking patient must not meet a page that simply lacks a player:
the page says, in Tagalog, that there is no recording in Tagalog and that a
phone's own reader can read the EPUB book aloud, with a link to it. The
audio build lists the languages it found no voice for in
``<audio>/no-voice.json`` (a language whose configured voice failed is not
listed: that is an error to fix, not a missing voice); the text build reads
it, as one of the page's inputs, so the notice comes and goes with the list.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.fsio import write_text_atomic
from pipeline.languages import Language
from pipeline.project import Project
from pipeline.text.page_audio import NoVoiceNotice

RECORD_NAME = "no-voice.json"

#: "No recording in this language" and "read the book aloud", each in its own language.
_WORDS: dict[str, tuple[str, str, str]] = {
    "en": (
        "No recording in this language",
        "There is no spoken version of this article in this language yet.",
        "Your phone or computer can read it aloud: open the e-book",
    ),
    "es": (
        "No hay grabación en español",
        "Todavía no hay una versión hablada de este artículo en español.",
        "Su teléfono o computadora puede leerlo en voz alta: abra el libro electrónico",
    ),
    "zh-Hans": (
        "没有中文录音",
        "本文还没有中文语音版本。",
        "您的手机或电脑可以朗读本文：请打开电子书",
    ),
    "vi": (
        "Chưa có bản ghi âm tiếng Việt",
        "Bài viết này chưa có bản đọc bằng tiếng Việt.",
        "Điện thoại hoặc máy tính của bạn có thể đọc to: hãy mở sách điện tử",
    ),
    "ar": (
        "لا يوجد تسجيل باللغة العربية",
        "لا توجد نسخة مسموعة من هذا المقال باللغة العربية بعد.",
        "يمكن لهاتفك أو حاسوبك قراءته بصوت عالٍ: افتح الكتاب الإلكتروني",
    ),
    "ko": (
        "한국어 녹음이 없습니다",
        "이 글의 한국어 음성 버전은 아직 없습니다.",
        "휴대전화나 컴퓨터가 소리 내어 읽어 줄 수 있습니다: 전자책을 여세요",
    ),
    "ru": (
        "Нет записи на русском языке",
        "Озвученной версии этой статьи на русском языке пока нет.",
        "Телефон или компьютер может прочитать её вслух: откройте электронную книгу",
    ),
    "tl": (
        "Walang recording sa Tagalog",
        "Wala pang bersyong binabasa nang malakas ang artikulong ito sa Tagalog.",
        "Kaya itong basahin nang malakas ng iyong telepono o computer: buksan ang e-book",
    ),
}


def record_path(project: Project) -> Path:
    return project.config.folders.audio / RECORD_NAME


def record_voiceless(project: Project, voiceless: set[Language], voiced: set[Language]) -> bool:
    """Add ``voiceless`` to the list and take ``voiced`` off it; True if the file changed."""
    path = record_path(project)
    known = _read(path)
    listed = sorted((known - {lang.bcp47 for lang in voiced}) | {lang.bcp47 for lang in voiceless})
    if set(listed) == known and (path.is_file() or not listed):
        return False
    return write_text_atomic(path, json.dumps(listed, indent=1) + "\n")


def no_voice_notice(
    project: Project, language: Language, slug: str, published: bool
) -> NoVoiceNotice | None:
    """The notice for a published page whose language the last audio build found no voice for."""
    if not published or language.bcp47 not in _read(record_path(project)):
        return None
    tag = language.pick(_WORDS)
    title, body, label = _WORDS[tag]
    return NoVoiceNotice(tag, title, body, label, f"{slug}.epub")


def _read(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {str(tag) for tag in data} if isinstance(data, list) else set()
