"""Sitrep through a real Kafka broker, measured against the raw-client ceiling.

One run on the local broker (``KAFKA_BOOTSTRAP_SERVERS``, e.g. the one that
``bash scripts/kafka.sh up`` starts), on the same generated pages (the seed and
development pages, reused with new ids, sent as JSON raw posts ``{"id","text"}``):

  ceiling     a plain aiokafka consumer -> producer loop that reads the pages from
              an input topic and writes, for each page, exactly the messages
              Sitrep writes for it (computed beforehand with the functions ``pipe``
              runs: one message per (post, topic)), with no processing in between;
              then the same loop in transactions, as an exactly-once worker writes
  sitrep      ``python -m streams worker`` in a subprocess (fresh app id, data dir
              and topics): sustained throughput draining a backlog, its ratio to
              the ceiling (both in output messages/s, timed by the broker's
              LogAppendTime on the output topics), start-up time, peak RSS, CPU
  latency     produce time -> visible on the output topic (a read_committed
              reader's clock), p50/p95/p99, at a fixed offered load of 100 pages/s
              and at 80% of the measured maximum
  in-process  split + enrich + route on one core (bench/inprocess.py)
  scale-out   two workers in one group: throughput, then one is SIGKILLed mid-run;
              every post must still arrive once (counted by post id); a worker
              that exits is started again, as compose's restart policy would
  profile     py-spy (if installed) samples the worker while it drains a backlog;
              the samples are summed into cost groups (enrichment, faust, ...)

It prints one table and writes everything to bench/results/throughput.json.
With ``--tune`` it instead compares worker variants: faust settings through the
environment (faust reads e.g. ``PRODUCER_LINGER``, and it overrides create_app's
value), Sitrep settings (``SITREP_*``) or a scratch copy of the repo, and writes
bench/results/tuning.json.

    .venv/bin/python bench/throughput.py                 # the full run, about 5 min
    .venv/bin/python bench/throughput.py --quick         # about 2 min
    .venv/bin/python bench/throughput.py --tune          # compare the built-in variants
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import orjson
from tqdm import tqdm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition  # noqa: E402
from aiokafka.admin import AIOKafkaAdminClient, NewTopic  # noqa: E402

from bench.inprocess import pages_for_bench  # noqa: E402
from streams.kafka import broker_reachable, client_options  # noqa: E402
from streams.settings import OUTPUT_TOPICS, Settings  # noqa: E402
from streams.spawn import spawn_worker  # noqa: E402

TARGETS = {
    "ratio_to_ceiling": (">=", 0.5),
    "p99_ms_at_100": ("<=", 100.0),
    "inprocess_posts_per_s": (">=", 5000.0),
    "peak_rss_mb": ("<=", 300.0),
    "ready_s": ("<=", 10.0),
}
INGESTED_AT = datetime(2024, 11, 18, 12, 0, tzinfo=UTC)
# faust settings a variant may set through the environment (they override create_app's values);
# they are stripped from the environment the workers inherit, so a stray one cannot skew a run
FAUST_ENV = (
    "F_LOOP",
    "FAUST_LOOP",
    "PRODUCER_LINGER",
    "PRODUCER_LINGER_MS",
    "PRODUCER_MAX_BATCH_SIZE",
    "PRODUCER_ACKS",
    "PRODUCER_COMPRESSION_TYPE",
    "CONSUMER_MAX_FETCH_SIZE",
    "BROKER_MAX_POLL_RECORDS",
    "BROKER_SESSION_TIMEOUT",
    "BROKER_COMMIT_EVERY",
    "BROKER_COMMIT_INTERVAL",
    "STREAM_BUFFER_MAXSIZE",
)
TUNE_VARIANTS = {
    "baseline": {},
    "uvloop": {"F_LOOP": "uvloop"},
    "linger=0": {"PRODUCER_LINGER": "0"},
    "linger=20ms": {"PRODUCER_LINGER": "0.02"},
    "batch=16KiB": {"PRODUCER_MAX_BATCH_SIZE": "16384"},
    "batch=1MiB": {"PRODUCER_MAX_BATCH_SIZE": "1048576"},
    "fetch=64KiB": {"CONSUMER_MAX_FETCH_SIZE": "65536"},
    "fetch=4MiB": {"CONSUMER_MAX_FETCH_SIZE": "4194304"},
    "poll=100": {"BROKER_MAX_POLL_RECORDS": "100"},
    "buffer=1024": {"STREAM_BUFFER_MAXSIZE": "1024"},
    "buffer=65536": {"STREAM_BUFFER_MAXSIZE": "65536"},
}


# aiokafka logs and retries "NotLeaderForPartition" while new topics elect their leaders; the
# bench counts every post by id, so a lost message cannot hide behind a quiet log
logging.getLogger("aiokafka").setLevel(logging.CRITICAL)


def say(msg: str) -> None:
    tqdm.write(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr)


# ----------------------------------------------------------------------------- pages


@dataclass
class Template:
    """One distinct page text and what Sitrep writes for it, with a placeholder page id."""

    token: str
    text: str
    post_ids: list[str]  # with the token as page id
    messages: list[tuple[str, str, bytes]]  # (taxonomy topic, post id, value), token as page id


@dataclass
class Corpus:
    templates: list[Template]
    skipped: int  # texts that give no post (a dead letter): left out so both sides write the same
    build_s: float

    def template(self, i: int) -> Template:
        return self.templates[i % len(self.templates)]

    def value(self, page_id: str, i: int) -> bytes:
        return orjson.dumps({"id": page_id, "text": self.template(i).text})

    def post_ids(self, page_id: str, i: int) -> list[str]:
        t = self.template(i)
        return [p.replace(t.token, page_id, 1) for p in t.post_ids]

    def message_count(self, i: int) -> int:
        return len(self.template(i).messages)


def build_corpus(settings: Settings) -> Corpus:
    """Run split + enrich + route (the functions ``pipe`` runs) once per distinct page text."""
    from streams import codec
    from streams.catalogue import get_catalogue
    from streams.core.pages import InvalidPage
    from streams.core.pipeline import enrich_post, posts_from_message

    t0 = time.perf_counter()
    catalogue = get_catalogue(settings.catalogue_dir)
    templates: list[Template] = []
    skipped = 0
    for k, text in enumerate(pages_for_bench()):
        token = f"zqzTMPL{k:05d}"
        raw = orjson.dumps({"id": token, "text": text})
        try:
            posts = posts_from_message(
                raw, INGESTED_AT, catalogue, settings.max_page_bytes, settings.max_lines_per_page
            )
        except InvalidPage:
            skipped += 1
            continue
        enriched = [enrich_post(post, catalogue) for post in posts]
        messages = []
        for e in enriched:
            body = codec.dumps(e)
            messages.extend((name, e.post_id, body) for name in e.topics)
        templates.append(Template(token, text, [p.post_id for p in posts], messages))
    return Corpus(templates, skipped, time.perf_counter() - t0)


def partition_for(page_id: str, partitions: int) -> int:
    return zlib.crc32(page_id.encode("utf-8")) % partitions  # as streams.topics.partition_for


# ----------------------------------------------------------------------------- kafka


@dataclass
class TopicSet:
    """A pipeline's own topics, so that no run (or phase) sees another one's messages."""

    prefix: str
    partitions: int

    @property
    def raw(self) -> str:
        return f"{self.prefix}raw-posts"

    @property
    def posts(self) -> str:
        return f"{self.prefix}sitrep-posts"

    @property
    def dlq(self) -> str:
        return f"{self.prefix}raw-posts.dlq"

    def output(self, name: str) -> str:
        return f"{self.prefix}{name}"

    @property
    def outputs(self) -> list[str]:
        return [self.output(n) for n in OUTPUT_TOPICS]

    def env(self) -> dict[str, str]:
        return {
            "SITREP_RAW_TOPIC": self.raw,
            "SITREP_POSTS_TOPIC": self.posts,
            "SITREP_DLQ_TOPIC": self.dlq,
            "SITREP_TOPIC_PREFIX": self.prefix,
            "SITREP_PARTITIONS": str(self.partitions),
        }


async def create_topics(opts: dict, ts: TopicSet, internal: bool = True) -> None:
    """Inputs with CreateTime (the send time), outputs with LogAppendTime (the arrival time)."""
    admin = AIOKafkaAdminClient(**opts)
    await admin.start()
    try:
        new = [NewTopic(ts.raw, ts.partitions, 1)]
        if internal:
            new += [NewTopic(ts.posts, ts.partitions, 1), NewTopic(ts.dlq, ts.partitions, 1)]
        new += [
            NewTopic(t, ts.partitions, 1, topic_configs={"message.timestamp.type": "LogAppendTime"})
            for t in ts.outputs
        ]
        await admin.create_topics(new)
    finally:
        await admin.close()


async def delete_topics(opts: dict, prefix: str) -> int:
    """Delete every topic of this run (its pipelines' and the workers' internal ones)."""
    admin = AIOKafkaAdminClient(**opts)
    await admin.start()
    try:
        names = [t for t in await admin.list_topics() if t.startswith(prefix)]
        if names:
            await admin.delete_topics(names)
        return len(names)
    finally:
        await admin.close()


def input_producer(opts: dict, settings: Settings) -> AIOKafkaProducer:
    """The load generator: no linger, so the send time is the produce time."""
    return AIOKafkaProducer(
        **opts,
        acks="all",
        linger_ms=0,
        max_request_size=max(settings.max_page_bytes * 2, 1048576) + 65536,
    )


class Outputs:
    """A live read_committed reader of one pipeline's output topics.

    Every record is kept as (key, append ms, visible ms): the broker's LogAppendTime, and
    the wall-clock time this reader got it, which under exactly-once is after the
    transaction committed. ``mark()`` and ``read(mark)`` delimit a phase.
    """

    def __init__(self, opts: dict, topics: list[str], partitions: int) -> None:
        self.opts = opts
        self.tps = [TopicPartition(t, p) for t in topics for p in range(partitions)]
        self.consumer: AIOKafkaConsumer | None = None
        self.records: list[tuple[bytes, int, int]] = []
        self.task: asyncio.Task | None = None

    async def start(self) -> None:
        self.consumer = AIOKafkaConsumer(
            **self.opts,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
            # a short long-poll: aiokafka does not re-fetch a partition while a fetch to its
            # broker is in flight, so a long one would add its wait to the measured latency
            fetch_max_wait_ms=10,
            max_partition_fetch_bytes=4 * 1024 * 1024,
        )
        await self.consumer.start()
        self.consumer.assign(self.tps)
        await self.consumer.seek_to_beginning(*self.tps)
        self.task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            batch = await self.consumer.getmany(timeout_ms=100)
            now = int(time.time() * 1000)
            for recs in batch.values():
                self.records.extend((r.key or b"", r.timestamp, now) for r in recs)

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        if self.consumer is not None:
            await self.consumer.stop()

    def mark(self) -> int:
        return len(self.records)

    def read(self, mark: int) -> list[tuple[bytes, int, int]]:
        return self.records[mark:]

    async def wait(
        self,
        mark: int,
        expected: int,
        timeout: float,
        desc: str,
        stall: float | None = None,
        on_progress=None,
    ) -> int:
        """Wait until ``expected`` records arrived after ``mark``; returns how many did."""
        deadline = time.monotonic() + timeout
        last_n, last_change = -1, time.monotonic()
        with tqdm(total=expected, desc=desc, unit="msg", file=sys.stderr, leave=False, disable=None) as bar:
            while True:
                n = len(self.records) - mark
                bar.update(max(0, min(n, expected) - bar.n))
                if on_progress is not None:
                    await on_progress(n)
                if n >= expected:
                    return n
                now = time.monotonic()
                if n != last_n:
                    last_n, last_change = n, now
                if now > deadline or (stall is not None and now - last_change > stall):
                    return n
                await asyncio.sleep(0.1)


async def read_all(opts: dict, topics: list[str], partitions: int) -> list[tuple[bytes, int, int]]:
    """Every committed record of the topics now: (key, LogAppendTime ms, LogAppendTime ms)."""
    consumer = AIOKafkaConsumer(
        **opts,
        group_id=None,
        enable_auto_commit=False,
        isolation_level="read_committed",
        max_partition_fetch_bytes=4 * 1024 * 1024,
    )
    await consumer.start()
    try:
        tps = [TopicPartition(t, p) for t in topics for p in range(partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        end = await consumer.end_offsets(tps)
        out: list[tuple[bytes, int, int]] = []
        todo = {tp for tp in tps if end[tp] > 0}
        while todo:
            batch = await consumer.getmany(*todo, timeout_ms=1000, max_records=10000)
            for recs in batch.values():
                out.extend((r.key or b"", r.timestamp, r.timestamp) for r in recs)
            for tp in list(todo):
                if await consumer.position(tp) >= end[tp]:
                    todo.discard(tp)
        return out
    finally:
        await consumer.stop()


# ----------------------------------------------------------------------------- worker


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status_kb(pid: int, field_name: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class Worker:
    """``python -m streams worker`` in its own session, with its log in a file."""

    def __init__(self, name: str, env: dict[str, str], log_path: Path, cwd: Path = ROOT) -> None:
        self.name = name
        self.env = env
        self.log_path = log_path
        self.cwd = cwd
        self.proc: subprocess.Popen | None = None
        self.t_spawn = 0.0
        self.peak_rss_kb: int | None = None

    def spawn(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.t_spawn = time.time()
        self.proc = spawn_worker(self.env, log, self.cwd)
        log.close()

    @property
    def pid(self) -> int:
        return self.proc.pid

    async def wait_ready(self, timeout: float = 90.0) -> float:
        """Seconds from spawn to the ``[^Worker]: Ready`` log line."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker {self.name} exited early:\n{self.tail()}")
            if b"[^Worker]: Ready" in self.log_path.read_bytes():
                return time.time() - self.t_spawn
            await asyncio.sleep(0.05)
        raise RuntimeError(f"worker {self.name} not ready after {timeout}s:\n{self.tail()}")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def cpu_s(self) -> float:
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return float("nan")

    def rss_mb(self) -> float | None:
        kb = _status_kb(self.pid, "VmRSS")
        return None if kb is None else kb / 1024

    def note_peak(self) -> float | None:
        """Peak resident set size so far (VmHWM), in MB; kept after the worker stops."""
        kb = _status_kb(self.pid, "VmHWM") if self.alive() else None
        if kb is not None:
            self.peak_rss_kb = max(kb, self.peak_rss_kb or 0)
        return None if self.peak_rss_kb is None else self.peak_rss_kb / 1024

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.note_peak()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def tail(self, n: int = 30) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])


