"""Read numbers written as digits or words ("11", "1,200", "eleven", "twenty-three")."""

from __future__ import annotations

import re

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000}
WORDS = {**UNITS, **TENS}
#: number words in lower case, with the plural scales ("Twenty-four UAVs", "Hundreds of drones" open
#: sentences with them: no name of a person or a weapon)
NUMBER_WORDS = frozenset(WORDS) | frozenset(SCALES) | {"dozens", "hundreds", "thousands"}

_WORD_ALT = "|".join(sorted(list(UNITS) + list(TENS), key=len, reverse=True))
#: one number: digits (with thousands separators) or an English number phrase
NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+"
    rf"|(?:(?:{_WORD_ALT})(?:[-\s](?:{_WORD_ALT}))?"
    r"(?:\s+(?:hundred|thousand)(?:\s+(?:and\s+)?"
    rf"(?:{_WORD_ALT})(?:[-\s](?:{_WORD_ALT}))?)?)?))"
)
NUMBER_RE = re.compile(rf"\b{NUMBER}\b", re.IGNORECASE)


def to_int(text: str) -> int | None:
    """The value of a number phrase matched by :data:`NUMBER`, else ``None``."""
    t = text.strip().lower().replace(",", "")
    if t.isdigit():
        return int(t)
    total = 0
    current = 0
    for word in re.split(r"[\s-]+", t):
        if word == "and" or not word:
            continue
        if word in WORDS:
            current += WORDS[word]
        elif word in SCALES:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total += current
                current = 0
        else:
            return None
    return total + current
