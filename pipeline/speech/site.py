"""The audio on the built site: files linked into ``build/``, and what the page needs to show it.

The site must deploy alone, so each published page's audio is hard-linked
(copied across file systems) into ``build/<tag>/audio/``: no second copy on
disk, and a rebuild that changed nothing touches nothing (the link is the
same inode). The page gets a :class:`PageAudio`: hrefs relative to the page,
the chapters for seek links, and the player's few words in the page's
language (with ``lang`` set when they fall back to English).
"""

from __future__ import annotations

from pipeline.languages import Language
from pipeline.text.page_audio import (
    ControlLabels,
    PlayerLabels,
    SpeedChoice,
)

#: Playback speeds offered (0.75–2×): slower for a new language, faster for a second listen.
SPEEDS = ("0.75", "1", "1.25", "1.5", "1.75", "2")


_LABELS: dict[str, tuple[str, str, str, str, str]] = {
    "en": (
        "Listen to this article",
        "Chapters",
        "The text below is highlighted as it is read.",
        "Download the recording (MP3)",
        "Playlist of the chapters (M3U)",
    ),
    "es": (
        "Escuche este artículo",
        "Capítulos",
        "El texto se resalta a medida que se lee.",
        "Descargar la grabación (MP3)",
        "Lista de los capítulos (M3U)",
    ),
    "zh-Hans": (
        "收听本文",
        "章节",
        "朗读时，下面的文字会突出显示。",
        "下载录音（MP3）",
        "章节播放列表（M3U）",
    ),
    "vi": (
        "Nghe bài viết này",
        "Các phần",
        "Văn bản bên dưới được đánh dấu khi đọc.",
        "Tải bản ghi âm (MP3)",
        "Danh sách phát các phần (M3U)",
    ),
    "ar": (
        "استمع إلى هذا المقال",
        "الفصول",
        "يُبرَز النص أدناه أثناء قراءته.",
        "تنزيل التسجيل (MP3)",
        "قائمة تشغيل الفصول (M3U)",
    ),
    "ko": (
        "이 글 듣기",
        "목차",
        "읽는 부분의 글이 강조 표시됩니다.",
        "녹음 내려받기 (MP3)",
        "목차 재생 목록 (M3U)",
    ),
    "ru": (
        "Прослушать статью",
        "Разделы",
        "Текст ниже выделяется по мере чтения.",
        "Скачать запись (MP3)",
        "Плейлист разделов (M3U)",
    ),
    "tl": (
        "Pakinggan ang artikulong ito",
        "Mga kabanata",
        "Naka-highlight ang teksto habang binabasa.",
        "I-download ang recording (MP3)",
        "Playlist ng mga kabanata (M3U)",
    ),
}


_CONTROLS: dict[str, dict[str, str]] = {
    "en": {
        "player": "Audio player",
        "play": "Play",
        "pause": "Pause",
        "back": "Back 10 seconds",
        "forward": "Forward 10 seconds",
        "speed": "Speed",
        "resumed": "Continuing where you stopped ({time}).",
        "start_over": "Start from the beginning",
    },
    "es": {
        "player": "Reproductor de audio",
        "play": "Reproducir",
        "pause": "Pausa",
        "back": "Retroceder 10 segundos",
        "forward": "Avanzar 10 segundos",
        "speed": "Velocidad",
        "resumed": "Continúa donde lo dejó ({time}).",
        "start_over": "Empezar desde el principio",
    },
    "zh-Hans": {
        "player": "音频播放器",
        "play": "播放",
        "pause": "暂停",
        "back": "后退 10 秒",
        "forward": "前进 10 秒",
        "speed": "速度",
        "resumed": "从上次停止的地方继续（{time}）。",
        "start_over": "从头开始",
    },
    "vi": {
        "player": "Trình phát âm thanh",
        "play": "Phát",
        "pause": "Tạm dừng",
        "back": "Lùi lại 10 giây",
        "forward": "Tiến tới 10 giây",
        "speed": "Tốc độ",
        "resumed": "Tiếp tục từ chỗ quý vị đã dừng ({time}).",
        "start_over": "Bắt đầu lại từ đầu",
    },
    "ar": {
        "player": "مشغل الصوت",
        "play": "تشغيل",
        "pause": "إيقاف مؤقت",
        "back": "الرجوع 10 ثوانٍ",
        "forward": "التقدم 10 ثوانٍ",
        "speed": "السرعة",
        "resumed": "يستمر الاستماع من حيث توقفت ({time}).",
        "start_over": "البدء من البداية",
    },
    "ko": {
        "player": "오디오 플레이어",
        "play": "재생",
        "pause": "일시 정지",
        "back": "10초 뒤로",
        "forward": "10초 앞으로",
        "speed": "속도",
        "resumed": "멈춘 곳({time})부터 이어서 듣습니다.",
        "start_over": "처음부터 듣기",
    },
    "ru": {
        "player": "Аудиоплеер",
        "play": "Воспроизвести",
        "pause": "Пауза",
        "back": "Назад на 10 секунд",
        "forward": "Вперёд на 10 секунд",
        "speed": "Скорость",
        "resumed": "Продолжение с места, где вы остановились ({time}).",
        "start_over": "Начать сначала",
    },
    "tl": {
        "player": "Audio player",
        "play": "I-play",
        "pause": "I-pause",
        "back": "Bumalik nang 10 segundo",
        "forward": "Sumulong nang 10 segundo",
        "speed": "Bilis",
        "resumed": "Magpapatuloy kung saan kayo huminto ({time}).",
        "start_over": "Magsimula sa umpisa",
    },
}


def control_labels(language: Language) -> ControlLabels:
    """The controls' words for ``language``: its tag, the bare language, else English."""
    tag = language.pick(_CONTROLS)
    return ControlLabels(tag, **_CONTROLS[tag])


def speed_choices(language: Language) -> tuple[SpeedChoice, ...]:
    """The speeds as the page's locale writes decimals (CLDR through Babel): "1,25×" in Spanish."""
    from babel.numbers import format_decimal

    return tuple(
        SpeedChoice(rate, f"{format_decimal(float(rate), locale=language.locale)}×")
        for rate in SPEEDS
    )


def labels_for(language: Language) -> PlayerLabels:
    tag = language.pick(_LABELS)
    return PlayerLabels(tag, *_LABELS[tag])
