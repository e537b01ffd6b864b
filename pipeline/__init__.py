"""handout: patient-education articles as gettext catalogs, accessible text and speech.

The package is laid out along the data flow: ``article`` (source Markdown to an
immutable model) → ``catalog`` (gettext templates and translations) → localized
article → text and speech renditions.
"""

__version__ = "0.1.0"
