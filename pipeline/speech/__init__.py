"""Speech: localized articles → spoken MP3s with chapters, transcripts and playlists.

Data flow: :mod:`script` (sentences and pauses) → :mod:`cache` keys →
:mod:`workers` (the engine, behind :mod:`engine`'s interface) → :mod:`render`
(:mod:`master`, :mod:`mp3`, :mod:`webvtt`, :mod:`chapters`, :mod:`playlist`)
→ files written by :mod:`build`.
"""
