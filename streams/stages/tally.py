"""Stage 3: enriched posts with counts -> the tallies table (launched, destroyed, lost, hit per day and class).

Reads the output topics named by ``tally_topics`` (drone-reports and
missile-strikes). A post routed to both arrives twice, once per topic, on the
same partition; its contribution is stored by post id, so the second copy (or
any later re-delivery) replaces the first rather than adding to it.
"""

from __future__ import annotations

import logging

from pydantic import ValidationError

from schemas.models import EnrichedPost
from streams import tables
from streams.app import app
from streams.settings import get_settings
from streams.tallies import contribution, record

log = logging.getLogger(__name__)
settings = get_settings()

tally_input = app.topic(
    *(settings.output_topic(name) for name in settings.tally_topics),
    key_type=bytes,
    value_type=bytes,
    value_serializer="raw",
    partitions=settings.partitions,
)


@app.agent(tally_input)
async def tally_counts(stream):
    """Add each post's counts to the tallies table once, however often the post arrives."""
    async for event in stream.events():
        msg = event.message
        try:
            post = EnrichedPost.model_validate_json(msg.value)
        except (ValidationError, ValueError) as exc:
            log.warning(
                "not tallied: %s[%d]@%d is no enriched post: %s", msg.topic, msg.partition, msg.offset, exc
            )
            continue
        record(tables.tally_posts, tables.tally_totals, post.post_id, contribution(post, msg.partition))
