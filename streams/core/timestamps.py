"""Recognise timestamp lines ("14:32", "Monday 18 November 2024 18:39, UK") and date them.

A timestamp line is metadata for the posts under it. A bare time takes its
date and zone from the timestamp before it, or from the page's own date.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}

ZONES: dict[str, ZoneInfo | timezone] = {
    "uk": ZoneInfo("Europe/London"),
    "gmt": UTC,
    "bst": timezone(timedelta(hours=1)),
    "utc": UTC,
    "cet": timezone(timedelta(hours=1)),
    "cest": timezone(timedelta(hours=2)),
    "eet": timezone(timedelta(hours=2)),
    "eest": timezone(timedelta(hours=3)),
    "msk": timezone(timedelta(hours=3)),
    "et": ZoneInfo("America/New_York"),
    "est": timezone(timedelta(hours=-5)),
    "edt": timezone(timedelta(hours=-4)),
    "kyiv time": ZoneInfo("Europe/Kyiv"),
    "kyiv": ZoneInfo("Europe/Kyiv"),
    "local time": ZoneInfo("Europe/Kyiv"),
    "moscow time": timezone(timedelta(hours=3)),
    # outlets beyond Europe: Australia, the US west and centre, Japan and Korea, India
    "aedt": timezone(timedelta(hours=11)),
    "aest": timezone(timedelta(hours=10)),
    "pst": timezone(timedelta(hours=-8)),
    "pdt": timezone(timedelta(hours=-7)),
    "cst": timezone(timedelta(hours=-6)),
    "cdt": timezone(timedelta(hours=-5)),
    "jst": timezone(timedelta(hours=9)),
    "kst": timezone(timedelta(hours=9)),
    "ist": timezone(timedelta(hours=5, minutes=30)),
}

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DATE = (
    r"(?:"
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?(?:\s+(?P<year>\d{{4}}))?"
    rf"|{_MONTH.replace('month', 'month2')}\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?(?:\s+(?P<year2>\d{{4}}))?"
    # "2024-11-18", and "2022.06.21" as some European sites write it
    r"|(?P<iso_y>\d{4})[-.](?P<iso_m>\d{2})[-.](?P<iso_d>\d{2})"
    r"|(?P<dd>\d{1,2})[/.](?P<mm>\d{1,2})[/.](?P<yyyy>\d{4}|\d{2}(?![\d.:]))"
    r")"
)


def _time(tag: str) -> str:
    return (
        rf"(?P<hour{tag}>[01]?\d|2[0-3])(?:[:.](?P<minute{tag}>[0-5]\d))?"
        rf"\s*(?P<ampm{tag}>[ap]\.?m\.?)?"
    )


_ZONE_NAMES = (
    r"(?:(?:gmt|utc)\s?[+-]\s?\d{1,2}(?::?\d{2})?|uk|gmt|bst|utc|cet|cest|eet|eest|msk|et|est|edt|"
    r"aedt|aest|pst|pdt|cst|cdt|jst|kst|ist|"
    r"kyiv time|kyiv|local time|moscow time|[+-]\d{2}:?\d{2})"
)
_ZONE = rf"(?:,?\s*\(?(?P<zone>{_ZONE_NAMES})\)?)?"
_MIDZONE = rf"(?:,?\s*\(?(?P<midzone>{_ZONE_NAMES})\)?)?"
_PREFIX = (
    r"(?:(?:updated|posted|published|first published|last updated|modified|last modified|breaking|issued)"
    r"(?:\s+at|\s+on)?:?(?:\s+[/\-–—])?\s+)?"
)

_DATE_B = _DATE.replace("(?P<", "(?P<b_")
_TIME_A = _time("")
_TIME_B = _time("b")
TIMESTAMP_RE = re.compile(
    rf"\s*{_PREFIX}{_WEEKDAY}(?:{_DATE}(?:(?:,|\s+at|\s*[-·|•–—/])?\s+{_TIME_A})?"
    # a time may end in a colon, as entries that run on below it write it ("9:20 p.m.:")
    rf"|{_TIME_B}{_MIDZONE}(?:(?:,|\s*[·|•])?\s+{_WEEKDAY}{_DATE_B})?){_ZONE}\s*:?\s*",
    re.IGNORECASE,
)


def _zone(name: str | None):
    if not name:
        return None
    key = name.lower()
    if key in ZONES:
        return ZONES[key]
    m = re.fullmatch(r"(?:gmt|utc)?\s?([+-])\s?(\d{1,2}):?(\d{2})?", key)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)))
    return None


# a wire's clock time with no separator, always with its zone: "2108 GMT" (a year never has one)
_MILITARY = re.compile(rf"\s*([01]\d|2[0-3])([0-5]\d)(\s*{_ZONE_NAMES})\s*", re.IGNORECASE)


def _with_colon(line: str) -> str:
    """ "2108 GMT" as "21:08 GMT"; any other line as it is."""
    m = _MILITARY.fullmatch(line) if line[:1].isdigit() or line[:1].isspace() else None
    return f"{m.group(1)}:{m.group(2)}{m.group(3)}" if m else line


def is_clock_stamp(line: str) -> bool:
    """A date and/or time written as such ("22:05", "10.09.2025, 22:05"), not "12m ago"."""
    return TIMESTAMP_RE.fullmatch(_with_colon(line.strip())) is not None


def stamp_zone(line: str):
    """The zone a timestamp line writes ("10.09.2025, 19:40 CEST"), else ``None``."""
    m = TIMESTAMP_RE.fullmatch(_with_colon(line.strip()))
    return _zone(m.group("zone") or m.group("midzone")) if m else None


# a page's note of the zone its times are in: "All times stated are UK", "Times in GMT"
_ZONE_NOTE = re.compile(
    rf"(?:all\s+)?times?\s+(?:(?:are\s+)?(?:stated|shown|given|listed|quoted)\s+)?(?:are\s+)?(?:in\s+)?"
    # "Times are in Finnish time (EET)": a country's time, then its zone's name
    rf"(?:[a-z]+\s+time\s+\()?(?P<zone>{_ZONE_NAMES})\)?(?:\s+time)?(?:\s*\((?:utc|gmt)\s?[+-]\s?\d{{1,2}}(?::?\d{{2}})?\))?\.?",
    re.IGNORECASE,
)


def zone_note(line: str) -> ZoneInfo | timezone | None:
    """The zone a page says its times are in ("All times stated are UK"), else ``None``."""
    if len(line) > 200 or "time" not in line.lower():
        return None
    # the note may close the page's standfirst: "The latest developments in the war. All times EDT."
    m = _ZONE_NOTE.fullmatch(re.split(r"(?<=[.!])\s+(?=[A-Z])", line.strip())[-1])
    return _zone(m.group("zone")) if m else None


# a numeric date glued to the same date spelled out, as some pages scrape: the numeric one is
# ambiguous (01/02 is January or February), the spelled-out one is not
_GLUED_DATES = re.compile(r"\d{1,2}/\d{1,2}/\d{4}(?=[A-Z][a-z])")


_THEN_MODIFIED = re.compile(
    r"(?<=\d)\s+(?:modified|updated|last updated|last modified):?\s+[\d/.:\s-]{6,30}$", re.IGNORECASE
)


_UPDATED_IN_BRACKETS = re.compile(
    r"(.+?)\s*\(((?:last\s+)?(?:updated|modified):?\s+[^()]{3,40})\)", re.IGNORECASE
)


def _parts_of_one_stamp(line: str, context: datetime | None) -> datetime | None:
    """A header stamp in parts between bars ("Thu, Jun 30, 2022 | UPDATED: 18:52", "Published Dec
    29, 2022, 7:02am | Updated Dec 29, 2022, 6:48pm"): each part dates the next, the last one
    counts (the page as it stands). ``None`` unless every part is a stamp. An entry's own
    "Issued on: X Modified: Y" keeps X (``_THEN_MODIFIED``): the labels date an entry by its
    first issue and a page's header by its latest update."""
    when = None
    for part in line.split("|"):
        when = parse_timestamp_line(part.strip(), context)
        if when is None:
            return None
        context = when
    return when


def parse_timestamp_line(line: str, context: datetime | None = None) -> datetime | None:
    """The moment a timestamp line names, or ``None`` when the line is not one.

    ``context`` (the previous timestamp or the page's date) fills in a missing
    date, year or zone. A bare time with no context gets no date and is still
    recognised as a timestamp line (returns a time on 1970-01-01 UTC is avoided:
    the caller gets ``context``-less times dated today by the caller's choice).
    """
    stripped = _with_colon(line.strip())
    if not stripped or len(stripped) > 70:
        return None
    # "Issued on: 11/11/2022 - 07:12 Modified: 11/11/2022 - 21:55": the entry was issued first
    stripped = _THEN_MODIFIED.sub("", stripped)
    glued = _GLUED_DATES.match(stripped)
    if glued:
        stripped = stripped[glued.end() :]  # "01/15/2025January 15, 2025": the spelled-out date
    m = TIMESTAMP_RE.fullmatch(stripped)
    if not m:
        if "|" in stripped:
            return _parts_of_one_stamp(stripped, context)
        later = _UPDATED_IN_BRACKETS.fullmatch(stripped)
        if later:
            # "Saturday 24 May 2025 6:40 pm (Updated 8:05 pm)": the page as it stands, as between bars
            return _parts_of_one_stamp(f"{later.group(1)} | {later.group(2)}", context)
        return None
    g = {k.removeprefix("b_"): v for k, v in m.groupdict().items() if v is not None}
    for key in ("hour", "minute", "ampm"):
        g.setdefault(key, g.get(key + "b"))
    for key in (
        "day",
        "day2",
        "iso_y",
        "iso_m",
        "iso_d",
        "dd",
        "mm",
        "yyyy",
        "year",
        "year2",
        "month",
        "month2",
        "zone",
    ):
        g.setdefault(key, None)
    g["zone"] = g["zone"] or g.get("midzone")
    has_time = g["hour"] is not None
    has_date = any(g[k] for k in ("day", "day2", "iso_y", "dd"))
    if not (has_time or has_date):
        return None
    if has_time and not has_date:
        # a lone number like "2022" or "15" is not a time; demand minutes or am/pm
        if g["minute"] is None and g["ampm"] is None:
            return None
    hour = int(g["hour"]) if has_time else 0
    minute = int(g["minute"] or 0) if has_time else 0
    if g.get("ampm"):
        if hour > 12:
            return None
        pm = g["ampm"].lower().startswith("p")
        hour = (hour % 12) + (12 if pm else 0)
    tz = _zone(g.get("zone")) or (context.tzinfo if context and context.tzinfo else UTC)
    if has_date:
        y: int | None
        mo: int | None
        if g["iso_y"]:
            y, mo, d = int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"])
        elif g["dd"]:
            y, mo, d = int(g["yyyy"]), int(g["mm"]), int(g["dd"])
            if y < 100:
                y += 2000  # "10/31/22"
            if mo > 12 >= d:
                mo, d = d, mo  # "09/22/2023": a month first, as US pages write it
        else:
            month_name = (g.get("month") or g.get("month2") or "").lower().rstrip(".")
            mo = MONTHS.get(month_name[:4].rstrip("t") if month_name.startswith("sept") else month_name)
            if mo is None:
                mo = MONTHS.get(month_name[:3])
            d = int(g["day"] or g["day2"])
            year = g["year"] or g["year2"]
            y = int(year) if year else (context.year if context else None)
        if y is None or mo is None:
            return None
        try:
            day = date(y, mo, d)
        except (TypeError, ValueError):
            return None
    else:
        if context is None:
            return None
        day = context.astimezone(tz).date() if context.tzinfo else context.date()
    try:
        return datetime.combine(day, time(hour, minute), tzinfo=tz)
    except ValueError:
        return None


def is_timestamp_line(line: str) -> bool:
    """True for a line that is only a date and/or a time."""
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    return parse_timestamp_line(line, epoch) is not None


_RELATIVE_RE = re.compile(
    r"\s*(?:updated\s+|posted\s+)?(?P<n>\d{1,3}|an?|one)\s*"
    r"(?P<unit>s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\s+ago\s*|\s*just now\s*",
    re.IGNORECASE,
)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def relative_offset(line: str) -> timedelta | None:
    """How long before the page's own time a relative stamp ("12m ago", "an hour ago") was."""
    m = _RELATIVE_RE.fullmatch(line) if len(line) < 30 else None
    if m is None:
        return None
    if m.group("n") is None:
        return timedelta(0)  # "just now"
    n = int(m.group("n")) if m.group("n").isdigit() else 1
    return timedelta(seconds=n * _UNIT_SECONDS[m.group("unit")[0].lower()])


_DAY_RELATIVE_RE = re.compile(
    r"\s*(?P<day>today|yesterday),?\s+(?:at\s+)?(?P<h>\d{1,2})[:.](?P<m>\d{2})\s*", re.IGNORECASE
)


def relative_day(line: str, page_time: datetime | None) -> datetime | None:
    """ "Today 21:10", "Yesterday 22:45": a time on the page's own day or the day before."""
    m = _DAY_RELATIVE_RE.fullmatch(line) if page_time is not None and len(line) < 30 else None
    if m is None or page_time is None or int(m.group("h")) > 23 or int(m.group("m")) > 59:
        return None
    day = page_time.date() - timedelta(days=1 if m.group("day").lower() == "yesterday" else 0)
    return datetime(
        day.year, day.month, day.day, int(m.group("h")), int(m.group("m")), tzinfo=page_time.tzinfo
    )