# ----------------------------------------------------------------------------- statistics


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * len(s) + 0.5) - 1))]


@dataclass
class Plan:
    """The pages a phase sends: ids ``<tag>-<n>`` and what must come out for them."""

    tag: str
    first: int
    count: int
    corpus: Corpus

    def pages(self):
        for n in range(self.first, self.first + self.count):
            yield f"{self.tag}-{n:06d}", n

    @property
    def expected_messages(self) -> int:
        return sum(self.corpus.message_count(n) for n in range(self.first, self.first + self.count))

    def expected_posts(self) -> set[str]:
        return {p for pid, n in self.pages() for p in self.corpus.post_ids(pid, n)}


def account(plan: Plan, records: list[tuple[bytes, int, int]], sent_ms: dict[str, int] | None) -> dict:
    """Throughput (first to last append), completeness by post id and latency of a phase."""
    prefix = f"{plan.tag}-".encode()
    mine = [r for r in records if r[0].startswith(prefix)]
    got = {k.decode() for k, _, _ in mine}
    expected = plan.expected_posts()
    result: dict = {
        "pages": plan.count,
        "posts_expected": len(expected),
        "posts_received": len(got & expected),
        "posts_missing": len(expected - got),
        "messages_expected": plan.expected_messages,
        "messages_received": len(mine),
        "messages_duplicate": max(0, len(mine) - plan.expected_messages),
    }
    if len(mine) >= 2:
        t_first = min(ts for _, ts, _ in mine)
        t_last = max(ts for _, ts, _ in mine)
        window = max(t_last - t_first, 1) / 1000
        result.update(
            window_s=round(window, 2),
            messages_per_s=round(len(mine) / window, 1),
            posts_per_s=round(len(got) / window, 1),
            pages_per_s=round(plan.count / window, 1),
        )
    if sent_ms:

        def dist(lat: list[int]) -> dict:
            return {
                "p50": pct(lat, 50),
                "p95": pct(lat, 95),
                "p99": pct(lat, 99),
                "max": max(lat) if lat else None,
                "samples": len(lat),
            }

        page = [sent_ms[k.split(b"#", 1)[0].decode()] for k, _, _ in mine]
        # visible: when a read_committed consumer got it (the latency a subscriber sees);
        # appended: the broker's LogAppendTime (before the transaction, if any, committed)
        result["latency_ms"] = dist([seen - t for (_, _, seen), t in zip(mine, page, strict=True)])
        result["append_latency_ms"] = dist([app - t for (_, app, _), t in zip(mine, page, strict=True)])
    return result


