"""Chaos run: SIGKILL the worker and restart the broker while pages stream in, then count.

Streams ``--pages`` raw posts ({"id", "text"} JSON, texts from seeds/*.txt and
tests/devset/pages/*.txt reused with new ids, with hostile messages mixed in)
into fresh topics on a local broker at ``--rate`` pages/s; meanwhile kills the
worker ``--kills`` times with SIGKILL at random moments (restarting it at once)
and, with ``--broker-restart``, stops and restarts the broker once (keeping its
data). Then reads every output topic and the dead-letter topic with
isolation_level=read_committed and compares, by post id and topic set, with
what ``pipe`` computes for the same messages (streams.core.pipeline):

    pages sent, posts expected, posts found, lost, duplicated, unexpected,
    dead-lettered (found/expected), worker restarts

Exit status 0 when nothing is lost, duplicated or unexpected. The broker is
the one ``scripts/kafka.sh`` runs on ``--port`` (started here if none is
running, and then stopped at the end).

    .venv/bin/python bench/chaos.py --pages 2000 --kills 2
    .venv/bin/python bench/chaos.py                      # 20000 pages, 5 kills, broker restart
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer  # noqa: E402
from aiokafka.admin import AIOKafkaAdminClient, NewTopic  # noqa: E402
from tqdm import tqdm  # noqa: E402

from streams.settings import OUTPUT_TOPICS, Settings  # noqa: E402
from streams.spawn import spawn_worker  # noqa: E402

# ---------------------------------------------------------------------------- inputs


def page_texts() -> list[str]:
    """The texts pages are made of: the seed pages and the development pages."""
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
        (ROOT / "tests" / "devset" / "pages").glob("*.txt")
    )
    return [f.read_text(encoding="utf-8") for f in files]


NEWS = "Russia launched 12 drones at Kyiv overnight, Ukraine's air force said. Ten were shot down."


def hostile_messages(max_page_bytes: int, tag: str) -> list[tuple[str, bytes | None, bytes | None]]:
    """(kind, key, value) of every kind of hostile input; ``tag`` makes the ids unique."""

    def page(pid: str, text, **extra) -> bytes:
        return orjson.dumps({"id": f"{tag}-{pid}", "text": text, **extra})

    oversize_text = "x" * (max_page_bytes + 1 - len(page("oversize", "")))
    html = (
        "<html><head><script>alert('pwned'); fetch('//evil')</script><style>p{}</style></head>"
        f"<body><p>{NEWS}</p><p>Advertisement</p><script>document.write('x')</script></body></html>"
    )
    return [
        ("invalid JSON", f"{tag}-k1".encode(), b'{"id": "broken", "text": '),
        ("JSON list of numbers", f"{tag}-k2".encode(), b"[1, 2, 3]"),
        ("JSON of wrong types", f"{tag}-k3".encode(), b'{"id": 42, "text": ["a", "b"]}'),
        ("JSON bad id", f"{tag}-k4".encode(), orjson.dumps({"id": "a b<script>", "text": NEWS})),
        ("missing text", f"{tag}-k5".encode(), orjson.dumps({"id": f"{tag}-missing"})),
        ("empty text", f"{tag}-k6".encode(), page("empty", "")),
        ("blank text", f"{tag}-k7".encode(), page("blank", " \n\t\u3000\n ")),
        ("empty message", f"{tag}-k8".encode(), b""),
        ("null value (tombstone)", f"{tag}-k9".encode(), None),
        ("deeply nested JSON", f"{tag}-k10".encode(), b"[" * 5000 + b"]" * 5000),
        ("page 1 byte over max_page_bytes", f"{tag}-k11".encode(), page("oversize", oversize_text)),
        ("not UTF-8", f"{tag}-k12".encode(), b"\xff\xfe\xfa binary \x80\x81"),
        ("binary with NUL bytes", f"{tag}-k13".encode(), b"PK\x03\x04\x00\x00\x14\x00binary\x00\x01"),
        ("100,000 one-word lines", f"{tag}-k14".encode(), page("lines", "\n".join(["word"] * 100_000))),
        ("null key, invalid JSON", None, b"{not json"),
        ("HTML with scripts", f"{tag}-k15".encode(), page("html", html)),
        (
            "control characters",
            f"{tag}-k16".encode(),
            page("ctrl", f"\x07\x1b[31m{NEWS}\x1b[0m\x00\x08\x7f\n\x0bKyiv\x0c said \x1f more."),
        ),
        (
            "odd Unicode (RTL, ZWJ, emoji)",
            f"{tag}-k17".encode(),
            page(
                "uni",
                f"\u202e\u200f{NEWS} 👩\u200d👩\u200d👧 🚀\ufeff\u200b\u2028Kyiv\u2066 ok\u2069. \U0001f1fa\U0001f1e6",
            ),
        ),
        ("null key, valid page", None, page("nullkey", NEWS)),
        ("bare text page", f"{tag}-k18".encode(), f"{tag}\n{NEWS}".encode()),
        ("JSON string", f"{tag}-k19".encode(), f'"just a string {tag}"'.encode()),
    ]


@dataclass
class Expected:
    """What pipe computes for the messages: (topic, post id) pairs and dead letters."""

    pairs: set[tuple[str, str]] = field(default_factory=set)
    posts: set[str] = field(default_factory=set)
    dead: Counter = field(default_factory=Counter)  # error class -> count
    dead_by_key: dict[bytes | None, str] = field(default_factory=dict)


def outcome(value: bytes | None, ingested_at: datetime, settings: Settings):
    """(posts with their topics, None) or (None, error class): what the worker must do with a message."""
    from streams.catalogue import get_catalogue
    from streams.core.pages import InvalidPage
    from streams.core.pipeline import enrich_post, posts_from_message

    catalogue = get_catalogue(settings.catalogue_dir)
    try:
        posts = posts_from_message(
            value, ingested_at, catalogue, settings.max_page_bytes, settings.max_lines_per_page
        )
    except InvalidPage as exc:
        return None, exc.error_class
    return [(p.post_id, enrich_post(p, catalogue).topics) for p in posts], None


# ---------------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class Worker:
    """``python -m streams worker`` in its own session, log appended to one file."""

    def __init__(self, env: dict[str, str], log_path: Path, root: Path) -> None:
        self.env, self.log_path, self.root = env, log_path, root
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.exits: list[int] = []  # exit codes of runs that ended on their own

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            log.write(f"\n===== chaos: worker start {self.starts + 1} =====\n".encode())
            self.proc = spawn_worker(self.env, log, self.root)
        self.starts += 1

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        if self.alive():
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if not self.alive():
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.kill()

    def check(self) -> bool:
        """Restart the worker if it exited on its own; True if it did."""
        if self.proc is not None and self.proc.poll() is not None:
            self.exits.append(self.proc.returncode)
            self.start()
            return True
        return False


class Broker:
    """The scripts/kafka.sh broker on a port: start, stop, and restart keeping its data."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.env = {**os.environ, "KAFKA_PORT": str(port), "KAFKA_CONTROLLER_PORT": str(port + 1)}
        self.run_dir = ROOT / ".cache" / "kafka" / f"run-{port}"
        self.started_here = False

    def kafka_sh(self, command: str) -> None:
        subprocess.run(["bash", "scripts/kafka.sh", command], cwd=ROOT, env=self.env, check=True)

    def up(self) -> None:
        if not port_open(self.port):
            self.kafka_sh("up")
            self.started_here = True

    def down(self) -> None:
        if self.started_here:
            self.kafka_sh("down")

    def restart(self, pause: float = 3.0) -> float:
        """Stop the broker (SIGTERM, as an operator would) and start it again on the same data.

        kafka.sh down would delete the data, so this restarts the JVM itself with the
        command line it runs, and updates kafka.sh's pid file. Returns seconds down.
        """
        pid_file = self.run_dir / "kafka.pid"
        pid = int(pid_file.read_text().strip())
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0").split(b"\0")
        cwd = os.readlink(f"/proc/{pid}/cwd")
        data_dir = Path((self.run_dir / "datadir").read_text().strip())
        t0 = time.monotonic()
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 60
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        if Path(f"/proc/{pid}").exists():
            os.kill(pid, signal.SIGKILL)
            time.sleep(1)
        time.sleep(pause)
        with (data_dir / "kafka.out").open("ab") as out:
            proc = subprocess.Popen(
                [a.decode() for a in argv],
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        pid_file.write_text(f"{proc.pid}\n")
        deadline = time.monotonic() + 120
        while not port_open(self.port) and time.monotonic() < deadline:
            time.sleep(0.2)
        return time.monotonic() - t0


# ---------------------------------------------------------------------------- Kafka


def run_settings(
    bootstrap: str, run: str, guarantee: str, session_timeout: float = 10.0
) -> tuple[Settings, dict[str, str]]:
    """Fresh topic names, app id and data dir for one run, as settings and as the worker's env."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SITREP_", "KAFKA_"))}
    env.update(
        KAFKA_BOOTSTRAP_SERVERS=bootstrap,
        SITREP_APP_ID=run,
        SITREP_RAW_TOPIC=f"{run}-raw-posts",
        SITREP_DLQ_TOPIC=f"{run}-raw-posts.dlq",
        SITREP_POSTS_TOPIC=f"{run}-sitrep-posts",
        SITREP_TOPIC_PREFIX=f"{run}-",
        SITREP_PROCESSING_GUARANTEE=guarantee,
        SITREP_DATA_DIR=str(ROOT / ".cache" / "chaos" / run / "faust"),
        SITREP_WEB_PORT=str(free_port()),
        PYTHONUNBUFFERED="1",
        # faust's default (60 s) keeps a SIGKILLed member in the group that long: every
        # restart would wait for it before it gets its partitions back
        BROKER_SESSION_TIMEOUT=str(session_timeout),
        # a worker that joins while a restarted broker has not loaded its topics yet gets
        # no partitions, and only notices the topics at its next metadata refresh (5 min)
        CONSUMER_METADATA_MAX_AGE_MS="15000",
    )
    Path(env["SITREP_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    settings = Settings(
        **{k.removeprefix("SITREP_").lower(): v for k, v in env.items() if k.startswith("SITREP_")},
        KAFKA_BOOTSTRAP_SERVERS=bootstrap,
    )
    return settings, env


async def create_topics(settings: Settings) -> None:
    """The run's topics, with record size limits that let an oversized page reach the DLQ."""
    from streams.kafka import client_options

    big = {"max.message.bytes": str(settings.max_message_bytes)}
    specs = {settings.raw_topic: {"max.message.bytes": str(settings.raw_message_bytes)}}
    specs.update({settings.dlq_topic: big, settings.posts_topic: big})
    specs.update({settings.output_topic(t): big for t in OUTPUT_TOPICS})
    admin = AIOKafkaAdminClient(**client_options(settings))
    await admin.start()
    try:
        await admin.create_topics(
            [NewTopic(n, settings.partitions, settings.replicas, topic_configs=c) for n, c in specs.items()]
        )
    finally:
        await admin.close()


@dataclass
class Found:
    """What is on the output and dead-letter topics (read_committed)."""

    pairs: Counter = field(default_factory=Counter)  # (topic, post id) -> copies
    dead: list[dict] = field(default_factory=list)


async def follow(settings: Settings, found: Found, stop: asyncio.Event) -> None:
    """Read the outputs and the DLQ from the start, committed records only, until ``stop``."""
    from streams.kafka import client_options

    prefix = settings.topic_prefix
    consumer = AIOKafkaConsumer(
        *(settings.output_topic(t) for t in OUTPUT_TOPICS),
        settings.dlq_topic,
        **client_options(settings),
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        isolation_level="read_committed",
        max_partition_fetch_bytes=settings.max_message_bytes,
        fetch_max_bytes=4 * settings.max_message_bytes,
    )
    await consumer.start()
    try:
        while not stop.is_set():
            batch = await consumer.getmany(timeout_ms=500)
            for tp, records in batch.items():
                for r in records:
                    if tp.topic == settings.dlq_topic:
                        found.dead.append(orjson.loads(r.value))
                    else:
                        found.pairs[(tp.topic.removeprefix(prefix), (r.key or b"").decode())] += 1
    finally:
        await consumer.stop()


# ---------------------------------------------------------------------------- the run


async def run(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    run_id = f"chaos-{args.guarantee.replace('_', '')}-{uuid.uuid4().hex[:6]}"
    bootstrap = f"127.0.0.1:{args.port}"
    settings, env = run_settings(bootstrap, run_id, args.guarantee, args.session_timeout)
    run_dir = ROOT / ".cache" / "chaos" / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    log_path = run_dir / "worker.log"
    print(
        f"run {run_id}: broker {bootstrap}, guarantee {args.guarantee}, worker log {log_path}",
        file=sys.stderr,
    )

    # the messages and what pipe makes of them (all stamped with one ingest time)
    ingest = datetime.now(UTC).replace(microsecond=0)
    texts = page_texts()
    by_text: dict[int, tuple] = {}
    expected = Expected()
    messages: list[tuple[bytes | None, bytes | None]] = []
    for i in tqdm(range(args.pages), desc="expected", unit="page", file=sys.stderr, disable=None):
        if args.hostile_every and i % args.hostile_every == args.hostile_every - 1:
            kinds = hostile_messages(settings.max_page_bytes, f"{run_id}-{i}")
            _, key, value = kinds[(i // args.hostile_every) % len(kinds)]
            posts, error = outcome(value, ingest, settings)
        else:
            n = rng.randrange(len(texts))
            page_id = f"{run_id}-p{i:06d}"
            key, value = page_id.encode(), orjson.dumps({"id": page_id, "text": texts[n]})
            if n not in by_text:
                template = orjson.dumps({"id": "T", "text": texts[n]})
                by_text[n] = outcome(template, ingest, settings)
            tposts, error = by_text[n]
            posts = [(page_id + pid[1:], topics) for pid, topics in tposts] if tposts is not None else None
        messages.append((key, value))
        if posts is None:
            expected.dead[error] += 1
            expected.dead_by_key[key] = error
        else:
            for pid, topics in posts:
                expected.posts.add(pid)
                expected.pairs.update((t, pid) for t in topics)

    await create_topics(settings)
    found = Found()
    stop = asyncio.Event()
    follower = asyncio.create_task(follow(settings, found, stop))
    worker = Worker(env, log_path, Path(args.worker_root).resolve())
    worker.start()

    duration = args.pages / args.rate if args.rate > 0 else 0.0
    kill_at = sorted(rng.uniform(0.05, 0.95) * duration for _ in range(args.kills))
    broker_at = rng.uniform(0.2, 0.8) * duration if args.broker_restart else None
    events: list[str] = []
    broker = args._broker
    kills_done = 0
    broker_down = 0.0

    from streams.kafka import client_options

    producer = AIOKafkaProducer(
        **client_options(settings),
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
        max_request_size=settings.max_message_bytes,
        request_timeout_ms=120_000,
    )
    await producer.start()
    t0 = time.monotonic()
    bar = tqdm(total=len(expected.pairs), desc="posts found", unit="post", file=sys.stderr, disable=None)
    sent = 0
    futures = []

    async def chaos_step() -> None:
        nonlocal kills_done, broker_at, broker_down
        now = time.monotonic() - t0
        while kills_done < len(kill_at) and now >= kill_at[kills_done]:
            worker.kill()
            kills_done += 1
            events.append(f"{now:7.1f}s  SIGKILL worker ({kills_done}/{args.kills}), restart")
            worker.start()
        if broker_at is not None and now >= broker_at:
            broker_at = None
            events.append(f"{now:7.1f}s  broker stop + restart")
            broker_down = await asyncio.to_thread(broker.restart)
            events.append(f"{time.monotonic() - t0:7.1f}s  broker back after {broker_down:.1f}s")
        if worker.check():
            events.append(f"{now:7.1f}s  worker exited by itself (code {worker.exits[-1]}), restart")
        bar.n = len(expected.pairs & found.pairs.keys())
        bar.set_postfix(sent=sent, restarts=worker.starts - 1, refresh=False)
        bar.refresh()

    try:
        for key, value in messages:
            target = t0 + sent / args.rate if args.rate > 0 else 0
            if (wait := target - time.monotonic()) > 0:
                await asyncio.sleep(wait)
            futures.append(
                await producer.send(
                    settings.raw_topic, value, key=key, timestamp_ms=int(ingest.timestamp() * 1000)
                )
            )
            sent += 1
            if sent % 50 == 0:
                await chaos_step()
        await producer.flush()
        await asyncio.gather(*futures)
        # finish the schedule (if the stream was shorter), then wait for the outputs to settle
        while kills_done < len(kill_at) or broker_at is not None:
            await asyncio.sleep(0.5)
            await chaos_step()
        last_change, last_state = time.monotonic(), None
        while True:
            await asyncio.sleep(1.0)
            await chaos_step()
            state = (sum(found.pairs.values()), len(found.dead))
            if state != last_state:
                last_change, last_state = time.monotonic(), state
            complete = expected.pairs <= found.pairs.keys() and len(found.dead) >= sum(expected.dead.values())
            idle = time.monotonic() - last_change
            if (complete and idle >= args.settle) or idle >= args.idle_timeout:
                break
    finally:
        bar.close()
        await producer.stop()
        elapsed = time.monotonic() - t0
        worker.stop()
        stop.set()
        await follower

    # ------------------------------------------------------------------ the report
    got = set(found.pairs)
    lost = expected.pairs - got
    unexpected = got - expected.pairs
    duplicated = sum(n - 1 for n in found.pairs.values() if n > 1)
    dup_pairs = sum(1 for n in found.pairs.values() if n > 1)
    dead_found = Counter(d["error_class"] for d in found.dead)
    dead_keys = Counter(
        base64.b64decode(d["original_key_b64"]) if d.get("original_key_b64") else None for d in found.dead
    )
    dead_dup = sum(n - 1 for k, n in dead_keys.items() if k is not None and n > 1)
    print()
    print(f"chaos run {run_id}  ({args.guarantee}, {elapsed:.0f} s)")
    for line in events:
        print(f"  {line}")
    print(f"pages sent          {sent}  ({sum(expected.dead.values())} of them to dead-letter)")
    print(f"posts expected      {len(expected.posts)}  ({len(expected.pairs)} post-topic pairs)")
    print(
        f"posts found         {len({p for _, p in got & expected.pairs})}  ({len(got & expected.pairs)} pairs)"
    )
    print(f"lost                {len(lost)}")
    print(f"duplicated          {duplicated}  (extra copies, on {dup_pairs} pairs)")
    print(f"unexpected          {len(unexpected)}")
    print(
        f"dead-lettered       {len(found.dead)} of {sum(expected.dead.values())} expected  ({dead_dup} duplicated)"
    )
    if dead_found != expected.dead:
        print(f"  dead letters by class: found {dict(dead_found)} expected {dict(expected.dead)}")
    print(
        f"worker restarts     {worker.starts - 1}  ({kills_done} after SIGKILL, {len(worker.exits)} after an exit of its own)"
    )
    print(f"broker restarts     {0 if args.broker_restart is False else 1}  (down {broker_down:.1f} s)")
    if lost:
        print(f"  lost e.g. {sorted(lost)[:5]}")
    if unexpected:
        print(f"  unexpected e.g. {sorted(unexpected)[:5]}")
    ok = not lost and not duplicated and not unexpected and dead_found == expected.dead and not dead_dup
    print("RESULT              " + ("OK: exactly once" if ok else "FAILED"))
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=20000, help="messages to send (default 20000)")
    ap.add_argument(
        "--kills", type=int, default=5, help="SIGKILLs of the worker at random moments (default 5)"
    )
    ap.add_argument(
        "--broker-restart",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="stop and restart the broker once mid-stream, keeping its data (default on)",
    )
    ap.add_argument(
        "--guarantee",
        choices=("exactly_once", "at_least_once"),
        default="exactly_once",
        help="processing_guarantee of the worker (default exactly_once)",
    )
    ap.add_argument(
        "--rate", type=float, default=100.0, help="pages sent per second, 0 for no limit (default 100)"
    )
    ap.add_argument(
        "--hostile-every",
        type=int,
        default=100,
        help="every Nth message is a hostile one (invalid JSON, oversized, binary...); 0 for none (default 100)",
    )
    ap.add_argument(
        "--port", type=int, default=19092, help="broker port; controller port is PORT+1 (default 19092)"
    )
    ap.add_argument("--seed", type=int, default=4, help="random seed of texts and chaos times (default 4)")
    ap.add_argument(
        "--settle",
        type=float,
        default=15.0,
        help="seconds of quiet after completion to catch late duplicates (default 15)",
    )
    ap.add_argument(
        "--idle-timeout",
        type=float,
        default=180.0,
        help="give up after this many seconds without new output (default 180)",
    )
    ap.add_argument(
        "--session-timeout",
        type=float,
        default=10.0,
        help="worker's BROKER_SESSION_TIMEOUT: how long a killed worker holds its partitions (default 10)",
    )
    ap.add_argument(
        "--worker-root", default=str(ROOT), help="checkout whose worker to run (default: this one)"
    )
    ap.add_argument(
        "--keep-broker", action="store_true", help="leave a broker this script started running at the end"
    )
    args = ap.parse_args(argv)
    broker = Broker(args.port)
    broker.up()
    args._broker = broker
    try:
        return asyncio.run(run(args))
    finally:
        if not args.keep_broker:
            broker.down()


if __name__ == "__main__":
    sys.exit(main())
