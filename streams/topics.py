"""Every Kafka topic Sitrep reads or writes, declared once.

Keys are post ids (raw bytes); values are JSON (the ``orjson`` codec). The
raw input is read as bytes so that a message that fails validation reaches
the dead-letter topic exactly as it arrived.
"""

from __future__ import annotations

import zlib

from streams.app import app
from streams.settings import OUTPUT_TOPICS, get_settings

settings = get_settings()

raw_posts = app.topic(
    settings.raw_topic,
    key_type=bytes,
    value_type=bytes,
    value_serializer="raw",
    partitions=settings.partitions,
)
dead_letters = app.topic(
    settings.dlq_topic, key_type=bytes, value_serializer="orjson", partitions=settings.partitions
)
posts = app.topic(
    settings.posts_topic,
    key_type=bytes,
    value_type=bytes,
    value_serializer="raw",
    partitions=settings.partitions,
    internal=True,
)
outputs = {
    name: app.topic(
        settings.output_topic(name),
        key_type=bytes,
        value_serializer="orjson",
        partitions=settings.partitions,
    )
    for name in OUTPUT_TOPICS
}


def partition_for(page_id: str, partitions: int = settings.partitions) -> int:
    """All posts of a page go to one partition, so consumers see them in order."""
    return zlib.crc32(page_id.encode("utf-8")) % partitions
