<?xml version="1.0" encoding="UTF-8"?>
<!-- Pronunciations for the English audio (W3C PLS 1.0). Each <alias> is how the
     word should be read, written as plain text for engines that take no phonemes. -->
<lexicon version="1.0"
    xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
    alphabet="ipa" xml:lang="en">
  <lexeme>
    <grapheme>PRP</grapheme>
    <alias>P R P</alias>
  </lexeme>
  <lexeme>
    <grapheme>X-ray</grapheme>
    <grapheme>x-ray</grapheme>
    <alias>ex-ray</alias>
  </lexeme>
  <lexeme>
    <grapheme>X-rays</grapheme>
    <grapheme>x-rays</grapheme>
    <alias>ex-rays</alias>
  </lexeme>
</lexicon>
