"""Text hygiene shared by every stage: invisible characters out, quotes and spaces folded."""

from __future__ import annotations

import re
import unicodedata

# zero-width and bidi control characters carry no meaning for matching
_INVISIBLE = re.compile("[\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def clean_line(line: str) -> str:
    """One paragraph, normalised (NFC), without control or invisible characters."""
    if line.isprintable() and "  " not in line:
        # most lines: no control, invisible (format) or odd space character, since those are
        # all unprintable, and no run of spaces, so the substitutions below would change nothing
        return (line if line.isascii() else unicodedata.normalize("NFC", line)).strip()
    line = unicodedata.normalize("NFC", line)
    line = _CONTROL.sub(" ", _INVISIBLE.sub("", line))
    return _SPACES.sub(" ", line).strip()


def fold_quotes(text: str) -> str:
    """Straight apostrophes and dashes for matching; keeps the length of the text."""
    return (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u2013", "-")
        .replace("\u2014", "-")
        .replace("\u2011", "-")
        .replace("\u2010", "-")
    )