# ----------------------------------------------------------------------------- the bench


@dataclass
class Bench:
    args: argparse.Namespace
    settings: Settings
    opts: dict
    run: str
    corpus: Corpus
    workdir: Path
    producer: AIOKafkaProducer | None = None
    workers: list[Worker] = field(default_factory=list)
    tag_seq: int = 0

    def tag(self, name: str) -> str:
        self.tag_seq += 1
        return f"{self.run}.{name}{self.tag_seq}"

    def topics(self, name: str) -> TopicSet:
        return TopicSet(f"{self.run}.{name}.", self.args.partitions)

    def worker_env(self, ts: TopicSet, app_id: str, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SITREP_") and k not in FAUST_ENV}
        port = free_port()
        env.update(ts.env())
        env.update(
            KAFKA_BOOTSTRAP_SERVERS=self.settings.bootstrap_servers,
            SITREP_APP_ID=app_id,
            SITREP_DATA_DIR=str(self.workdir / f"data-{app_id}-{port}"),
            SITREP_WEB_PORT=str(port),
            PYTHONUNBUFFERED="1",
        )
        env.update(extra or {})
        return env

    def new_worker(self, name: str, env: dict[str, str], cwd: Path = ROOT) -> Worker:
        w = Worker(name, env, self.workdir / f"{name}.log", cwd)
        self.workers.append(w)
        return w

    async def send_pages(
        self, topic: str, plan: Plan, rate: float | None = None, desc: str = "send"
    ) -> dict[str, int]:
        """Send a plan's pages, as fast as possible or paced at ``rate`` pages/s; page id -> send ms."""
        sent: dict[str, int] = {}
        futures = []
        t0 = time.perf_counter()
        with tqdm(
            total=plan.count, desc=desc, unit="page", file=sys.stderr, leave=False, disable=None
        ) as bar:
            for i, (pid, n) in enumerate(plan.pages()):
                if rate:
                    delay = t0 + i / rate - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                ms = int(time.time() * 1000)
                futures.append(
                    await self.producer.send(
                        topic, self.corpus.value(pid, n), key=pid.encode(), timestamp_ms=ms
                    )
                )
                sent[pid] = ms
                bar.update(1)
            await self.producer.flush()
            await asyncio.gather(*futures)
        return sent

    # ------------------------------------------------------------------------- phases

    def inprocess(self) -> dict:
        say("in-process: split + enrich + route on one core (bench/inprocess.py)")
        with tempfile.NamedTemporaryFile(suffix=".json") as fh:
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "bench" / "inprocess.py"),
                    "--pages",
                    str(self.args.inprocess_pages),
                    "--json",
                    fh.name,
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                cwd=ROOT,
            )
            return orjson.loads(Path(fh.name).read_bytes())

    async def ceiling(self, transactional: bool = False) -> dict:
        """The raw-client loop: consume each page, write its precomputed messages, nothing else.

        Plain: at-least-once (auto-committed offsets). Transactional: each fetched batch's
        messages and its input offsets in one transaction, as an exactly-once worker does.
        """
        name = "ceilingtx" if transactional else "ceiling"
        ts = self.topics(name)
        await create_topics(self.opts, ts, internal=False)
        plan = Plan(self.tag("c"), 0, self.args.ceiling_pages, self.corpus)
        say(f"{name}: {plan.count} pages in, {plan.expected_messages} output messages precomputed")
        await self.send_pages(ts.raw, plan, desc=f"{name} input")
        out_for: dict[bytes, list[tuple[str, bytes, bytes, int]]] = {}
        for pid, n in plan.pages():
            t = self.corpus.template(n)
            tok, new, part = t.token.encode(), pid.encode(), partition_for(pid, ts.partitions)
            out_for[new] = [
                (ts.output(name), post_id.replace(t.token, pid, 1).encode(), value.replace(tok, new), part)
                for name, post_id, value in t.messages
            ]
        group = f"{self.run}-{name}"
        consumer = AIOKafkaConsumer(
            ts.raw,
            **self.opts,
            group_id=group,
            auto_offset_reset="earliest",
            enable_auto_commit=not transactional,
            isolation_level="read_committed",
        )
        # what faust's producer uses for Sitrep (acks=-1, linger 5 ms, 256 KiB batches: app.py)
        producer = AIOKafkaProducer(
            **self.opts,
            acks="all",
            linger_ms=5,
            max_batch_size=256 * 1024,
            transactional_id=f"{group}-tx" if transactional else None,
        )
        await consumer.start()
        await producer.start()
        pages = written = 0
        t_first = None
        deadline = time.monotonic() + self.args.timeout
        try:
            with tqdm(
                total=plan.count, desc=f"{name} loop", unit="page", file=sys.stderr, leave=False, disable=None
            ) as bar:
                while pages < plan.count and time.monotonic() < deadline:
                    batch = await consumer.getmany(timeout_ms=1000)
                    if not batch:
                        continue
                    if t_first is None:
                        t_first = time.perf_counter()
                    if transactional:
                        await producer.begin_transaction()
                    futures = []
                    for recs in batch.values():
                        for r in recs:
                            for topic, key, value, part in out_for[r.key]:
                                futures.append(await producer.send(topic, value, key=key, partition=part))
                        pages += len(recs)
                        bar.update(len(recs))
                    written += len(futures)
                    if transactional:
                        offsets = {tp: recs[-1].offset + 1 for tp, recs in batch.items() if recs}
                        await producer.send_offsets_to_transaction(offsets, group)
                        await producer.commit_transaction()
                await producer.flush()
            loop_s = time.perf_counter() - (t_first or time.perf_counter())
        finally:
            await consumer.stop()
            await producer.stop()
        result = account(plan, await read_all(self.opts, ts.outputs, ts.partitions), None)
        result["loop_messages_per_s"] = round(written / loop_s, 1) if loop_s else None
        say(
            f"{name}: {result.get('messages_per_s')} output msg/s by append time "
            f"({result['loop_messages_per_s']} msg/s by the loop's own clock)"
        )
        return result

    async def start_worker(self, w: Worker, ts: TopicSet, outputs: Outputs, probe: bool = True) -> dict:
        """Spawn a worker; seconds to Ready and, with a probe page waiting, to its first output."""
        base = outputs.mark()
        plan = Plan(self.tag("probe"), 0, 1, self.corpus)
        if probe:
            await self.send_pages(ts.raw, plan, desc="probe")
        w.spawn()
        ready_s = await w.wait_ready(self.args.timeout)
        result = {"ready_s": round(ready_s, 2)}
        if probe:
            await outputs.wait(base, plan.expected_messages, self.args.timeout, "first output")
            records = outputs.read(base)
            if records:
                result["first_output_s"] = round(min(seen for _, _, seen in records) / 1000 - w.t_spawn, 2)
        result["rss_after_start_mb"] = w.rss_mb()
        return result

    async def drain(
        self,
        workers: list[Worker],
        ts: TopicSet,
        outputs: Outputs,
        pages: int,
        name: str,
        profile: Path | None = None,
    ) -> dict:
        """Throughput draining a backlog of ``pages`` pages (first to last output append)."""
        plan = Plan(self.tag(name), 0, pages, self.corpus)
        base = outputs.mark()
        cpu0 = [w.cpu_s() for w in workers]
        t0 = time.monotonic()
        spy = None
        if profile is not None:
            spy = start_profiler(workers[0].pid, profile, self.args.profile_rate)
        timeline: list[dict] = []
        sampler = asyncio.create_task(sample(workers, timeline, outputs, base))
        await self.send_pages(ts.raw, plan, desc=f"{name} backlog")
        n = await outputs.wait(base, plan.expected_messages, self.args.timeout, f"{name} drain", stall=60)
        wall = time.monotonic() - t0
        sampler.cancel()
        if spy is not None:
            stop_profiler(spy)
        cpu = [round(w.cpu_s() - c, 2) for w, c in zip(workers, cpu0, strict=True)]
        result = account(plan, outputs.read(base), None)
        result["worker_cpu_s"] = cpu
        result["worker_cpu_pct"] = [round(100 * c / wall, 1) for c in cpu]
        result["cpu_ms_per_post"] = round(1000 * sum(cpu) / max(1, result["posts_received"]), 2)
        # per second: each worker's CPU % and the whole machine's idle %: a worker under 100%
        # on a machine with idle cores is waiting, not starved
        result["timeline"] = timeline
        result.update(load_of(timeline))
        if n < plan.expected_messages:
            result["incomplete"] = True
        return result

    async def paced(
        self, workers: list[Worker], ts: TopicSet, outputs: Outputs, rate: float, seconds: float, name: str
    ) -> dict:
        """End-to-end latency at a fixed offered load (open loop: the sender does not wait)."""
        plan = Plan(self.tag(name), 0, max(1, int(rate * seconds)), self.corpus)
        base = outputs.mark()
        timeline: list[dict] = []
        sampler = asyncio.create_task(sample(workers, timeline, outputs, base))
        sent = await self.send_pages(ts.raw, plan, rate=rate, desc=f"{name} @{rate:.0f} pages/s")
        await outputs.wait(base, plan.expected_messages, self.args.timeout, f"{name} rest", stall=60)
        sampler.cancel()
        result = account(plan, outputs.read(base), sent)
        result["offered_pages_per_s"] = round(rate, 1)
        result.update(load_of(timeline))
        return result

    # ------------------------------------------------------------------------- runs

    async def single_worker(self, results: dict) -> None:
        ts = self.topics("one")
        await create_topics(self.opts, ts)
        outputs = Outputs(self.opts, ts.outputs, ts.partitions)
        await outputs.start()
        try:
            w = self.new_worker("worker-one", self.worker_env(ts, f"{self.run}.one"))
            say("sitrep: starting one worker (a probe page waits in raw-posts)")
            results["startup"] = await self.start_worker(w, ts, outputs)
            say(
                f"sitrep: ready in {results['startup']['ready_s']} s, first output after {results['startup'].get('first_output_s')} s"
            )
            est = results.get("inprocess", {}).get("pages_per_s") or 150.0
            pages = max(100, int(self.args.drain_seconds * est * 0.5))  # the worker does about half
            say(f"sitrep: draining a backlog of {pages} pages")
            drain = await self.drain([w], ts, outputs, pages, "drain")
            results["sitrep"] = drain
            say(
                f"sitrep: {drain.get('pages_per_s')} pages/s, {drain.get('posts_per_s')} posts/s, {drain.get('messages_per_s')} output msg/s, cpu {drain['worker_cpu_pct']}%"
            )
            lat = {}
            rates = [("lat100", 100.0)]
            if drain.get("pages_per_s"):
                rates.append(("lat80", 0.8 * drain["pages_per_s"]))
            for name, rate in rates:
                say(f"latency: {rate:.0f} pages/s for {self.args.latency_seconds:.0f} s")
                lat[name] = await self.paced([w], ts, outputs, rate, self.args.latency_seconds, name)
                say(f"latency: {lat[name].get('latency_ms')}")
            results["latency"] = lat
            if self.args.profile:
                if shutil.which("py-spy") or (Path(sys.executable).parent / "py-spy").exists():
                    raw = (
                        Path(self.args.profile_raw) if self.args.profile_raw else self.workdir / "profile.txt"
                    )
                    pages = max(100, int(self.args.profile_seconds * drain.get("pages_per_s", est)))
                    say(f"profile: py-spy on the worker while it drains {pages} pages")
                    prof = await self.drain([w], ts, outputs, pages, "prof", profile=raw)
                    if raw.exists() and raw.stat().st_size:
                        results["profile"] = {
                            "drain": {
                                k: prof.get(k) for k in ("pages_per_s", "posts_per_s", "messages_per_s")
                            },
                            **summarize_profile(raw),
                            "raw": str(raw) if self.args.profile_raw else None,
                        }
                    else:
                        say("profile: py-spy wrote no samples (is ptrace allowed here?): skipped")
                else:
                    say("profile: py-spy not installed (.venv/bin/pip install py-spy): skipped")
            results["startup"]["peak_rss_mb"] = round(w.note_peak() or 0, 1)
            w.stop()
        finally:
            await outputs.stop()

    async def scale_out(self, results: dict) -> None:
        ts = self.topics("two")
        await create_topics(self.opts, ts)
        outputs = Outputs(self.opts, ts.outputs, ts.partitions)
        await outputs.start()
        extra = {"BROKER_SESSION_TIMEOUT": str(self.args.session_timeout)}
        try:
            app_id = f"{self.run}.two"
            a = self.new_worker("worker-a", self.worker_env(ts, app_id, extra))
            b = self.new_worker("worker-b", self.worker_env(ts, app_id, extra))
            say("scale-out: starting two workers in one group")
            await self.start_worker(a, ts, outputs)
            await self.start_worker(b, ts, outputs, probe=False)
            # like compose's restart policy: a worker that exits is started again (and counted)
            skip: set[str] = set()
            restarts: list[dict] = []
            supervisor = asyncio.create_task(supervise([a, b], skip, restarts, self.args.max_restarts))
            await self.settle([a, b])
            one = results.get("sitrep", {}).get("pages_per_s") or 100.0
            pages = max(200, int(self.args.drain_seconds * one * 1.5))
            say(f"scale-out: draining {pages} pages with two workers")
            drain = await self.drain([a, b], ts, outputs, pages, "drain2")
            say(
                f"scale-out: {drain.get('pages_per_s')} pages/s, {drain.get('messages_per_s')} output msg/s, cpu {drain['worker_cpu_pct']}%"
            )
            results["scaleout"] = {"drain": drain}
            # failover: a backlog for both, and one of them dies a third of the way through
            pages = max(200, int(self.args.failover_seconds * one * 1.5))
            plan = Plan(self.tag("fail"), 0, pages, self.corpus)
            sig = getattr(signal, f"SIG{self.args.kill_signal}")
            base = outputs.mark()
            say(
                f"failover: {pages} pages; SIG{self.args.kill_signal} to worker-b after a third of the output"
            )
            await self.send_pages(ts.raw, plan, desc="failover backlog")
            killed: dict = {}

            async def kill_at_third(n: int) -> None:
                if not killed and n >= plan.expected_messages / 3:
                    killed["at_messages"] = n
                    killed["t"] = time.time()
                    b.note_peak()
                    skip.add(b.name)
                    os.killpg(b.pid, sig)

            await outputs.wait(
                base,
                plan.expected_messages,
                self.args.timeout + 4 * self.args.session_timeout,
                "failover",
                on_progress=kill_at_third,
            )
            fail = account(plan, outputs.read(base), None)
            if fail["posts_missing"]:  # duplicates can fill the count before the last post arrives
                await asyncio.sleep(5)
                fail = account(plan, outputs.read(base), None)
            # the longest silence on the output topics after the kill: the rebalance
            recs = sorted(seen for k, _, seen in outputs.read(base) if k.startswith(f"{plan.tag}-".encode()))
            kill_ms = killed.get("t", 0) * 1000
            after = [t for t in recs if t >= kill_ms]
            gaps = [y - x for x, y in zip([kill_ms, *after], after, strict=False)]
            fail.update(
                signal=f"SIG{self.args.kill_signal}",
                killed_after_messages=killed.get("at_messages"),
                session_timeout_s=self.args.session_timeout,
                longest_output_gap_after_kill_s=round(max(gaps) / 1000, 2) if gaps else None,
                survivor_alive=a.alive(),
            )
            supervisor.cancel()
            results["scaleout"]["failover"] = fail
            results["scaleout"]["restarts"] = restarts
            say(
                f"failover: {fail['posts_received']}/{fail['posts_expected']} posts, {fail['posts_missing']} missing, {fail['messages_duplicate']} duplicate messages"
            )
            results["scaleout"]["peak_rss_mb"] = [round(w.note_peak() or 0, 1) for w in (a, b)]
            a.stop()
            b.stop()
        finally:
            await outputs.stop()

    async def settle(self, workers: list[Worker], quiet: float = 2.0, timeout: float = 60.0) -> None:
        """Wait until no worker logged a rebalance for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        sizes = [w.log_path.stat().st_size for w in workers]
        last = time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - last < quiet:
            await asyncio.sleep(0.25)
            now = [w.log_path.stat().st_size for w in workers]
            if now != sizes:
                sizes, last = now, time.monotonic()

    async def tune(self, variants: list[tuple[str, dict[str, str], Path]], repeat: int) -> list[dict]:
        """Each variant ``repeat`` times, in alternating order so that a drift in load cancels out."""
        runs = []
        for r in range(repeat):
            order = list(enumerate(variants))
            for i, (name, env, tree) in order if r % 2 == 0 else reversed(order):
                runs.append(await self.tune_one(f"{r}x{i}", name, env, tree))
        return runs

    async def tune_one(self, i: str, name: str, env: dict[str, str], tree: Path) -> dict:
        ts = self.topics(f"t{i}")
        await create_topics(self.opts, ts)
        outputs = Outputs(self.opts, ts.outputs, ts.partitions)
        await outputs.start()
        try:
            w = self.new_worker(f"tune-{i}", self.worker_env(ts, f"{self.run}.t{i}", env), cwd=tree)
            if tree != ROOT:
                w.env["PYTHONPATH"] = str(tree)
            say(f"tune: {name} {env or ''}{'' if tree == ROOT else f' tree={tree}'}")
            start = await self.start_worker(w, ts, outputs)
            pages = max(100, int(self.args.drain_seconds * self.args.tune_rate))
            drain = await self.drain([w], ts, outputs, pages, "drain")
            lat = await self.paced([w], ts, outputs, 100.0, self.args.latency_seconds, "lat100")
            row = {
                "variant": name,
                "env": env,
                "tree": None if tree == ROOT else str(tree),
                "ready_s": start["ready_s"],
                "pages_per_s": drain.get("pages_per_s"),
                "posts_per_s": drain.get("posts_per_s"),
                "messages_per_s": drain.get("messages_per_s"),
                "cpu_ms_per_post": round(
                    1000 * drain["worker_cpu_s"][0] / max(1, drain["posts_received"]), 3
                ),
                "p50_ms_at_100": lat.get("latency_ms", {}).get("p50"),
                "p99_ms_at_100": lat.get("latency_ms", {}).get("p99"),
                "missing": drain["posts_missing"] + lat["posts_missing"],
                "peak_rss_mb": round(w.note_peak() or 0, 1),
                "drain_worker_cpu_pct": drain.get("mean_worker_cpu_pct", [None])[0],
                "drain_machine_idle_pct": drain.get("mean_machine_idle_pct"),
                "lat_machine_idle_pct": lat.get("mean_machine_idle_pct"),
            }
            w.stop()
            say(f"tune: {row}")
            return row
        finally:
            await outputs.stop()


async def supervise(workers: list[Worker], skip: set[str], restarts: list[dict], limit: int) -> None:
    """Start again a worker that exited (unless it is in ``skip``), at most ``limit`` times."""
    while True:
        await asyncio.sleep(0.25)
        for w in workers:
            if w.name in skip or w.proc is None or w.proc.poll() is None or len(restarts) >= limit:
                continue
            lines = w.log_path.read_text(errors="replace").splitlines()
            reason = next((x for x in reversed(lines) if "[CRITICAL]" in x or "[ERROR]" in x), "")
            restarts.append(
                {
                    "worker": w.name,
                    "exit_code": w.proc.returncode,
                    "at": round(time.time(), 2),
                    "reason": reason.split("] ", 3)[-1][:300],
                }
            )
            say(f"supervisor: {w.name} exited ({w.proc.returncode}): starting it again")
            w.spawn()


def load_of(timeline: list[dict]) -> dict:
    """Mean worker CPU % and machine idle % over a phase (from ``sample``)."""
    if not timeline:
        return {}
    n = len(timeline)
    return {
        "mean_worker_cpu_pct": [
            round(sum(x["worker_cpu_pct"][i] for x in timeline) / n)
            for i in range(len(timeline[0]["worker_cpu_pct"]))
        ],
        "mean_machine_idle_pct": round(sum(x["machine_idle_pct"] for x in timeline) / n),
    }


def machine_cpu() -> tuple[float, float]:
    """(busy, total) jiffies of all cores since boot (/proc/stat)."""
    with contextlib.suppress(OSError, ValueError):
        vals = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = vals[3] + vals[4]
        return sum(vals) - idle, sum(vals)
    return 0.0, 0.0


async def sample(
    workers: list[Worker], timeline: list[dict], outputs: Outputs, base: int, every: float = 1.0
) -> None:
    """Once a second: output messages so far, each worker's CPU % and the machine's idle %."""
    cpu = [w.cpu_s() for w in workers]
    busy, total = machine_cpu()
    t0 = t = time.monotonic()
    while True:
        await asyncio.sleep(every)
        now = time.monotonic()
        cpu2 = [w.cpu_s() for w in workers]
        busy2, total2 = machine_cpu()
        n = len(outputs.records) - base
        timeline.append(
            {
                "t": round(now - t0, 1),
                "out": n,
                "worker_cpu_pct": [round(100 * (b - a) / (now - t)) for a, b in zip(cpu, cpu2, strict=True)],
                "machine_idle_pct": round(100 * (1 - (busy2 - busy) / max(1, total2 - total))),
            }
        )
        cpu, busy, total, t = cpu2, busy2, total2, now


# ----------------------------------------------------------------------------- profile


def start_profiler(pid: int, out: Path, rate: int) -> subprocess.Popen:
    exe = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    out.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [
            exe,
            "record",
            "--pid",
            str(pid),
            "--rate",
            str(rate),
            "--format",
            "raw",
            "--output",
            str(out),
            "--nonblocking",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop_profiler(spy: subprocess.Popen) -> None:
    spy.send_signal(signal.SIGINT)  # py-spy writes its output on Ctrl-C
    try:
        spy.wait(30)
    except subprocess.TimeoutExpired:
        spy.kill()
        spy.wait(5)


FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*):(?P<line>\d+)\)$")
CORE_GROUPS = (
    ("streams/core/enrich/", "enrichment (streams.core.enrich)"),
    ("streams/core/route.py", "routing (streams.core.route)"),
    ("streams/core/split.py", "splitting (streams.core.split/pages)"),
    ("streams/core/pages.py", "splitting (streams.core.split/pages)"),
)
# py-spy names library files relative to their sys.path entry ("faust/agents/agent.py")
LIBRARY_GROUPS = (
    ("pydantic", "pydantic (other)"),
    ("pydantic_core", "pydantic (other)"),
    ("aiokafka", "aiokafka (fetch, decode, produce)"),
    ("faust", "faust plumbing (streams, acks, send, commit)"),
    ("mode", "faust plumbing (streams, acks, send, commit)"),
    ("asyncio", "event loop"),
    ("uvloop", "event loop"),
    ("selectors.py", "event loop"),
)
_source_cache: dict[str, list[str]] = {}


def _source_line(file: str, line: int) -> str:
    if file not in _source_cache:
        path = Path(file) if Path(file).is_absolute() else ROOT / file
        try:
            _source_cache[file] = path.read_text().splitlines()
        except OSError:
            _source_cache[file] = []
    lines = _source_cache[file]
    return lines[line - 1] if 0 < line <= len(lines) else ""


def group_of(frames: list[tuple[str, str, int]]) -> str:
    """The cost group of one sampled stack (root first)."""
    core = next((i for i, (_, f, _) in enumerate(frames) if "streams/core/" in f), None)
    if core is not None:
        for _, f, _ in frames[core:]:
            for needle, group in CORE_GROUPS:
                if needle in f:
                    return group
        return "pydantic model build (streams.core.pipeline)"
    for _func, f, line in reversed(frames):
        if "streams/codec.py" in f:
            return "serialization (pydantic to_json / orjson)"
        if "streams/stages/" in f:
            src = _source_line(f, line)
            if "model_validate_json" in src:
                return "deserialization (Post.model_validate_json)"
            if "dumps" in src:
                return "serialization (pydantic to_json / orjson)"
            return "stage code (other lines)"
        top = f.lstrip("/").split("/", 1)[0] if not f.startswith("/") else ""
        for package, group in LIBRARY_GROUPS:
            if top == package or f"/{package}/" in f or f"/{package}." in f:
                return group
    return "other"


def summarize_profile(raw: Path, top: int = 15) -> dict:
    """Sum py-spy's raw (collapsed) samples into cost groups and top leaf functions."""
    groups: Counter = Counter()
    leaves: Counter = Counter()
    ours: Counter = Counter()
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = []
        for part in stack.split(";"):
            m = FRAME.match(part)
            if m:
                frames.append((m["func"], m["file"], int(m["line"])))
        if not frames:
            continue
        total += n
        groups[group_of(frames)] += n
        func, f, _ = frames[-1]
        leaves[f"{func} ({short(f)})"] += n
        for name in {
            f"{fn} ({short(fl)})" for fn, fl, _ in frames if "streams/" in fl and "/site-packages/" not in fl
        }:
            ours[name] += n
    share = lambda c: round(100 * c / total, 1) if total else 0.0  # noqa: E731
    return {
        "samples": total,
        "groups_pct": {g: share(c) for g, c in groups.most_common()},
        "top_self_pct": {k: share(c) for k, c in leaves.most_common(top)},
        "top_ours_inclusive_pct": {k: share(c) for k, c in ours.most_common(top)},
    }


