"""``[speech.voices]``: which engine speaks which language, checked where it enters.

The settings are refused in one line naming handout.toml when they cannot mean
anything (no ``engine:voice``, an engine nobody registered, a path for a voice);
the cache key changes with the voice's files. The engine itself is exercised in
``tests/speech/test_speech_piper.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support.project import CliResult, voices_error

from pipeline.speech.cache import speech_key
from pipeline.speech.engine import EngineInfo, VoiceSettings
from pipeline.speech.piper import find_voices, length_scale, read_voice, voice_digest

Runner = Callable[..., CliResult]


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[speech.voices]\nen = "en_US-joe-medium"\n', 'speech.voices.en must be "engine:voice"'),
        ('[speech.voices]\nen = 3\n', 'speech.voices.en must be "engine:voice"'),
        ('[speech.voices]\nen = "nonesuch:x"\n', "unknown speech engine 'nonesuch'"),
        ('[speech.voices]\nen = "piper:../../etc/voice"\n', "speech.voices.en (voice)"),
        ('[speech.voices]\nxx-YY-zz = "piper:x"\n', "speech.voices.xx-YY-zz:"),
        ('[speech]\nvoices = "piper"\n', "speech.voices must be a table"),
    ],
)
def test_bad_voice_routes_are_one_line_errors(
    project: Path, run_cli: Runner, toml: str, message: str
) -> None:
    error = voices_error(project, run_cli, toml)
    assert message in error
    assert error.startswith("handout.toml: error:")


def test_the_voice_digest_is_part_of_the_cache_key(tmp_path: Path) -> None:
    engine = EngineInfo("piper", "piper-tts 1.8.0", ())
    settings = VoiceSettings("en_US-clinic-medium", 150, 50)
    assert speech_key("Rest.", settings, engine) == speech_key("Rest.", settings, engine, "")
    assert speech_key("Rest.", settings, engine, "a" * 64) != speech_key(
        "Rest.", settings, engine, "b" * 64
    )


def test_voice_files_are_read_from_their_own_config_and_model_card(tmp_path: Path) -> None:
    model = tmp_path / "es_MX-clinic-low.onnx"
    model.write_bytes(b"model")
    (tmp_path / "es_MX-clinic-low.onnx.json").write_text(
        '{"audio": {"sample_rate": 16000, "quality": "low"}, "phoneme_id_map": {},'
        ' "language": {"code": "es_MX", "family": "es"}}',
        encoding="utf-8",
    )
    (tmp_path / "MODEL_CARD").write_text(
        "# Model card\n\n## Dataset\n\n* License: CC BY 4.0\n\n## Training\n\n"
        "Finetuned from es_ES voice.\n",
        encoding="utf-8",
    )
    (tmp_path / "no-config.onnx").write_bytes(b"model without config")
    (voice,) = [v for v in find_voices((tmp_path,)) if v.source == str(tmp_path)]
    assert (voice.id, voice.language, voice.family) == ("es_MX-clinic-low", "es-mx", "es")
    assert (voice.quality, voice.sample_rate) == ("low", 16000)
    assert voice.licence == "Dataset license: CC BY 4.0; Finetuned from es_ES voice."
    assert voice.info().languages == (("es-mx", 1), ("es", 2))
    before = voice_digest(voice.model, voice.config)
    model.write_bytes(b"another model, same name")
    assert voice_digest(voice.model, voice.config) != before
    (tmp_path / "es_MX-clinic-low.onnx.json").write_text('{"audio": {"sample_rate": 8000}}')
    assert read_voice(model, "voices") is None  # not a Piper rate, no phoneme map: not a voice


def test_rate_maps_to_length_scale() -> None:
    assert length_scale(195) == 1.0
    assert length_scale(150) == pytest.approx(1.3)
    assert length_scale(300, voice_scale=1.2) == pytest.approx(0.78)
