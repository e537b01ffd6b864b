<?xml version="1.0" encoding="UTF-8"?>
<!-- Pronunciations for the ru audio (W3C PLS 1.0). espeak-ng runs the letters of "PRP"
     together ("pee-arpee"); spaced, it says each letter, as patients hear it in the clinic. -->
<lexicon version="1.0"
    xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
    alphabet="ipa" xml:lang="ru">
  <lexeme>
    <grapheme>PRP</grapheme>
    <alias>P R P</alias>
  </lexeme>
</lexicon>
