"""The worker's web views and the ``tallies`` command, against a real worker on the real broker.

The worker here has topics of its own (a prefix on every Sitrep topic) and its
own app id, so the tallies it shows come from this module's messages only.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest
from aiokafka import AIOKafkaProducer
from prometheus_client.parser import text_string_to_metric_families

from streams.catalogue import get_catalogue
from streams.core.split import split_text
from streams.kafka import client_options, ensure_topics
from streams.settings import Settings
from tests.integration.conftest import ROOT, WorkerProcess, free_port

pytestmark = pytest.mark.integration

SEED_DAY = "2024-11-18"
#: The seed page's air-force post, as the table must show it.
SEED_ROWS = {
    "drone": {"launched": 11, "destroyed": 8, "lost": 3, "hit": 0, "posts": 1},
    "ballistic missile": {"launched": 2, "destroyed": 0, "lost": 0, "hit": 0, "posts": 1},
    "guided missile": {"launched": 1, "destroyed": 0, "lost": 0, "hit": 0, "posts": 1},
}


@dataclass
class IsolatedWorker:
    """A worker with topics and tables of its own, and how to reach it."""

    proc: WorkerProcess
    settings: Settings
    env: dict[str, str]
    url: str


async def start_isolated_worker(kafka_settings: Settings, tmp: Path, name: str) -> IsolatedWorker:
    tag = f"{name}-{uuid.uuid4().hex[:8]}"
    prefix = f"{tag}."
    port = free_port()
    overrides = {
        "app_id": f"sitrep-{tag}",
        "topic_prefix": prefix,
        "raw_topic": f"{prefix}raw-posts",
        "posts_topic": f"{prefix}sitrep-posts",
        "dlq_topic": f"{prefix}raw-posts.dlq",
        "web_port": port,
    }
    settings = kafka_settings.model_copy(update=overrides)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITREP_")}
    env.update(
        KAFKA_BOOTSTRAP_SERVERS=kafka_settings.bootstrap_servers,
        SITREP_DATA_DIR=str(tmp / "faust"),
        **{f"SITREP_{k.upper()}": str(v) for k, v in overrides.items()},
    )
    await ensure_topics(settings)
    proc = WorkerProcess(env, tmp / "worker.log")
    await asyncio.to_thread(proc.start)
    return IsolatedWorker(proc, settings, env, f"http://127.0.0.1:{port}")


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


async def http_get(url: str) -> tuple[int, dict[str, str], bytes]:
    """GET without blocking the event loop: status, headers and body."""
    return await asyncio.to_thread(_get, url)


async def get_json(url: str) -> tuple[int, dict]:
    status, _, body = await http_get(url)
    return status, json.loads(body)


async def wait_for(check: Callable, timeout: float = 60.0, what: str = "condition"):
    """Await ``check()`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = await check()
        if last:
            return last
        await asyncio.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}; last: {last!r}")


async def produce(settings: Settings, *values: bytes) -> None:
    producer = AIOKafkaProducer(**client_options(settings), enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for value in values:
            await producer.send_and_wait(settings.raw_topic, value)
    finally:
        await producer.stop()


def by_class(payload: dict, day: str = SEED_DAY) -> dict[str, dict]:
    return {
        r["weapon_class"]: {k: r[k] for k in ("launched", "destroyed", "lost", "hit", "posts")}
        for r in payload["rows"]
        if r["date"] == day
    }


async def seed_tallied(worker: IsolatedWorker) -> dict:
    """Wait until the seed page's drone row is in /tallies; returns the payload."""

    async def check():
        status, payload = await get_json(f"{worker.url}/tallies")
        return payload if status == 200 and "drone" in by_class(payload) else None

    return await wait_for(check, what=f"the seed page in /tallies\n{worker.proc.tail()}")


def topic_stats(payload: dict) -> dict[str, dict]:
    return {t["topic"]: t for t in payload["topics"]}


@pytest.fixture(scope="module")
async def web_worker(kafka_settings, tmp_path_factory):
    worker = await start_isolated_worker(kafka_settings, tmp_path_factory.mktemp("web"), "web")
    yield worker
    worker.proc.stop()


@pytest.fixture(scope="module")
async def seeded(web_worker, seed_text):
    """The worker after the seed page went in once."""
    await produce(web_worker.settings, seed_text.encode("utf-8"))
    await seed_tallied(web_worker)
    return web_worker


async def test_health_says_ready_with_reason(web_worker):
    status, body = await get_json(f"{web_worker.url}/health")
    assert status == 200, body
    assert body["ready"] is True
    assert body["reason"].startswith("ready")
    assert body["app_id"] == web_worker.settings.app_id


async def test_tallies_show_the_seed_post_once(seeded):
    status, payload = await get_json(f"{seeded.url}/tallies")
    assert status == 200
    assert payload["columns"] == ["date", "weapon_class", "launched", "destroyed", "lost", "hit", "posts"]
    assert by_class(payload) == SEED_ROWS
    assert payload["posts_tallied"] == 1  # on two topics, counted once


async def test_tallies_filters(seeded):
    _, one = await get_json(f"{seeded.url}/tallies?from={SEED_DAY}&to={SEED_DAY}&class=drone")
    assert [(r["date"], r["weapon_class"], r["launched"], r["destroyed"]) for r in one["rows"]] == [
        (SEED_DAY, "drone", 11, 8)
    ]
    assert one["from"] == one["to"] == SEED_DAY and one["class"] == "drone"
    _, later = await get_json(f"{seeded.url}/tallies?from=2024-11-19")
    assert later["rows"] == []
    _, earlier = await get_json(f"{seeded.url}/tallies?to=2024-11-17")
    assert earlier["rows"] == []
    status, bad = await get_json(f"{seeded.url}/tallies?from=18.11.2024")
    assert status == 400 and "YYYY-MM-DD" in bad["error"]
    status, backwards = await get_json(f"{seeded.url}/tallies?from=2024-11-19&to=2024-11-18")
    assert status == 400


@pytest.fixture(scope="module")
def seed_posts(seed_text) -> int:
    """How many posts the splitter makes of the seed page: what the stages must have counted."""
    return len(split_text(seed_text, None, get_catalogue()).drafts)


async def test_topics_count_messages_and_show_latest_posts(seeded, seed_posts):
    status, payload = await get_json(f"{seeded.url}/topics")
    assert status == 200
    stats = topic_stats(payload)
    s = seeded.settings
    assert list(stats)[0] == s.raw_topic and s.dlq_topic in stats
    assert stats[s.raw_topic]["messages"] >= 1 and stats[s.raw_topic]["last_at"]
    drones = stats[s.output_topic("drone-reports")]
    assert drones["messages_in"] >= 1 and drones["last_in_at"]
    assert stats[s.posts_topic]["messages_in"] >= seed_posts
    assert drones["lag"] == 0
    _, one = await get_json(f"{seeded.url}/topics?latest=1")
    assert all(len(t["latest"]) <= 1 for t in one["topics"])


async def test_metrics_in_prometheus_format(seeded, seed_posts):
    status, headers, body = await http_get(f"{seeded.url}/metrics")
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain; version=0.0.4")
    families = {f.name: f for f in text_string_to_metric_families(body.decode())}
    s = seeded.settings

    def sample(family: str, suffix: str = "", **labels) -> float:
        return sum(
            x.value
            for x in families[family].samples
            if x.name == family + suffix and all(x.labels.get(k) == v for k, v in labels.items())
        )

    assert families["sitrep_messages_in"].type == "counter"
    assert sample("sitrep_messages_in", "_total", topic=s.raw_topic) >= 1
    assert sample("sitrep_messages_in", "_total", topic=s.output_topic("drone-reports")) >= 1
    assert sample("sitrep_messages_in", "_total", topic=s.output_topic("missile-strikes")) >= 1
    assert families["sitrep_messages_out"].type == "counter"
    assert {x.labels["topic"] for x in families["sitrep_messages_out"].samples} >= {
        s.dlq_topic,
        s.posts_topic,
    }
    assert families["sitrep_dead_letters"].type == "counter"
    # under exactly_once the worker keeps no Faust table: nothing goes to a changelog
    changelogs = [
        x for x in families["sitrep_messages_out"].samples if x.labels["topic"].endswith("-changelog")
    ]
    assert sum(x.value for x in changelogs) == 0
    latency = families["sitrep_processing_seconds"]
    assert latency.type == "histogram"
    assert sample("sitrep_processing_seconds", "_count", topic=s.posts_topic) >= seed_posts
    lag = families["sitrep_consumer_lag"]
    assert lag.type == "gauge"
    lagging = {(x.labels["topic"], x.labels["partition"]): x.value for x in lag.samples}
    assert any(topic == s.raw_topic for topic, _ in lagging), lagging
    assert all(v >= 0 for v in lagging.values())


async def test_metrics_count_what_the_stages_send(seeded, seed_posts):
    _, _, body = await http_get(f"{seeded.url}/metrics")
    families = {f.name: f for f in text_string_to_metric_families(body.decode())}
    s = seeded.settings
    sent = {
        x.labels["topic"]: x.value
        for x in families["sitrep_messages_out"].samples
        if x.name.endswith("_total")
    }
    assert sent[s.posts_topic] >= seed_posts
    assert sent[s.output_topic("drone-reports")] >= 1
    assert sent[s.output_topic("missile-strikes")] >= 1


async def test_dead_letters_reach_topics_and_metrics(seeded):
    s = seeded.settings
    _, before = await get_json(f"{seeded.url}/topics")
    count = topic_stats(before)[s.raw_topic]["messages_in"]
    await produce(s, b'{"id": "broken", "text": ')

    async def raw_arrived():
        _, now = await get_json(f"{seeded.url}/topics")
        return topic_stats(now)[s.raw_topic]["messages_in"] > count

    await wait_for(raw_arrived, what="the bad message on raw-posts")

    async def counted():
        status, _, body = await http_get(f"{seeded.url}/metrics")
        families = {f.name: f for f in text_string_to_metric_families(body.decode())}
        [letters] = [x.value for x in families["sitrep_dead_letters"].samples if x.name.endswith("_total")]
        return letters >= 1

    await wait_for(counted, timeout=20, what="sitrep_dead_letters_total >= 1")
    _, after = await get_json(f"{seeded.url}/topics")
    letters = topic_stats(after)[s.dlq_topic]
    assert letters["messages"] >= 1 and letters["last_at"]
    assert letters["latest"][0]["error_class"] == "InvalidJson"


async def test_page_and_assets_are_served(seeded):
    status, headers, body = await http_get(f"{seeded.url}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b'<script src="/static/dashboard.js">' in body and b"{{INITIAL}}" not in body
    status, headers, _ = await http_get(f"{seeded.url}/static/dashboard.js")
    assert status == 200 and "javascript" in headers["Content-Type"]
    status, headers, _ = await http_get(f"{seeded.url}/static/dashboard.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    status, _, _ = await http_get(f"{seeded.url}/static/..%2Fviews.py")
    assert status == 404


def run_command(worker: IsolatedWorker, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "streams", "tallies", *args],
        cwd=ROOT,
        env=worker.env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_command_prints_the_table_from_the_worker_and_offline(seeded):
    online = await asyncio.to_thread(run_command, seeded, "--csv", "--class", "drone")
    assert online.returncode == 0, online.stderr
    assert online.stdout.splitlines() == [
        "date,weapon_class,launched,destroyed,lost,hit,posts",
        f"{SEED_DAY},drone,11,8,3,0,1",
    ]
    table = await asyncio.to_thread(run_command, seeded, "--from", SEED_DAY, "--to", SEED_DAY)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["date", "weapon_class", "launched", "destroyed", "lost", "hit", "posts"]
    assert len({len(line) for line in lines}) == 1  # columns line up
    offline = await asyncio.to_thread(run_command, seeded, "--offline", "--csv")
    assert offline.returncode == 0, offline.stderr
    _, payload = await get_json(f"{seeded.url}/tallies")
    assert offline.stdout.splitlines()[1:] == [
        ",".join(str(r[c]) for c in payload["columns"]) for r in payload["rows"]
    ]


async def test_command_without_worker_says_so(web_worker):
    gone = await asyncio.to_thread(run_command, web_worker, "--url", f"http://127.0.0.1:{free_port()}")
    assert gone.returncode != 0
    assert "--offline" in gone.stderr


async def test_replayed_page_and_restart_keep_the_counts(seeded, seed_text):
    s = seeded.settings
    drones = s.output_topic("drone-reports")
    _, before = await get_json(f"{seeded.url}/topics")
    seen = topic_stats(before)[drones]["messages_in"]
    # the page again, byte for byte (same post ids), and as a JSON raw post with the same text
    page_id = f"replay-{uuid.uuid4().hex[:8]}"
    await produce(s, seed_text.encode("utf-8"))

    async def redelivered():
        _, now = await get_json(f"{seeded.url}/topics")
        return topic_stats(now)[drones]["messages_in"] > seen

    await wait_for(redelivered, what="the replayed page on drone-reports")
    await asyncio.sleep(1.0)  # let the agent finish with the batch
    _, payload = await get_json(f"{seeded.url}/tallies")
    assert by_class(payload) == SEED_ROWS, "a replayed page must not add to the tallies"

    # a restart: the tables come back from their changelogs
    seeded.proc.stop()
    await asyncio.to_thread(seeded.proc.start)

    async def recovered():
        status, body = await get_json(f"{seeded.url}/health")
        if status != 200:
            return None
        _, tallies = await get_json(f"{seeded.url}/tallies")
        return tallies if by_class(tallies) else None

    payload = await wait_for(recovered, what=f"tallies after the restart\n{seeded.proc.tail()}")
    assert by_class(payload) == SEED_ROWS
    assert payload["posts_tallied"] == 1

    # a different page with the same text is a different post: it does add
    await produce(s, orjson.dumps({"id": page_id, "text": seed_text}))

    async def added():
        _, tallies = await get_json(f"{seeded.url}/tallies")
        return tallies if by_class(tallies).get("drone", {}).get("launched") == 22 else None

    payload = await wait_for(added, what="the second page's drones")
    assert by_class(payload)["drone"] == {"launched": 22, "destroyed": 16, "lost": 6, "hit": 0, "posts": 2}
