"""Translation checks: catch what would make a handout unsafe before it is published.

``check_catalog`` is the one entry point: ``handout check``, ``handout status``
and the build's publishing rule all call it, so a translator sees the same
``path:line: severity: check: message`` lines wherever a problem surfaces.
"""

from __future__ import annotations

from pipeline.check.findings import ERROR, WARNING, CatalogCheck, Finding
from pipeline.check.runner import check_catalog

__all__ = ["ERROR", "WARNING", "CatalogCheck", "Finding", "check_catalog"]
