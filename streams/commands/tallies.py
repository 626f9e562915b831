"""``tallies``: print the attack tallies, from the running worker or (``--offline``) from the topics.

Columns: date, weapon_class, launched, destroyed, lost, hit, posts; the first
four line up with the "Massive Missile Attacks on Ukraine" data set's date,
model/class, launched and destroyed.
"""

from __future__ import annotations

import sys
import time
from datetime import date

import aiohttp
import click
from aiokafka import AIOKafkaConsumer
from faust.cli import option
from pydantic import ValidationError

from schemas.models import EnrichedPost
from streams.app import app
from streams.kafka import client_options
from streams.settings import Settings, get_settings
from streams.tallies import Tally, to_csv, to_text


class _Day(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date (YYYY-MM-DD)", param, ctx)


DAY = _Day()


async def fetch_rows(url: str, start: date | None, end: date | None, weapon_class: str | None) -> list[dict]:
    """Rows from a running worker's GET /tallies."""
    params = {
        k: v
        for k, v in (
            ("from", start.isoformat() if start else None),
            ("to", end.isoformat() if end else None),
            ("class", weapon_class),
        )
        if v
    }
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with session.get(f"{url.rstrip('/')}/tallies", params=params) as response:
            body = await response.json(content_type=None)
            if response.status != 200:
                raise click.ClickException(
                    f"{url}/tallies answered {response.status}: {body.get('error', body)}"
                )
            return body["rows"]


async def offline_tally(settings: Settings, idle: float = 2.0, timeout: float = 300.0) -> Tally:
    """Read the tally topics from the beginning (committed messages only) into a :class:`Tally`.

    Stops at the end offsets seen at start, or after ``idle`` seconds with no
    message, whichever comes first.
    """
    names = [settings.output_topic(t) for t in settings.tally_topics]
    consumer = AIOKafkaConsumer(
        *names,
        **client_options(settings),
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
    )
    await consumer.start()
    tally = Tally()
    try:
        await consumer.seek_to_beginning()
        assigned = consumer.assignment()
        while not assigned:  # subscription: wait for the (single-member) assignment
            await consumer.getmany(timeout_ms=200)
            assigned = consumer.assignment()
        ends = await consumer.end_offsets(list(assigned))
        deadline = time.monotonic() + timeout
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500, max_records=5000)
            for records in batch.values():
                for rec in records:
                    try:
                        post = EnrichedPost.model_validate_json(rec.value)
                    except (ValidationError, ValueError):
                        continue
                    tally.add(post, rec.partition)
                if records:
                    quiet_since = time.monotonic()
            positions = {tp: await consumer.position(tp) for tp in assigned}
            if all(positions[tp] >= ends.get(tp, 0) for tp in assigned):
                break
            if not batch and time.monotonic() - quiet_since > idle:
                break
    finally:
        await consumer.stop()
    return tally


@app.command(
    option("--from", "start", type=DAY, default=None, help="First day (YYYY-MM-DD, Kyiv time), inclusive."),
    option("--to", "end", type=DAY, default=None, help="Last day (YYYY-MM-DD, Kyiv time), inclusive."),
    option(
        "--class",
        "weapon_class",
        default=None,
        help="Only this weapon class, e.g. drone or 'cruise missile'.",
    ),
    option("--csv", "as_csv", is_flag=True, default=False, help="CSV with a header line instead of a table."),
    option(
        "--offline",
        is_flag=True,
        default=False,
        help="Compute from the drone-reports and missile-strikes topics instead of asking the worker.",
    ),
    option(
        "--url",
        default=None,
        help="The worker's web address (default: http://SITREP_WEB_HOST:SITREP_WEB_PORT).",
    ),
    option(
        "--idle",
        type=float,
        default=2.0,
        show_default=True,
        help="With --offline: stop after this many seconds with no new message.",
    ),
)
async def tallies(
    self,
    start: date | None,
    end: date | None,
    weapon_class: str | None,
    as_csv: bool,
    offline: bool,
    url: str | None,
    idle: float,
) -> None:
    """Print launched, destroyed, lost and hit per day and weapon class (the worker's tallies table)."""
    settings = get_settings()
    if start and end and start > end:
        raise click.BadParameter(f"--from {start} is after --to {end}")
    if offline:
        table = (await offline_tally(settings, idle)).rows(start, end, weapon_class)
    else:
        base = url or f"http://{settings.web_host}:{settings.web_port}"
        try:
            table = await fetch_rows(base, start, end, weapon_class)
        except (TimeoutError, OSError, aiohttp.ClientError) as exc:
            raise click.ClickException(
                f"no worker answering at {base} ({exc}); start one or use --offline"
            ) from exc
    sys.stdout.write(to_csv(table) if as_csv else to_text(table))
    sys.stdout.flush()
