"""Stage 1: raw pages -> posts. Anything that is not a valid page becomes a dead letter."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from streams import codec, topics
from streams.app import app
from streams.catalogue import get_catalogue
from streams.core.pipeline import dead_letter, posts_from_message
from streams.settings import get_settings

log = logging.getLogger(__name__)
settings = get_settings()


@app.agent(topics.raw_posts)
async def split_pages(stream):
    """Split each raw page into posts keyed by post id; dead-letter what cannot be read."""
    catalogue = get_catalogue(settings.catalogue_dir)
    async for event in stream.events():
        msg = event.message
        # the record's own timestamp is the ingest time, so a replay gives the same posts
        ingested_at = datetime.fromtimestamp(msg.timestamp or 0, tz=UTC)
        try:
            posts = posts_from_message(
                msg.value, ingested_at, catalogue, settings.max_page_bytes, settings.max_lines_per_page
            )
        except Exception as exc:  # a bad page must never stop the worker
            log.warning(
                "dead letter from %s[%d]@%d: %s",
                msg.topic,
                msg.partition,
                msg.offset,
                getattr(exc, "reason", exc),
            )
            letter = dead_letter(
                exc,
                msg.value,
                msg.key,
                msg.topic,
                msg.partition,
                msg.offset,
                msg.timestamp,
                datetime.now(UTC),
            )
            await topics.dead_letters.send(key=msg.key, value=letter)
            continue
        for post in posts:
            await topics.posts.send(
                key=post.post_id.encode(),
                value=codec.dumps(post),
                partition=topics.partition_for(post.page_id),
            )
