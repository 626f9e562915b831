"""Stage 3: enriched posts with counts -> the tallies (launched, destroyed, lost, hit per day and class).

Reads the output topics named by ``tally_topics`` (drone-reports and
missile-strikes) as a consumer of their committed messages, from the start,
every time the worker starts: the tallies are a pure function of those topics,
so rebuilding them is the recovery. A post routed to both topics, delivered
again or replayed is stored by post id, so it counts once.

It runs beside the agents, not as one: its state is no Faust table, so it adds
nothing to the worker's transactions (see streams/tables.py for why).
"""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaConsumer
from pydantic import ValidationError

from schemas.models import EnrichedPost
from streams import tables
from streams.app import app
from streams.kafka import client_options
from streams.metrics import note_received
from streams.settings import get_settings
from streams.tallies import contribution, record

log = logging.getLogger(__name__)
settings = get_settings()

TALLY_TOPICS = tuple(settings.output_topic(name) for name in settings.tally_topics)


def tally_record(value: bytes | None, partition: int) -> bool:
    """Add one message's counts to the tallies (once per post id); False when it is no post."""
    try:
        post = EnrichedPost.model_validate_json(value or b"")
    except (ValidationError, ValueError) as exc:
        log.warning("not tallied: a message on partition %d is no enriched post: %s", partition, exc)
        return False
    record(tables.tally_posts, tables.tally_totals, post.post_id, contribution(post, partition))
    return True


@app.task
async def tally_counts() -> None:
    """Follow the tally topics (read_committed, from the beginning) and keep the tallies."""
    consumer = AIOKafkaConsumer(
        *TALLY_TOPICS,
        **client_options(settings),
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        metadata_max_age_ms=settings.metadata_max_age_ms,
    )
    while True:
        try:
            await consumer.start()
            break
        except Exception as exc:  # broker not up yet: try again, the worker keeps going
            log.warning("tally reader cannot start yet: %r", exc)
            await asyncio.sleep(2)
    try:
        while True:
            batch = await consumer.getmany(timeout_ms=500, max_records=2000)
            for tp, records in batch.items():
                for r in records:
                    note_received(r)
                    tally_record(r.value, tp.partition)
    finally:
        await consumer.stop()
