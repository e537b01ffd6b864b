"""The words the meaning checks read now live in :mod:`pipeline.quantity.words`.

Kept only so ``pipeline/continuity.py`` (moved by another branch of issue 17)
still imports; the integrator points that import at ``pipeline.quantity.words``
and deletes this file.
"""

from pipeline.quantity.words import NO_EXTRA_WORDS as NO_EXTRA_WORDS
from pipeline.quantity.words import ExtraWords as ExtraWords
