"""Delivery: exactly once through a SIGKILL of the worker (real broker), and the security wiring.

The crash test is the short version of ``bench/chaos.py``: its own topics and app
id, 300 pages, one SIGKILL mid-stream, a restart, then every post is on its topics
exactly once (read_committed, by post id) and nothing else is there.
"""

from __future__ import annotations

import asyncio
import logging
import random
import ssl
import subprocess
import time
import uuid
from datetime import UTC, datetime

import orjson
import pytest
from aiokafka import AIOKafkaProducer

from bench.chaos import Found, create_topics, follow, outcome, page_texts, run_settings
from streams.app import broker_credentials, create_app
from streams.kafka import client_options
from streams.settings import Settings
from tests.integration.conftest import WorkerProcess

# --------------------------------------------------------------------------- crash safety


@pytest.mark.integration
@pytest.mark.timeout(240)
async def test_sigkill_mid_stream_gives_every_post_exactly_once(kafka_settings, tmp_path):
    run = f"delivery-{uuid.uuid4().hex[:8]}"
    settings, env = run_settings(kafka_settings.bootstrap_servers, run, "exactly_once", session_timeout=6.0)
    await create_topics(settings)
    ingest = datetime.now(UTC).replace(microsecond=0)
    rng = random.Random(7)
    texts = page_texts()
    expected: set[tuple[str, str]] = set()
    values = []
    for i in range(300):
        page_id = f"{run}-p{i:03d}"
        value = orjson.dumps({"id": page_id, "text": rng.choice(texts)})
        posts, error = outcome(value, ingest, settings)
        assert error is None
        expected.update((topic, post_id) for post_id, topics in posts for topic in topics)
        values.append((page_id, value))

    async def stream_pages() -> None:
        """Pages arrive while the worker runs (50 a second), as they would from producers."""
        producer = AIOKafkaProducer(
            **client_options(settings), enable_idempotence=True, acks="all", linger_ms=5
        )
        await producer.start()
        try:
            for page_id, value in values:
                await producer.send(
                    settings.raw_topic,
                    value,
                    key=page_id.encode(),
                    timestamp_ms=int(ingest.timestamp() * 1000),
                )
                await asyncio.sleep(0.02)
            await producer.flush()
        finally:
            await producer.stop()

    found = Found()
    stop = asyncio.Event()
    follower = asyncio.create_task(follow(settings, found, stop))
    worker = WorkerProcess(env, tmp_path / "worker.log")
    sender = None
    try:
        await asyncio.to_thread(worker.start)
        sender = asyncio.create_task(stream_pages())
        # kill it once part of the pages are routed: some transactions committed, one open
        deadline = time.monotonic() + 90
        while len(found.pairs) < len(expected) // 4 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert found.pairs, worker.tail()
        assert len(found.pairs) < len(expected), "the worker finished before it could be killed"
        await asyncio.to_thread(worker.stop, 9)  # SIGKILL
        killed_at = len(found.pairs)
        await asyncio.to_thread(worker.start)
        await sender
        deadline = time.monotonic() + 120
        while not expected <= found.pairs.keys() and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        await asyncio.sleep(3)  # anything late, a duplicate say, shows up now
        assert worker.alive(), worker.tail()
    finally:
        if sender is not None and not sender.done():
            sender.cancel()
        await asyncio.to_thread(worker.stop)
        stop.set()
        await follower

    assert 0 < killed_at < len(expected)
    lost = expected - found.pairs.keys()
    duplicated = {pair: n for pair, n in found.pairs.items() if n > 1}
    unexpected = found.pairs.keys() - expected
    assert not lost, f"{len(lost)} lost, e.g. {sorted(lost)[:3]}"
    assert not duplicated, f"{len(duplicated)} duplicated, e.g. {list(duplicated.items())[:3]}"
    assert not unexpected, f"{len(unexpected)} unexpected"
    assert not found.dead


# --------------------------------------------------------------------------- security wiring

SECRET = "s3cr3t-Pa55word"


def security_settings(**env: str) -> Settings:
    return Settings(**{"KAFKA_BOOTSTRAP_SERVERS": "broker-1:9093,broker-2:9093", **env})


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory) -> dict[str, str]:
    """A throwaway CA-less self-signed certificate and key, made with the openssl command."""
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "client.pem", d / "client.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=sitrep-test",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return {"ca": str(cert), "cert": str(cert), "key": str(key)}


