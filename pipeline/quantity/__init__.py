"""Quantities in text: one model, one set of units and words, read for checks and for speech.

A dose, a temperature, a blood pressure, an interval or a clock time is read
here, and only here, into one frozen :class:`~pipeline.quantity.model.Quantity`
(value and every reading of it, unit id, dimension, where it is written, a
pair's first value, a limit, a period, a.m./p.m.). Two readers fill it, one per
question, from the same data:

- :func:`pipeline.quantity.reader.find_quantities` — does a translation say the
  source's quantities? (the ``quantities``, ``numbers``, ``notation``,
  ``negation``, ``omission`` checks, and ``confusable`` through ``unit_after``).
- :func:`pipeline.quantity.readback.reader_for` — does a sentence's spoken form
  say the page's values and units? (``pipeline.speech.spoken``, which also
  uses it to find the quantities it says with CLDR's unit names.)

Shared: the model, the unit ids and their dimensions and factors
(:mod:`~pipeline.quantity.units`; the read-back's units are a subset), CLDR's
unit patterns (:func:`~pipeline.quantity.units.cldr_unit_patterns`), the
characters a number is read without (:mod:`~pipeline.quantity.characters`), the
marks a word is read without (:mod:`~pipeline.quantity.marks`: vowelled or
stretched Arabic and decomposed text are read folded, against folded words, and
quoted as written; a text without such marks is read as it always was).
The checks' words and number words (:mod:`~pipeline.quantity.words`,
``data/<language>.toml``, :mod:`~pipeline.quantity.number_words`) serve only
the checks' reader so far.

Where the two read the same text differently, each keeps its behaviour (the
checks' findings and the audio must not change), on purpose or until a change
of either is wanted and tested:

- a pair: "10–14 mg", "120/80 mmHg", "120 over 80 millimeters of mercury" is
  one quantity for the read-back (``first`` 10, ``value`` 14), two for the
  checks (10 mg and 14 mg, both written "10–14 mg"; "120/80 mmHg" is a bare 120
  and 80 mmHg), which pair each number with the translation's;
- what is a unit: the checks read every unit of ``UNITS`` (durations, counts,
  tablets, %, IU) by the words of both languages, CLDR's and handout's data; the
  read-back reads only ``SPOKEN_UNITS`` by CLDR's names in the rules' locale and
  English plus the rules' ``[units]`` and ``[symbols]``, including a name around
  the number ("섭씨 38도" is all one quantity; for the checks it is "38도");
- the checks also read frequencies, intervals, clock times and limits; the
  read-back does not (the speech side says "8:30 p.m." and "10–14 days" with
  its own patterns in ``pipeline.speech.spoken``, and only h:mm is a time there);
- separators: the checks read a language's (``es`` "1.000" is 1000; a
  translation may use the source's), only no-break spaces group in Russian;
  the read-back reads the rules' locale's (``es-US`` "1.000" is 1.000) and any
  space where the locale groups with one, and the rules' decimal word ("1点5毫升"
  is 1.5 mL; for the checks it is a clock time "1点" and 5 mL);
- hidden characters: the checks read "5\u202e00 mg" as 500 mg; the read-back
  reads the text as the voice gets it;
- Russian "120 на 80 мм рт. ст.": the read-back reads a pressure, the checks
  "мм" (millimeters) and a bare 120.

``tests/quantity/test_quantity_readers.py`` holds both readers to agreeing where they
should (a dose in each bundled language) and pins each difference above.
"""
