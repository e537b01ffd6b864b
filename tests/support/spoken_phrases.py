"""Dose-heavy phrases in each bundled language (spoken-form tests, bench/spoken.py), and the
voice that reads each language."""

#: The voice handout chooses for each bundled language at a US clinic (checked by the tests).
US_VOICES = {
    "en": "gmw/en-us",
    "es": "roa/es-419",
    "zh-Hans": "sit/cmn-latn-pinyin",
    "vi": "aav/vi",
    "ar": "sem/ar",
    "ko": "ko",
    "ru": "zle/ru",
}

PHRASES = {
    "en": [
        "Take 500 mg twice a day, or 250 mcg at night.",
        "Inject 10 units and drink 5 mL of water.",
        "Call us if your temperature is over 38.5 °C (101.3 °F).",
        "Your blood pressure was 180/120 mmHg.",
        "Your appointment is at 8:30 p.m. on 11/27/2026.",
        "Call (555) 010-0123, or 911 in an emergency.",
        "Rest for 10–14 days and take 1/2 tablet.",
        "1. Dose: 1 mg",
    ],
    "es": [
        "Tome 500 mg dos veces al día, o 250 mcg por la noche.",
        "Beba 5 mL de agua.",
        "Llame si su temperatura supera los 38,5 °C (101,3 °F).",
        "Su presión arterial era de 180/120 mmHg.",
        "Su cita es a las 8:30 p. m. del 27/11/2026.",
        "Llame al (555) 010-0123, o al 911 en una emergencia.",
        "Descanse de 10–14 días y tome 1/2 tableta.",
        "1. Dosis: 1 mg",
    ],
    "zh-Hans": [
        "每天服用两次500 mg，或晚上服用250 mcg。",
        "喝5 mL水。",
        "如果体温超过38.5 °C，请给我们打电话。",
        "您的血压是180/120 mmHg。",
        "您的预约时间是2026年11月27日20:30。",
        "请拨打(555) 010-0123，紧急情况请拨打911。",
        "休息10–14天，服用1/2片。",
        "1. 剂量：1 mg",
    ],
    "vi": [
        "Uống 500 mg hai lần mỗi ngày, hoặc 250 mcg vào buổi tối.",
        "Uống 5 mL nước.",
        "Gọi cho chúng tôi nếu nhiệt độ trên 38,5 °C.",
        "Huyết áp của bạn là 180/120 mmHg.",
        "Cuộc hẹn của bạn lúc 20:30 ngày 27/11/2026.",
        "Gọi (555) 010-0123, hoặc 911 khi cấp cứu.",
        "Nghỉ ngơi 10–14 ngày và uống 1/2 viên.",
        "1. Liều: 1 mg",
    ],
    "ar": [
        "تناول 500 ملغ مرتين يوميًا.",
        "اشرب 5 مل من الماء.",
        "اتصل بنا إذا تجاوزت حرارتك 38.5 °C.",
        "كان ضغط دمك 180/120 mmHg.",
        "موعدك في 20:30 يوم 11/27/2026.",
        "اتصل بالرقم 911 في حالة الطوارئ.",
        "استرح لمدة 10–14 يومًا وتناول 1/2 قرص.",
    ],
    "ko": [
        "하루에 두 번 500 mg을 복용하세요.",
        "물 5 mL를 마시세요.",
        "체온이 38.5 °C를 넘으면 전화하세요.",
        "혈압은 180/120 mmHg였습니다.",
        "예약 시간은 2026-11-27 20:30입니다.",
        "응급 상황에서는 911에 전화하세요.",
        "10–14일 동안 쉬고 1/2정을 복용하세요.",
    ],
    "ru": [
        "Принимайте 500 мг два раза в день или 250 мкг на ночь.",
        "Выпейте 5 мл воды.",
        "Позвоните, если температура выше 38,5 °C.",
        "Ваше давление было 180/120 мм рт. ст.",
        "Приём в 20:30 27.11.2026.",
        "Звоните 911 в экстренном случае.",
        "Отдыхайте 10–14 дней и принимайте 1/2 таблетки.",
    ],
}
