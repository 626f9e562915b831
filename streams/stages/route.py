"""Stage 2: posts -> enriched posts on every topic they belong to."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from pydantic import ValidationError

from schemas.models import Post
from streams import codec, topics
from streams.app import app
from streams.catalogue import get_catalogue
from streams.core.pages import InvalidPage
from streams.core.pipeline import dead_letter, enrich_post
from streams.settings import get_settings

log = logging.getLogger(__name__)
settings = get_settings()


@app.agent(topics.posts)
async def route_posts(stream):
    """Enrich each post and send it, keyed by post id, to each of its topics."""
    catalogue = get_catalogue(settings.catalogue_dir)
    async for event in stream.events():
        msg = event.message
        try:
            post = Post.model_validate_json(msg.value)
        except (ValidationError, ValueError) as exc:
            letter = dead_letter(
                InvalidPage(f"internal post does not validate: {exc}", "ValidationError"),
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
        try:
            enriched = enrich_post(post, catalogue)
        except Exception as exc:  # a bug on one post must not stop the worker
            log.exception("enrichment failed for %s", post.post_id)
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
        body = codec.dumps(enriched)
        for name in enriched.topics:
            await topics.outputs[name].send(
                key=post.post_id.encode(),
                value=body,
                value_serializer="raw",
                partition=topics.partition_for(post.page_id),
            )
