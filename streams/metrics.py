"""What the worker saw: a Faust sensor that counts messages per topic, for /metrics and /topics.

:class:`TopicSensor` is registered with the app when this module is imported
(the web views import it), so the agents need no hooks of their own: Faust
calls the sensor for every message consumed, every event a stream finished and
every message produced. It keeps

* Prometheus metrics (prometheus-client, in a registry of its own): messages in
  and out per topic, dead letters, the processing time of each event and, read
  when scraped, the consumer lag of each partition;
* per topic: how many messages came in and went out, when the last one did,
  and the last few messages (raw bytes, decoded only when asked for).

Counts start at zero when the worker starts; the tallies table is what survives
a restart.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import faust
from faust.sensors import Sensor
from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from streams import codec
from streams.app import app
from streams.settings import OUTPUT_TOPICS, Settings, get_settings

log = logging.getLogger(__name__)

#: The Prometheus text exposition format the page serves (what every scraper reads).
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
#: Seconds: from half a millisecond (a post with no counts) to ten seconds (a page stuck on a send).
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def sitrep_topics(settings: Settings) -> list[str]:
    """Kafka names of Sitrep's topics, in pipeline order."""
    return [
        settings.raw_topic,
        settings.posts_topic,
        *(settings.output_topic(t) for t in OUTPUT_TOPICS),
        settings.dlq_topic,
    ]


def _iso(ts: float | None) -> str | None:
    return datetime.fromtimestamp(ts, tz=UTC).isoformat().replace("+00:00", "Z") if ts else None


class _TopicStats:
    __slots__ = ("messages_in", "messages_out", "last_in", "last_out", "latest")

    def __init__(self, keep: int) -> None:
        self.messages_in = 0
        self.messages_out = 0
        self.last_in: float | None = None
        self.last_out: float | None = None
        self.latest: deque[tuple[float, bytes | None, bytes | None]] = deque(maxlen=keep)


class _LagCollector(Collector):
    """Consumer lag per partition of the topics the agents read, computed when scraped."""

    def __init__(self, sensor: TopicSensor) -> None:
        self.sensor = sensor

    def _family(self) -> GaugeMetricFamily:
        return GaugeMetricFamily(
            "sitrep_consumer_lag",
            "Messages in a partition the worker has not read yet (log end offset minus position).",
            labels=["topic", "partition"],
        )

    def describe(self) -> Iterable[GaugeMetricFamily]:
        # registering asks for this instead of collect(): nothing is read at import
        yield self._family()

    def collect(self) -> Iterable[GaugeMetricFamily]:
        family = self._family()
        for (topic, partition), lag in sorted(self.sensor.lag().items()):
            family.add_metric([topic, str(partition)], lag)
        yield family


