"""Wire datelines: "BERLIN, Feb 26 (Reuters) -", "LINKÖPING, Sweden —", "Kharkiv (AFP) -".

Only the first paragraph of a report carries one, so the splitter starts a report there, and the
city in it says where the reporter was, so it names no state that acts.
"""

from __future__ import annotations

import re

_AGENCY = (
    r"(?:Reuters|AP|AFP|dpa|DPA|Interfax|TASS|Ukrinform|UNIAN|Xinhua|Bloomberg|PAP|ANSA|EFE|Kyodo|Yonhap)"
)
_DATELINE = re.compile(
    r"^(?P<city>[^\W\d_][\w .'’-]{1,40}?)(?:,\s+[^\W\d_][\w .'’-]{1,30}?)?"
    r"(?:,\s+[A-Z][a-z]{2,4}\.?\s+\d{1,2})?\s*(?P<agency>\(" + _AGENCY + r"\))?\s*[-–—]\s+(?P<next>\S)"
)


# every character a dateline holds before its dash and the space after it; a dash then a space
# must stand in the text's opening run of such characters, or there is no dateline
_DATELINE_CHARS = re.compile(r"[\w .'’\-–—,()\s]*")
_DASH_SPACE = re.compile(r"[-–—]\s")


def dateline_end(text: str) -> int | None:
    """Where the dateline that opens ``text`` ends (at the report's first word), or ``None``.

    The city must be in capitals ("KYIV") or an agency must follow it ("Kharkiv (AFP)"), and the
    text after the dash must not go on in lower case ("NATO — and the EU —" is no dateline)."""
    # the pattern's lazy city and region are tried at every length before it fails: the cheap
    # test first (most paragraphs have no dash and space before their first colon or quote)
    opening = _DATELINE_CHARS.match(text).end()  # type: ignore[union-attr]
    if _DASH_SPACE.search(text, 0, opening) is None:
        return None
    m = _DATELINE.match(text)
    if not m or m.group("next").islower():
        return None
    letters = [c for c in m.group("city") if c.isalpha()]
    if m.group("agency") or (len(letters) >= 3 and all(c.isupper() for c in letters)):
        return m.start("next")
    return None


def report_dateline(line: str) -> bool:
    """A paragraph that opens with a wire dateline: the first paragraph of a report."""
    return dateline_end(line) is not None
