"""Stage 2: posts -> enriched posts on every topic they belong to."""

from __future__ import annotations

import logging

from faust.types import Message
from pydantic import ValidationError

from schemas.models import Post
from streams import codec, tables, topics
from streams.app import app
from streams.catalogue import Catalogue, get_catalogue
from streams.core.pages import InvalidPage
from streams.core.pipeline import enrich_post
from streams.settings import Settings, get_settings
from streams.stages.split import letter_for, within_size
from streams.tables import Outgoing, deliver

log = logging.getLogger(__name__)
settings = get_settings()


def route_message(msg: Message, catalogue: Catalogue, settings: Settings = settings) -> list[Outgoing]:
    """The records one post becomes: the enriched post on each of its topics, or one dead letter."""
    try:
        post = Post.model_validate_json(msg.value)
    except (ValidationError, ValueError) as exc:
        return [letter_for(msg, InvalidPage(f"internal post does not validate: {exc}", "ValidationError"))]
    try:
        enriched = enrich_post(post, catalogue)
    except Exception as exc:  # a bug on one post must not stop the worker
        log.exception("enrichment failed for %s", post.post_id)
        return [letter_for(msg, exc)]
    body = codec.dumps(enriched)
    key = post.post_id.encode()
    partition = topics.partition_for(post.page_id)
    records = [Outgoing(topics.outputs[name], key, body, partition) for name in enriched.topics]
    return within_size(msg, records, settings)


@app.agent(topics.posts)
async def route_posts(stream):
    """Enrich each post and send it, keyed by post id, to each of its topics."""
    catalogue = get_catalogue(settings.catalogue_dir)
    async for event in stream.events():
        if tables.already_delivered(event):  # at_least_once only: a re-sent post
            continue
        await deliver(event, route_message(event.message, catalogue))
        tables.mark_delivered(event)