class TopicSensor(Sensor):
    """Counts what goes in and out of each topic; see the module docstring."""

    def __init__(self, faust_app: faust.App, settings: Settings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.faust_app = faust_app
        self.settings = settings
        self.topics = sitrep_topics(settings)
        #: topics whose latest messages are the ones the worker read (it writes the others)
        self.read_side = {settings.raw_topic}
        self.stats: dict[str, _TopicStats] = {t: _TopicStats(settings.latest_posts) for t in self.topics}
        self.read_offsets: dict[tuple[str, int], int] = {}
        self.started_at = time.time()
        self.registry = CollectorRegistry(auto_describe=True)
        self.messages_in = Counter(
            "sitrep_messages_in",
            "Messages the worker consumed, per topic.",
            ["topic"],
            registry=self.registry,
        )
        self.messages_out = Counter(
            "sitrep_messages_out",
            "Messages the worker produced, per topic.",
            ["topic"],
            registry=self.registry,
        )
        self.dead_letters = Counter(
            "sitrep_dead_letters",
            "Messages the worker sent to the dead-letter topic.",
            registry=self.registry,
        )
        self.send_errors = Counter(
            "sitrep_send_errors", "Produce requests that failed.", registry=self.registry
        )
        self.latency = Histogram(
            "sitrep_processing_seconds",
            "Time an agent took over one event, from the stream handing it over to the next one.",
            ["topic"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        for topic in self.topics:  # every topic shows up at zero before its first message
            self.messages_in.labels(topic)
            self.messages_out.labels(topic)
        self.registry.register(_LagCollector(self))
        ProcessCollector(registry=self.registry)

    # --- Faust sensor callbacks -------------------------------------------------------
    def on_message_in(self, tp, offset, message) -> None:
        now = time.time()
        self.messages_in.labels(tp.topic).inc()
        self.read_offsets[(tp.topic, tp.partition)] = offset
        stats = self.stats.get(tp.topic)
        if stats is not None:
            stats.messages_in += 1
            stats.last_in = now
            if tp.topic in self.read_side:
                stats.latest.append((now, message.key, message.value))

    def on_stream_event_in(self, tp, offset, stream, event) -> dict | None:
        return {"topic": tp.topic, "start": time.perf_counter()}

    def on_stream_event_out(self, tp, offset, stream, event, state=None) -> None:
        if state:
            self.latency.labels(state["topic"]).observe(time.perf_counter() - state["start"])

    def on_send_initiated(self, producer, topic, message, keysize, valsize) -> Any:
        return (topic, message.key, message.value)

    def on_send_completed(self, producer, state, metadata) -> None:
        topic, key, value = state if state is not None else (metadata.topic, None, None)
        self.note_sent(metadata.topic if metadata is not None else topic, key, value)

    def note_sent(self, topic: str, key: bytes | None, value: bytes | None) -> None:
        """Count one message produced to ``topic``.

        Faust calls this (through :meth:`on_send_completed`) for what is sent with
        ``Topic.send``; code that sends with a Kafka producer of its own calls it itself.
        """
        self.messages_out.labels(topic).inc()
        if topic == self.settings.dlq_topic:
            self.dead_letters.inc()
        stats = self.stats.get(topic)
        if stats is not None:
            now = time.time()
            stats.messages_out += 1
            stats.last_out = now
            if topic not in self.read_side:
                stats.latest.append((now, key, value))

    def on_send_error(self, producer, exc, state) -> None:
        self.send_errors.inc()

    # --- Reading ------------------------------------------------------------------------
    def lag(self) -> dict[tuple[str, int], int]:
        """Lag per (topic, partition) of the Sitrep topics assigned to this worker."""
        # Never build the consumer from here: Faust fixes its transactional mode
        # when it is built, so building it before the worker starts would break
        # exactly_once. Before the worker has one there is no lag to tell.
        consumer = getattr(self.faust_app, "_consumer", None)
        if consumer is None:
            return {}
        try:
            assigned = consumer.assignment()
        except Exception:  # not started yet
            return {}
        committed = getattr(consumer, "_committed_offset", {})
        out: dict[tuple[str, int], int] = {}
        for tp in assigned:
            if tp.topic not in self.stats:
                continue  # changelog topics are read only while recovering
            try:
                end = consumer.highwater(tp)
            except Exception:
                end = None
            read = self.read_offsets.get((tp.topic, tp.partition))
            position = _fetch_position(consumer, tp)
            if position is None:
                position = read + 1 if read is not None else committed.get(tp)
            elif read is not None:
                position = max(position, read + 1)
            if end is None or position is None:
                continue
            out[(tp.topic, tp.partition)] = max(0, end - position)
        return out

    def prometheus_text(self) -> bytes:
        return generate_latest(self.registry)

    def topic_summary(self, latest: int | None = None) -> list[dict[str, Any]]:
        """Per topic, in pipeline order: messages in and out, when the last came, the latest few."""
        keep = self.settings.latest_posts if latest is None else latest
        lag = self.lag()
        out = []
        for topic in self.topics:
            stats = self.stats[topic]
            arrived = stats.messages_in if topic in self.read_side else stats.messages_out
            last = stats.last_in if topic in self.read_side else stats.last_out
            out.append(
                {
                    "topic": topic,
                    "messages": arrived,
                    "messages_in": stats.messages_in,
                    "messages_out": stats.messages_out,
                    "last_at": _iso(last),
                    "last_in_at": _iso(stats.last_in),
                    "last_out_at": _iso(stats.last_out),
                    "lag": sum(n for (t, _), n in lag.items() if t == topic),
                    "latest": [
                        describe(key, value, at) for at, key, value in list(stats.latest)[-keep:][::-1]
                    ]
                    if keep
                    else [],
                }
            )
        return out


def _fetch_position(consumer: Any, tp: Any) -> int | None:
    """The Kafka client's position in a partition: the next offset it will fetch.

    Unlike "last offset read + 1" it steps over transaction markers, which
    take an offset each and would otherwise show as a lag of one after every
    transaction. ``None`` where the client does not tell (Faust's aiokafka
    driver keeps its client in a consumer thread).
    """
    try:
        client = consumer._thread._consumer
        state = client._subscription.subscription.assignment.state_value(tp)
        return state.position if state is not None and state.has_valid_position else None
    except Exception:
        return None


def describe(key: bytes | None, value: bytes | None, at: float) -> dict[str, Any]:
    """A short, JSON-ready view of one message: a post, a raw page or a dead letter."""
    text_key = key.decode("utf-8", "replace") if key else None
    item: dict[str, Any] = {"key": text_key, "at": _iso(at)}
    try:
        data = codec.loads(value) if value else None
    except ValueError:
        data = None
    if isinstance(data, dict) and "post_id" in data:
        item.update(
            post_id=data["post_id"],
            published_at=data.get("published_at"),
            text=" ".join(str(data.get("text", "")).split())[:240],
            countries=data.get("countries", []),
            counts=data.get("counts", []),
        )
    elif isinstance(data, dict) and "reason" in data and "error_class" in data:
        item.update(error_class=data["error_class"], text=str(data["reason"])[:240])
    elif isinstance(data, dict) and "text" in data:
        item.update(id=data.get("id"), text=" ".join(str(data["text"]).split())[:240])
    elif value:
        item["text"] = " ".join(value[:400].decode("utf-8", "replace").split())[:240]
    return item


sensor = TopicSensor(app, get_settings())
app.sensors.add(sensor)


def note_sent(topic: str, key: bytes | None, value: bytes | None) -> None:
    """Count a message sent outside Faust's ``Topic.send`` (e.g. straight into a transaction)."""
    sensor.note_sent(topic, key, value)


def note_received(record: Any) -> None:
    """Count a message read outside Faust's streams (the tally reader's own consumer)."""
    from faust.types import TP

    sensor.on_message_in(TP(record.topic, record.partition), record.offset, record)
