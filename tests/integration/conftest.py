"""A real broker and a real worker for the integration tests.

``make test`` starts the broker (scripts/kafka.sh) and sets
``SITREP_REQUIRE_KAFKA=1``, so a missing broker fails these tests instead of
skipping them. Run alone without a broker, they are skipped with a reason.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from streams.kafka import broker_reachable, client_options, ensure_topics
from streams.settings import OUTPUT_TOPICS, Settings
from streams.spawn import spawn_worker

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def kafka_settings() -> Settings:
    settings = Settings()
    if not broker_reachable(settings.bootstrap_servers):
        if os.environ.get("SITREP_REQUIRE_KAFKA") == "1":
            pytest.fail(f"no Kafka broker at {settings.bootstrap_servers} (make test starts one)")
        pytest.skip(f"no Kafka broker at {settings.bootstrap_servers}; run `make test`")
    return settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WorkerProcess:
    """``python -m streams worker`` in a subprocess, with its log kept for failures."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = env
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 90.0) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.proc = spawn_worker(self.env, log, ROOT)
        start_size = self.log_path.stat().st_size
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.tail()}")
            with self.log_path.open("rb") as fh:
                fh.seek(start_size)
                if b"[^Worker]: Ready" in fh.read():
                    return
            time.sleep(0.3)
        raise RuntimeError(f"worker not ready after {timeout}s:\n{self.tail()}")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, sig)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def tail(self, n: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])


@pytest.fixture(scope="session")
def worker_env(kafka_settings, tmp_path_factory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("faust")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITREP_")}
    env.update(
        KAFKA_BOOTSTRAP_SERVERS=kafka_settings.bootstrap_servers,
        SITREP_APP_ID=f"sitrep-test-{uuid.uuid4().hex[:8]}",
        SITREP_DATA_DIR=str(data),
        SITREP_WEB_PORT=str(free_port()),
    )
    return env


@pytest.fixture(scope="session")
async def worker(kafka_settings, worker_env, tmp_path_factory):
    await ensure_topics(kafka_settings)
    proc = WorkerProcess(worker_env, tmp_path_factory.mktemp("logs") / "worker.log")
    await asyncio.to_thread(proc.start)
    yield proc
    proc.stop()


@pytest.fixture(scope="session")
async def producer(kafka_settings):
    p = AIOKafkaProducer(**client_options(kafka_settings), enable_idempotence=True, acks="all")
    await p.start()
    yield p
    await p.stop()


async def collect(
    settings: Settings,
    topics: list[str],
    done: Callable[[list], bool],
    timeout: float = 60.0,
    key_prefix: bytes | None = None,
    since_ms: int = 0,
) -> list:
    """Read the topics from the start (committed messages only) until ``done`` or timeout."""
    consumer = AIOKafkaConsumer(
        *topics,
        **client_options(settings),
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        isolation_level="read_committed",
    )
    await consumer.start()
    records: list = []

    def wanted(r) -> bool:
        return r.timestamp >= since_ms and (key_prefix is None or (r.key or b"").startswith(key_prefix))

    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for recs in batch.values():
                records.extend(r for r in recs if wanted(r))
            if done(records):
                # a short grace period shows whether anything more (a duplicate) arrives
                extra = await consumer.getmany(timeout_ms=1500)
                for recs in extra.values():
                    records.extend(
                        r for r in recs if key_prefix is None or (r.key or b"").startswith(key_prefix)
                    )
                return records
    finally:
        await consumer.stop()
    return records


def output_topics(settings: Settings) -> list[str]:
    return [settings.output_topic(t) for t in OUTPUT_TOPICS]


def value(record) -> dict:
    return orjson.loads(record.value)
