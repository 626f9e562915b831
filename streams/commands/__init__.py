"""User-facing commands, run through Faust's command line: ``python -m streams COMMAND``."""
