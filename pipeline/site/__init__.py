"""The site: ``handout build`` writing ``build/`` with its audio, and its status, feeds, preview.

:mod:`~pipeline.site.build` drives one build; :mod:`~pipeline.site.units`
says which units to decide and render again; :mod:`~pipeline.site.render`
renders one unit in a worker through the table of formats in
:mod:`~pipeline.site.formats` (where a new output format goes);
:mod:`~pipeline.site.outputs` writes and removes files;
:mod:`~pipeline.site.audio` links ``audio/`` into ``build/``;
:mod:`~pipeline.site.cache` remembers verdicts and files between runs;
:mod:`~pipeline.site.status`, :mod:`~pipeline.site.feed` and
:mod:`~pipeline.site.serve` report, syndicate and preview what was built.
"""
