"""Where figures come from outside the portal: CBS StatLine, Waarstaatjegemeente and files.

One contract for every source:
- a source reads (`fetch_values`, `read_table`, `check_rows`) and never writes; storing goes
  through the services (`services.figures.figures_from_source`, `services.imports.import_rows`),
  which validate, record the change and put the figures in the review queue;
- bad input (a table id, a mapping, a file) raises Django's `ValidationError`, with the form
  field it is about;
- a source that cannot be reached or answers nonsense raises `SourceUnavailable` (base.py),
  whose message says so in Dutch; pages show it as a form error, never as a 500.
"""
