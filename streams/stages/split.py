"""Stage 1: raw pages -> posts. Anything that is not a valid page becomes a dead letter."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from faust.types import Message

from streams import codec, topics
from streams.app import app
from streams.catalogue import Catalogue, get_catalogue
from streams.core.pages import InvalidPage
from streams.core.pipeline import dead_letter, posts_from_message
from streams.settings import Settings, get_settings
from streams.tables import RECORD_OVERHEAD, Outgoing, deliver, too_large

log = logging.getLogger(__name__)
settings = get_settings()


def letter_for(msg: Message, exc: Exception) -> Outgoing:
    """The dead letter of ``msg``: why, and its original key and bytes."""
    log.warning(
        "dead letter from %s[%d]@%d: %s", msg.topic, msg.partition, msg.offset, getattr(exc, "reason", exc)
    )
    value = msg.value
    room = (settings.max_message_bytes - RECORD_OVERHEAD) * 3 // 4  # base64 grows by a third
    if value is not None and len(value) > room:
        # only when raw-posts accepts more than max_message_bytes allows (a misconfigured topic):
        # a letter that cannot be sent would stop the worker on this message forever
        exc = InvalidPage(
            f"{getattr(exc, 'reason', exc)} (original cut to {room} of {len(value)} bytes)",
            getattr(exc, "error_class", type(exc).__name__),
        )
        value = value[:room]
    letter = dead_letter(
        exc, value, msg.key, msg.topic, msg.partition, msg.offset, msg.timestamp, datetime.now(UTC)
    )
    return Outgoing(topics.dead_letters, msg.key, letter)


def split_message(msg: Message, catalogue: Catalogue, settings: Settings = settings) -> list[Outgoing]:
    """The records one raw-posts message becomes: its posts keyed by post id, or one dead letter."""
    # the record's own timestamp is the ingest time, so a replay gives the same posts
    ingested_at = datetime.fromtimestamp(msg.timestamp or 0, tz=UTC)
    try:
        posts = posts_from_message(
            msg.value, ingested_at, catalogue, settings.max_page_bytes, settings.max_lines_per_page
        )
    except Exception as exc:  # a bad page must never stop the worker
        return [letter_for(msg, exc)]
    records = [
        Outgoing(topics.posts, post.post_id.encode(), codec.dumps(post), topics.partition_for(post.page_id))
        for post in posts
    ]
    return within_size(msg, records, settings)


def within_size(msg: Message, records: list[Outgoing], settings: Settings = settings) -> list[Outgoing]:
    """The records a message became, or its dead letter when one of them is too large to send."""
    big = too_large(records, settings.max_message_bytes)
    if big is None:
        return records
    reason = (
        f"{big.topic.get_topic_name()} record {big.key!r} is over {settings.max_message_bytes} bytes as JSON"
    )
    return [letter_for(msg, InvalidPage(reason, "TooLarge"))]


@app.agent(topics.raw_posts)
async def split_pages(stream):
    """Split each raw page into posts keyed by post id; dead-letter what cannot be read."""
    catalogue = get_catalogue(settings.catalogue_dir)
    async for event in stream.events():
        await deliver(event, split_message(event.message, catalogue))
