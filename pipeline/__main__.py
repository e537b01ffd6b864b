"""``python -m pipeline`` is the same program as the ``handout`` command."""

from pipeline.cli import main

raise SystemExit(main())
