"""``produce``: send pages to ``raw-posts``."""

from __future__ import annotations

import sys
from pathlib import Path

from aiokafka import AIOKafkaProducer
from faust.cli import argument
from tqdm import tqdm

from streams.app import app
from streams.commands.reading import messages_from_bytes, messages_from_path
from streams.kafka import client_options, ensure_topics
from streams.settings import get_settings


async def send_all(messages, settings, progress: tqdm | None = None, rate: float = 0.0) -> int:
    """Send message values to the raw topic with an idempotent producer; returns how many."""
    import asyncio

    await ensure_topics(settings)  # with their partitions and size limits, if this is the first page
    producer = AIOKafkaProducer(
        **client_options(settings),
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
        max_request_size=max(settings.max_page_bytes * 2, 1048576) + 65536,
    )
    await producer.start()
    sent = 0
    try:
        futures = []
        for value in messages:
            futures.append(await producer.send(settings.raw_topic, value=value))
            sent += 1
            if progress is not None:
                progress.update(1)
            if rate > 0:
                await asyncio.sleep(1.0 / rate)
        await producer.flush()
        for fut in futures:
            await fut
    finally:
        await producer.stop()
    return sent


@app.command(argument("files", nargs=-1))
async def produce(self, files: tuple[str, ...]) -> None:
    """Send pages to raw-posts: a .txt file is one page, a .jsonl file one raw post a line, - reads stdin."""
    settings = get_settings()
    sources = files or ("-",)

    def values():
        for name in sources:
            if name == "-":
                yield from messages_from_bytes(sys.stdin.buffer.read(), "stdin.txt")
            else:
                yield from messages_from_path(Path(name))

    with tqdm(desc="pages", unit="page", file=sys.stderr, disable=None) as bar:
        sent = await send_all(values(), settings, bar)
    print(f"sent {sent} message(s) to {settings.raw_topic} at {settings.bootstrap_servers}", file=sys.stderr)
