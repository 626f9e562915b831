"""Hostile input on the real broker: every kind is dead-lettered with its reason and original
bytes, or processed as pipe processes it; the worker keeps going; valid pages between them
are all routed.

The kinds come from ``bench.chaos.hostile_messages`` (the chaos run mixes the same ones in).
"""

from __future__ import annotations

import asyncio
import base64
import uuid
from datetime import UTC, datetime

import orjson
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import MessageSizeTooLargeError

from bench.chaos import NEWS, create_topics, hostile_messages, outcome, run_settings
from streams.kafka import client_options
from tests.integration.conftest import WorkerProcess, collect, output_topics

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]

#: What each kind must become (None: processed into posts), besides agreeing with pipe.
MUST = {
    "invalid JSON": "InvalidJson",
    "JSON list of numbers": "WrongShape",
    "JSON of wrong types": "ValidationError",
    "JSON bad id": "ValidationError",
    "missing text": "ValidationError",
    "empty text": "ValidationError",
    "blank text": "EmptyPage",
    "empty message": "EmptyMessage",
    "null value (tombstone)": "EmptyMessage",
    "deeply nested JSON": "InvalidJson",
    "page 1 byte over max_page_bytes": "TooLarge",
    "not UTF-8": "NotUtf8",
    "binary with NUL bytes": "Binary",
    "100,000 one-word lines": "PageTooLong",
    "null key, invalid JSON": "InvalidJson",
    "HTML with scripts": None,
    "control characters": None,
    "odd Unicode (RTL, ZWJ, emoji)": None,
    "null key, valid page": None,
}


@pytest.fixture(scope="module")
async def hostile_run(kafka_settings, tmp_path_factory):
    """A worker on its own topics (created with the record size limits) and a producer."""
    run = f"hostile-{uuid.uuid4().hex[:8]}"
    settings, env = run_settings(kafka_settings.bootstrap_servers, run, "exactly_once")
    await create_topics(settings)
    worker = WorkerProcess(env, tmp_path_factory.mktemp("hostile") / "worker.log")
    await asyncio.to_thread(worker.start)
    producer = AIOKafkaProducer(
        **client_options(settings),
        enable_idempotence=True,
        acks="all",
        max_request_size=settings.max_message_bytes,
    )
    await producer.start()
    yield settings, worker, producer
    await producer.stop()
    await asyncio.to_thread(worker.stop)


async def test_each_hostile_kind_is_dead_lettered_or_processed(hostile_run):
    settings, worker, producer = hostile_run
    run = settings.app_id
    ingest = datetime.now(UTC).replace(microsecond=0)
    stamp = int(ingest.timestamp() * 1000)
    kinds = hostile_messages(settings.max_page_bytes, run)
    assert set(MUST) <= {kind for kind, _, _ in kinds}
    expected_dead: dict[bytes, tuple[str, bytes | None, bytes | None]] = {}  # marker -> (class, key, value)
    expected_pairs: set[tuple[str, str]] = set()
    valid_pairs: set[tuple[str, str]] = set()
    outcomes: dict[str, tuple] = {}
    for n, (kind, key, value) in enumerate(kinds):
        posts, error = outcome(value, ingest, settings)
        outcomes[kind] = (posts, error)
        if kind in MUST:
            assert error == MUST[kind], kind
        await producer.send(settings.raw_topic, value, key=key, timestamp_ms=stamp)
        if error is None:
            expected_pairs.update((settings.output_topic(t), pid) for pid, topics in posts for t in topics)
        else:
            expected_dead[(key, value)] = (kind, error)
        # a valid page after every hostile one
        page_id = f"{run}-valid-{n:02d}"
        good = orjson.dumps(
            {"id": page_id, "text": f"{NEWS}\nRussian forces captured the village of Kostiantynivka."}
        )
        posts, error = outcome(good, ingest, settings)
        assert error is None
        valid_pairs.update((settings.output_topic(t), pid) for pid, topics in posts for t in topics)
        await producer.send(settings.raw_topic, good, key=page_id.encode(), timestamp_ms=stamp)
    await producer.flush()

    letters = await collect(
        settings, [settings.dlq_topic], lambda rs: len(rs) >= len(expected_dead), timeout=90
    )
    wanted = expected_pairs | valid_pairs
    routed = await collect(
        settings,
        output_topics(settings),
        lambda rs: {(r.topic, r.key.decode()) for r in rs} >= wanted,
        timeout=90,
    )
    assert worker.alive(), worker.tail()

    # dead letters: one per hostile message, with its reason, original key and bytes
    got = {}
    for r in letters:
        letter = orjson.loads(r.value)
        original = base64.b64decode(letter["original_b64"])
        key = base64.b64decode(letter["original_key_b64"]) if letter["original_key_b64"] is not None else None
        assert r.key == key
        assert letter["reason"] and letter["original_topic"] == settings.raw_topic
        got.setdefault((key, original), []).append(letter["error_class"])
    for (key, value), (kind, error) in expected_dead.items():
        assert got.get((key, value or b"")) == [error], f"{kind}: {got.get((key, value or b''))}"
    assert len(letters) == len(expected_dead)

    # processed ones and every valid page: on their topics exactly once
    pairs = [(r.topic, r.key.decode()) for r in routed]
    assert set(pairs) == wanted, (wanted - set(pairs), set(pairs) - wanted)
    assert len(pairs) == len(set(pairs))
    texts = {r.key.decode(): orjson.loads(r.value)["text"] for r in routed}
    html_posts = [t for pid, t in texts.items() if pid.startswith(f"{run}-html#")]
    assert html_posts and all("alert" not in t and "document.write" not in t for t in html_posts)
    assert any(NEWS[:40] in t for t in html_posts)
    uni = [t for pid, t in texts.items() if pid.startswith(f"{run}-uni#")]
    assert uni and "🚀" in "".join(uni)
    null_key = [pid for pid in texts if pid.startswith(f"{run}-nullkey#")]
    assert null_key


async def test_a_message_over_the_topic_limit_is_refused_to_its_producer(hostile_run):
    """raw-posts takes pages well over max_page_bytes (to dead-letter them), not without bound:
    past raw_message_bytes the producer is told, and nothing reaches the worker."""
    settings, worker, producer = hostile_run
    big = b"x" * (settings.raw_message_bytes + 1024)
    with pytest.raises(MessageSizeTooLargeError):
        await producer.send_and_wait(settings.raw_topic, big, key=b"too-big")
    assert worker.alive()