def short(path: str) -> str:
    for marker in ("site-packages/", "/lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path.replace(str(ROOT) + "/", "")


# ----------------------------------------------------------------------------- report


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        mem = round(int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024, 1)
    from importlib.metadata import version

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "faust": version("faust-streaming"),
        "aiokafka": version("aiokafka"),
        "uvloop": version("uvloop") if _has("uvloop") else None,
    }


def code_version() -> dict:
    """The commit the workers run, and whether streams/ or schemas/ differ from it."""

    def git(*a: str) -> str:
        r = subprocess.run(["git", "-C", str(ROOT), *a], capture_output=True, text=True)
        return r.stdout.strip() if r.returncode == 0 else ""

    return {
        "commit": git("rev-parse", "--short", "HEAD") or None,
        "dirty": bool(git("status", "--porcelain", "--", "streams", "schemas")),
    }


def _has(mod: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(mod) is not None


def verdict(key: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    op, target = TARGETS[key]
    ok = value >= target if op == ">=" else value <= target
    return "met" if ok else "NOT met"


def table(res: dict) -> list[tuple[str, str, str, str]]:
    """(what, measured, target, verdict) rows."""
    rows: list[tuple[str, str, str, str]] = []
    f = lambda v, nd=0: "-" if v is None else f"{v:,.{nd}f}"  # noqa: E731
    ceil = res.get("ceiling", {})
    one = res.get("sitrep", {})
    ratio = None
    if ceil.get("messages_per_s") and one.get("messages_per_s"):
        ratio = one["messages_per_s"] / ceil["messages_per_s"]
        res["ratio_to_ceiling"] = round(ratio, 4)
    if ceil:
        rows.append(
            ("ceiling: aiokafka consume->produce, output msg/s", f(ceil.get("messages_per_s")), "", "")
        )
    tx = res.get("ceiling_tx", {})
    if tx:
        rows.append(("ceiling, transactional (as exactly-once), msg/s", f(tx.get("messages_per_s")), "", ""))
    if one:
        rows.append(
            (
                "sitrep, 1 worker: pages/s | posts/s | output msg/s",
                f"{f(one.get('pages_per_s'))} | {f(one.get('posts_per_s'))} | {f(one.get('messages_per_s'))}",
                "",
                "",
            )
        )
        rows.append(
            (
                "sitrep / ceiling (output msg/s)",
                "-" if ratio is None else f"{ratio:.3f}",
                ">= 0.5",
                verdict("ratio_to_ceiling", ratio),
            )
        )
        if tx.get("messages_per_s") and one.get("messages_per_s"):
            rows.append(
                (
                    "sitrep / transactional ceiling",
                    f"{one['messages_per_s'] / tx['messages_per_s']:.3f}",
                    "",
                    "",
                )
            )
        rows.append(
            (
                "worker CPU while draining | machine idle | CPU ms per post",
                f"{one['worker_cpu_pct'][0]:.0f}% | {one.get('mean_machine_idle_pct', '-')}% | {one.get('cpu_ms_per_post')}",
                "",
                "",
            )
        )
    for name, label in (("lat100", "latency (visible)"), ("lat80", "latency (visible)")):
        lat = res.get("latency", {}).get(name)
        if not lat or "latency_ms" not in lat:
            continue
        ms = lat["latency_ms"]
        rate = lat["offered_pages_per_s"]
        rows.append(
            (
                f"{label} p50 | p95 | p99 ms at {rate:.0f} pages/s"
                + (" (80% of max)" if name == "lat80" else "")
                + f", machine {lat.get('mean_machine_idle_pct', '-')}% idle",
                f"{f(ms['p50'])} | {f(ms['p95'])} | {f(ms['p99'])}",
                "p99 <= 100" if name == "lat100" else "",
                verdict("p99_ms_at_100", ms["p99"]) if name == "lat100" else "",
            )
        )
    prof = res.get("profile")
    if prof:
        g = prof["groups_pct"]
        ours = sum(v for k, v in g.items() if k.startswith(("enrichment", "splitting", "routing")))
        plumbing = sum(v for k, v in g.items() if k.startswith(("event loop", "aiokafka", "faust")))
        serde = sum(v for k, v in g.items() if k.startswith(("serialization", "deserialization")))
        rows.append(
            (
                "profile: split+enrich+route | kafka+faust+loop | (de)serialization",
                f"{ours:.0f}% | {plumbing:.0f}% | {serde:.1f}%",
                "",
                "",
            )
        )
    inp = res.get("inprocess")
    if inp:
        rows.append(
            (
                "in-process split+enrich+route, 1 core, posts/s",
                f(inp["posts_per_s"]),
                ">= 5,000",
                verdict("inprocess_posts_per_s", inp["posts_per_s"]),
            )
        )
    st = res.get("startup")
    if st:
        rows.append(
            (
                "worker peak RSS, MB",
                f(st.get("peak_rss_mb")),
                "<= 300",
                verdict("peak_rss_mb", st.get("peak_rss_mb")),
            )
        )
        rows.append(
            (
                "worker ready (log line) | first output, s",
                f"{f(st['ready_s'], 1)} | {f(st.get('first_output_s'), 1)}",
                "<= 10",
                verdict("ready_s", st["ready_s"]),
            )
        )
    so = res.get("scaleout", {})
    if so.get("drain"):
        d = so["drain"]
        speed = d.get("messages_per_s", 0) / one["messages_per_s"] if one.get("messages_per_s") else None
        rows.append(
            (
                "sitrep, 2 workers: pages/s | posts/s | x one worker",
                f"{f(d.get('pages_per_s'))} | {f(d.get('posts_per_s'))} | {'-' if speed is None else f'{speed:.2f}'}",
                "",
                "",
            )
        )
    if so.get("failover"):
        fo = so["failover"]
        rows.append(
            (
                f"failover ({fo['signal']} one of 2): posts received/expected | dup msgs | restarts",
                f"{fo['posts_received']}/{fo['posts_expected']} | {fo['messages_duplicate']} | {len(so.get('restarts', []))}",
                "0 missing",
                "met" if fo["posts_missing"] == 0 else "NOT met",
            )
        )
    return rows


def print_table(res: dict) -> str:
    m = res["machine"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['os']}; Python {m['python']}, "
        f"faust-streaming {m['faust']}, aiokafka {m['aiokafka']}; Kafka at {res['bootstrap']}, {res['partitions']} partitions",
        f"Pages: {res['corpus']['distinct_pages']} distinct texts reused with new ids; {res['corpus']['posts_per_page']:.2f} posts and "
        f"{res['corpus']['messages_per_page']:.2f} output messages per page",
        "",
    ]
    rows = table(res)
    res["table"] = [dict(zip(("what", "measured", "target", "verdict"), r, strict=True)) for r in rows]
    w = [max(len(r[i]) for r in rows + [("what", "measured", "target", "verdict")]) for i in range(4)]
    head = ("what", "measured", "target", "verdict")
    lines.append("| " + " | ".join(h.ljust(w[i]) for i, h in enumerate(head)) + " |")
    lines.append("|" + "|".join("-" * (w[i] + 2) for i in range(4)) + "|")
    for r in rows:
        lines.append("| " + " | ".join(c.ljust(w[i]) for i, c in enumerate(r)) + " |")
    out = "\n".join(lines)
    print(out)
    return out


def median(values: list) -> float | None:
    vals = sorted(v for v in values if v is not None)
    if not vals:
        return None
    mid = len(vals) // 2
    return vals[mid] if len(vals) % 2 else round((vals[mid - 1] + vals[mid]) / 2, 3)


def aggregate(runs: list[dict]) -> list[dict]:
    """One row per variant (in first-seen order): the median of its runs."""
    names = list(dict.fromkeys(r["variant"] for r in runs))
    rows = []
    for name in names:
        mine = [r for r in runs if r["variant"] == name]
        row = {"variant": name, "env": mine[0]["env"], "tree": mine[0]["tree"], "runs": len(mine)}
        for key in (
            "pages_per_s",
            "posts_per_s",
            "messages_per_s",
            "cpu_ms_per_post",
            "p50_ms_at_100",
            "p99_ms_at_100",
            "peak_rss_mb",
            "ready_s",
            "drain_worker_cpu_pct",
            "drain_machine_idle_pct",
        ):
            row[key] = median([r.get(key) for r in mine])
        row["posts_per_s_each"] = [r.get("posts_per_s") for r in mine]
        row["missing"] = sum(r["missing"] for r in mine)
        rows.append(row)
    return rows


def print_tuning(rows: list[dict]) -> str:
    cols = (
        "variant",
        "posts_per_s",
        "posts_per_s_each",
        "cpu_ms_per_post",
        "drain_worker_cpu_pct",
        "p50_ms_at_100",
        "p99_ms_at_100",
        "peak_rss_mb",
        "missing",
    )
    base = next((r for r in rows if r["variant"] == "baseline"), None)
    lines = ["| " + " | ".join(cols) + " | vs baseline |", "|" + "---|" * (len(cols) + 1)]
    for r in rows:
        rel = (
            f"{r['posts_per_s'] / base['posts_per_s']:.2f}x"
            if base and base.get("posts_per_s") and r.get("posts_per_s")
            else "-"
        )
        lines.append("| " + " | ".join(str(r.get(c)) for c in cols) + f" | {rel} |")
    out = "\n".join(lines)
    print(out)
    return out


# ----------------------------------------------------------------------------- main


def parse_variant(spec: str) -> tuple[str, dict[str, str], Path]:
    """``NAME[@TREE][:K=V,K=V]``; a built-in name alone takes its built-in settings."""
    head, _, kv = spec.partition(":")
    name, _, tree = head.partition("@")
    env = dict(TUNE_VARIANTS.get(name, {}))
    for item in filter(None, kv.split(",")):
        k, _, v = item.partition("=")
        env[k.strip()] = v.strip()
    return name, env, Path(tree).resolve() if tree else ROOT


async def amain(args: argparse.Namespace) -> int:
    if args.bootstrap:
        os.environ["KAFKA_BOOTSTRAP_SERVERS"] = args.bootstrap
    settings = Settings()
    if not broker_reachable(settings.bootstrap_servers):
        print(
            f"no Kafka broker at {settings.bootstrap_servers}: start one (bash scripts/kafka.sh up) "
            "and set KAFKA_BOOTSTRAP_SERVERS",
            file=sys.stderr,
        )
        return 2
    args.partitions = args.partitions or settings.partitions
    opts = client_options(settings)
    run = f"bench{time.strftime('%m%d%H%M%S')}{uuid.uuid4().hex[:4]}"
    say(
        f"run {run}: building the pages and what Sitrep writes for them (split + enrich + route, once per text)"
    )
    corpus = build_corpus(settings)
    n = len(corpus.templates)
    posts_pp = sum(len(t.post_ids) for t in corpus.templates) / n
    msgs_pp = sum(len(t.messages) for t in corpus.templates) / n
    workdir = Path(tempfile.mkdtemp(prefix=f"sitrep-{run}-"))
    bench = Bench(args, settings, opts, run, corpus, workdir)
    results: dict = {
        "command": "python bench/throughput.py " + " ".join(sys.argv[1:]),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "code": code_version(),
        "bootstrap": settings.bootstrap_servers,
        "partitions": args.partitions,
        "corpus": {
            "distinct_pages": n,
            "skipped_no_posts": corpus.skipped,
            "posts_per_page": round(posts_pp, 3),
            "messages_per_page": round(msgs_pp, 3),
            "build_s": round(corpus.build_s, 2),
        },
        "settings": {
            k: getattr(args, k)
            for k in (
                "ceiling_pages",
                "drain_seconds",
                "latency_seconds",
                "failover_seconds",
                "session_timeout",
                "kill_signal",
            )
        },
    }
    bench.producer = input_producer(opts, settings)
    await bench.producer.start()
    t0 = time.monotonic()
    try:
        if args.tune:
            variants = [parse_variant(v) for v in (args.variant or list(TUNE_VARIANTS))]
            runs = await bench.tune(variants, args.repeat)
            rows = aggregate(runs)
            results["tuning"] = rows
            results["tuning_runs"] = runs
            results["elapsed_s"] = round(time.monotonic() - t0, 1)
            text = print_tuning(rows)
            out = Path(args.json or RESULTS / "tuning.json")
        else:
            if not args.skip_inprocess:
                results["inprocess"] = bench.inprocess()
                say(f"in-process: {results['inprocess']['posts_per_s']} posts/s")
            if not args.skip_ceiling:
                results["ceiling"] = await bench.ceiling()
                results["ceiling_tx"] = await bench.ceiling(transactional=True)
            if not args.skip_single:
                await bench.single_worker(results)
            if not args.skip_scaleout:
                await bench.scale_out(results)
            results["elapsed_s"] = round(time.monotonic() - t0, 1)
            text = print_table(results)
            out = Path(args.json or RESULTS / "throughput.json")
        results["text"] = text
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS) + b"\n")
        say(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} ({results['elapsed_s']} s)")
    finally:
        for w in bench.workers:
            w.stop()
        await bench.producer.stop()
        if not args.keep:
            with contextlib.suppress(Exception):
                deleted = await delete_topics(opts, run)
                say(f"deleted {deleted} topics of run {run}")
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            say(f"kept topics {run}.* and worker logs in {workdir}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bootstrap", help="Kafka bootstrap servers (default: KAFKA_BOOTSTRAP_SERVERS)")
    ap.add_argument(
        "--partitions", type=int, default=0, help="partitions of every topic (default: settings, 4)"
    )
    ap.add_argument(
        "--ceiling-pages", type=int, default=60000, help="pages through each raw-client loop (default 60000)"
    )
    ap.add_argument(
        "--drain-seconds",
        type=float,
        default=30,
        help="backlog size for one worker, in seconds of work (default 30)",
    )
    ap.add_argument(
        "--latency-seconds",
        type=float,
        default=20,
        help="duration of each fixed-load latency run (default 20)",
    )
    ap.add_argument(
        "--failover-seconds",
        type=float,
        default=30,
        help="backlog size of the failover run, in seconds of one worker's work (default 30)",
    )
    ap.add_argument(
        "--session-timeout",
        type=float,
        default=10,
        help="BROKER_SESSION_TIMEOUT of the two workers, s (default 10; faust's is 60)",
    )
    ap.add_argument(
        "--kill-signal",
        default="KILL",
        choices=("KILL", "TERM", "INT"),
        help="how the failover run stops one worker (default KILL)",
    )
    ap.add_argument(
        "--inprocess-pages", type=int, default=600, help="pages for the in-process run (default 600)"
    )
    ap.add_argument(
        "--profile",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="profile the worker with py-spy if installed (default on)",
    )
    ap.add_argument(
        "--profile-seconds", type=float, default=20, help="length of the profiled drain (default 20)"
    )
    ap.add_argument("--profile-rate", type=int, default=100, help="py-spy samples per second (default 100)")
    ap.add_argument("--profile-raw", help="keep py-spy's raw (collapsed) samples in this file")
    ap.add_argument("--skip-inprocess", action="store_true")
    ap.add_argument("--skip-ceiling", action="store_true")
    ap.add_argument("--skip-scaleout", action="store_true")
    ap.add_argument(
        "--max-restarts",
        type=int,
        default=10,
        help="scale-out: start a worker that exited again, at most this many times (default 10; 0: never)",
    )
    ap.add_argument(
        "--skip-single", action="store_true", help="skip the one-worker runs (throughput, latency, profile)"
    )
    ap.add_argument("--quick", action="store_true", help="short runs (about 2 min): fewer pages, 8 s phases")
    ap.add_argument(
        "--tune", action="store_true", help="compare worker settings instead (bench/results/tuning.json)"
    )
    ap.add_argument(
        "--variant",
        action="append",
        help="with --tune: NAME[@TREE][:K=V,...], e.g. uvloop, 'fast:PRODUCER_LINGER=0' or 'take@/tmp/sitrep-take' "
        "(a scratch copy of the repo); repeatable (default: every built-in variant)",
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="with --tune: runs of each variant, in alternating order; the table shows medians (default 2)",
    )
    ap.add_argument(
        "--tune-rate",
        type=float,
        default=200,
        help="with --tune: backlog pages per drain second (default 200)",
    )
    ap.add_argument(
        "--timeout",
        type=float,
        default=180,
        help="give up waiting on a phase after this many seconds (default 180)",
    )
    ap.add_argument("--keep", action="store_true", help="keep the run's topics and worker logs")
    ap.add_argument(
        "--json", help="write the results here (default bench/results/throughput.json or tuning.json)"
    )
    args = ap.parse_args()
    if args.quick:
        args.ceiling_pages = min(args.ceiling_pages, 10000)
        args.drain_seconds = min(args.drain_seconds, 8)
        args.latency_seconds = min(args.latency_seconds, 8)
        args.failover_seconds = min(args.failover_seconds, 10)
        args.profile_seconds = min(args.profile_seconds, 8)
    return asyncio.run(amain(args))


if __name__ == "__main__":
    sys.exit(main())