def test_plaintext_has_no_credentials():
    settings = security_settings()
    assert broker_credentials(settings) is None
    assert client_options(settings) == {
        "bootstrap_servers": "broker-1:9093,broker-2:9093",
        "security_protocol": "PLAINTEXT",
    }
    app = create_app(settings)
    assert [str(u) for u in app.conf.broker] == ["kafka://broker-1:9093", "kafka://broker-2:9093"]


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_sasl_plaintext_reaches_faust_and_aiokafka(mechanism):
    from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth

    settings = security_settings(
        KAFKA_SECURITY_PROTOCOL="SASL_PLAINTEXT",
        KAFKA_SASL_MECHANISM=mechanism,
        KAFKA_SASL_USERNAME="sitrep",
        KAFKA_SASL_PASSWORD=SECRET,
    )
    worker = credentials_to_aiokafka_auth(create_app(settings).conf.broker_credentials)
    commands = client_options(settings)
    for opts in (worker, commands):
        assert opts["security_protocol"] == "SASL_PLAINTEXT"
        assert opts["sasl_mechanism"] == mechanism
        assert opts["sasl_plain_username"] == "sitrep"
        assert opts["sasl_plain_password"] == SECRET
        assert opts.get("ssl_context") is None


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-512"])
def test_sasl_ssl_carries_the_tls_context(mechanism, tls_files):
    from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth

    settings = security_settings(
        KAFKA_SECURITY_PROTOCOL="SASL_SSL",
        KAFKA_SASL_MECHANISM=mechanism,
        KAFKA_SASL_USERNAME="sitrep",
        KAFKA_SASL_PASSWORD=SECRET,
        KAFKA_SSL_CAFILE=tls_files["ca"],
    )
    worker = credentials_to_aiokafka_auth(broker_credentials(settings))
    commands = client_options(settings)
    for opts in (worker, commands):
        assert opts["security_protocol"] == "SASL_SSL"
        assert opts["sasl_mechanism"] == mechanism
        assert opts["sasl_plain_password"] == SECRET
        context = opts["ssl_context"]
        assert isinstance(context, ssl.SSLContext)
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
        assert any("sitrep-test" in str(c.get("subject")) for c in context.get_ca_certs())


def test_ssl_with_client_certificate(tls_files):
    from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth

    settings = security_settings(
        KAFKA_SECURITY_PROTOCOL="SSL",
        KAFKA_SSL_CAFILE=tls_files["ca"],
        KAFKA_SSL_CERTFILE=tls_files["cert"],
        KAFKA_SSL_KEYFILE=tls_files["key"],
    )
    worker = credentials_to_aiokafka_auth(broker_credentials(settings))
    commands = client_options(settings)
    for opts in (worker, commands):
        assert opts["security_protocol"] == "SSL"
        assert isinstance(opts["ssl_context"], ssl.SSLContext)
        assert "sasl_mechanism" not in opts
    with pytest.raises(FileNotFoundError):
        broker_credentials(
            security_settings(KAFKA_SECURITY_PROTOCOL="SSL", KAFKA_SSL_CAFILE="/nonexistent.pem")
        )


def test_no_secret_in_repr_dumps_or_logs(caplog):
    settings = security_settings(
        KAFKA_SECURITY_PROTOCOL="SASL_PLAINTEXT",
        KAFKA_SASL_MECHANISM="SCRAM-SHA-256",
        KAFKA_SASL_USERNAME="sitrep",
        KAFKA_SASL_PASSWORD=SECRET,
    )
    credentials = broker_credentials(settings)
    with caplog.at_level(logging.DEBUG):
        app = create_app(settings)
        logging.getLogger("sitrep.test").info("settings %s %r %s", settings, settings, credentials)
    shown = [
        repr(settings),
        str(settings),
        settings.model_dump_json(),
        str(settings.model_dump()),
        repr(credentials),
        str(credentials),
        repr(app.conf.broker_credentials),
        caplog.text,
    ]
    for text in shown:
        assert SECRET not in text
    assert "**********" in repr(settings)
    assert settings.sasl_password.get_secret_value() == SECRET


def test_every_input_has_a_size_limit():
    """raw-posts takes more than max_page_bytes (so oversized pages reach the DLQ) and a
    dead letter of its largest message still fits max_message_bytes."""
    from streams.tables import RECORD_OVERHEAD

    s = Settings()
    assert s.max_page_bytes < s.raw_message_bytes
    largest_letter = (s.raw_message_bytes + 2) // 3 * 4 + RECORD_OVERHEAD
    assert largest_letter <= s.max_message_bytes
