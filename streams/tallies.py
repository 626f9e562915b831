"""Attack tallies: the pure arithmetic behind the tallies table, its views and its command.

A post's *contribution* is what its counts add to the table: for each weapon
class it mentions, the launched, destroyed, lost and hit numbers summed over
its counts, and one post, filed under the post's day in Kyiv time. The table
keeps each post's contribution keyed by post id, so a post delivered again (on
a second topic, a retry, a replayed page) *replaces* what it gave before
instead of adding to it: :func:`record` applies only the difference.

Totals are kept per ``(day, class, shard)``, the shard being the partition the
post arrived on. A Faust table's changelog is written to the partition of the
event that changed it and replayed partition by partition on recovery, so a
key written from two partitions could come back with either value; with the
shard in the key every total is written from one partition only. A page's
posts always share a partition (the route stage's ``partition_for``), so a
post's contribution and its totals never move between shards. :func:`rows`
adds the shards up.

Everything here works on plain ``dict``/``str``/``int`` values, the same shape
before and after a JSON round trip through a changelog, and on any
``MutableMapping``: ``dict`` in tests and in ``tallies --offline``, Faust
tables in the ``tally_counts`` agent.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, MutableMapping
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from schemas.models import EnrichedPost

#: The numbers a count can carry, in the order of the output columns.
FIELDS: tuple[str, ...] = ("launched", "destroyed", "lost", "hit")
#: A cell of the table: the numbers and how many posts they came from.
CELL_FIELDS: tuple[str, ...] = (*FIELDS, "posts")
#: Output columns; the first four line up with the "Massive Missile Attacks on
#: Ukraine" data set (date, model/class, launched, destroyed).
COLUMNS: tuple[str, ...] = ("date", "weapon_class", *CELL_FIELDS)

try:
    KYIV = ZoneInfo("Europe/Kyiv")
except Exception:  # pragma: no cover - tz databases older than 2022b only know the old name
    KYIV = ZoneInfo("Europe/Kiev")

Cell = dict[str, int]
#: ``{"shard": int, "cells": {"YYYY-MM-DD|class": Cell}}``, stored per post id.
Contribution = dict[str, Any]

_SEP = "|"


def kyiv_day(moment: datetime) -> date:
    """The calendar day in Kyiv at ``moment`` (a naive time is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(KYIV).date()


def cell_key(day: date | str, weapon_class: str) -> str:
    """Key of one (day, class) cell: ``"2024-11-18|drone"``."""
    return f"{day if isinstance(day, str) else day.isoformat()}{_SEP}{weapon_class}"


def total_key(cell: str, shard: int) -> str:
    """Key of one (day, class, shard) total in the totals table: ``"2024-11-18|drone|3"``."""
    return f"{cell}{_SEP}{shard}"


def split_total_key(key: str) -> tuple[str, str, int]:
    """``(day, class, shard)`` of a totals key."""
    rest, shard = key.rsplit(_SEP, 1)
    day, weapon_class = rest.split(_SEP, 1)
    return day, weapon_class, int(shard)


def empty_cell() -> Cell:
    return dict.fromkeys(CELL_FIELDS, 0)


def cells_of(post: EnrichedPost) -> dict[str, Cell]:
    """What one post adds to the table, per ``day|class``; empty when it has no counts or no date."""
    if post.published_at is None or not post.counts:
        return {}
    day = kyiv_day(post.published_at)
    cells: dict[str, Cell] = {}
    for count in post.counts:
        cell = cells.setdefault(cell_key(day, count.weapon_class), empty_cell())
        for field in FIELDS:
            cell[field] += getattr(count, field) or 0
        cell["posts"] = 1
    return cells


def contribution(post: EnrichedPost, shard: int = 0) -> Contribution:
    """The record kept for a post in the contributions table."""
    return {"shard": shard, "cells": cells_of(post)}


def _is_zero(cell: Mapping[str, int]) -> bool:
    return not any(cell.get(f, 0) for f in CELL_FIELDS)


def _add(a: Mapping[str, int] | None, b: Mapping[str, int], sign: int = 1) -> Cell:
    return {f: (a or {}).get(f, 0) + sign * b.get(f, 0) for f in CELL_FIELDS}


def deltas(old: Contribution | None, new: Contribution | None) -> dict[str, Cell]:
    """Totals-table changes (by totals key) that turn ``old``'s share into ``new``'s."""
    out: dict[str, Cell] = {}
    for record, sign in ((old, -1), (new, 1)):
        if not record:
            continue
        for cell, numbers in record["cells"].items():
            key = total_key(cell, record["shard"])
            out[key] = _add(out.get(key), numbers, sign)
    return {k: v for k, v in out.items() if not _is_zero(v)}


def record(
    contributions: MutableMapping[str, Contribution],
    totals: MutableMapping[str, Cell],
    post_id: str,
    new: Contribution,
) -> dict[str, Cell]:
    """Put a post's contribution in the table, replacing any earlier one; returns the changes made.

    Idempotent: recording the same contribution again changes nothing (and
    writes nothing, so a re-delivery costs no changelog traffic).
    """
    old = contributions.get(post_id)
    if old == new or (old is None and not new["cells"]):
        return {}
    changes = deltas(old, new)
    for key, change in changes.items():
        total = _add(totals.get(key), change)
        if _is_zero(total):
            if key in totals:
                del totals[key]
        else:
            totals[key] = total
    if new["cells"]:
        contributions[post_id] = new
    else:
        del contributions[post_id]
    return changes


def parse_day(value: str | None) -> date | None:
    """``YYYY-MM-DD`` (or empty) to a date; ``ValueError`` for anything else."""
    if value is None or not value.strip():
        return None
    return date.fromisoformat(value.strip())


def rows(
    totals: Iterable[tuple[str, Mapping[str, int]]],
    start: date | None = None,
    end: date | None = None,
    weapon_class: str | None = None,
) -> list[dict[str, Any]]:
    """Table rows (shards added up) for days ``start..end`` inclusive and one class or all.

    Rows are sorted by date, then class; the class filter ignores case.
    """
    wanted = weapon_class.strip().casefold() if weapon_class and weapon_class.strip() else None
    merged: dict[tuple[str, str], Cell] = {}
    for key, cell in totals:
        day, cls, _ = split_total_key(key)
        when = date.fromisoformat(day)
        if (start and when < start) or (end and when > end) or (wanted and cls.casefold() != wanted):
            continue
        merged[(day, cls)] = _add(merged.get((day, cls)), cell)
    return [
        {"date": day, "weapon_class": cls, **cell}
        for (day, cls), cell in sorted(merged.items())
        if not _is_zero(cell)
    ]


class Tally:
    """An in-memory tallies table: what the agent keeps in Faust tables, in two dicts."""

    def __init__(self) -> None:
        self.contributions: dict[str, Contribution] = {}
        self.totals: dict[str, Cell] = {}

    def add(self, post: EnrichedPost, shard: int = 0) -> dict[str, Cell]:
        """Count a post (again): a repeat replaces its earlier contribution."""
        return record(self.contributions, self.totals, post.post_id, contribution(post, shard))

    def rows(self, start: date | None = None, end: date | None = None, weapon_class: str | None = None):
        return rows(self.totals.items(), start, end, weapon_class)


def to_csv(table: list[dict[str, Any]]) -> str:
    """Rows as CSV with a header line, in :data:`COLUMNS` order."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(table)
    return out.getvalue()


def to_text(table: list[dict[str, Any]]) -> str:
    """Rows as a plain table with lined-up columns (numbers right-aligned)."""
    cells = [list(COLUMNS)] + [[str(row[c]) for c in COLUMNS] for row in table]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = []
    for line in cells:
        parts = [
            value.ljust(width) if i < 2 else value.rjust(width)
            for i, (value, width) in enumerate(zip(line, widths, strict=True))
        ]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"
