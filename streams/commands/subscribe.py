"""``subscribe``: print what arrives on Sitrep's topics (committed messages only)."""

from __future__ import annotations

import asyncio
import base64
import os
import sys
from datetime import UTC, datetime

import orjson
from aiokafka import AIOKafkaConsumer
from faust.cli import argument, option

from streams import codec
from streams.app import app
from streams.kafka import client_options
from streams.settings import OUTPUT_TOPICS, get_settings


def _decode(data: bytes | None) -> object:
    if data is None:
        return None
    try:
        return codec.loads(data)
    except ValueError:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return {"base64": base64.b64encode(data).decode("ascii")}


def envelope(record) -> dict:
    """kcat's JSON envelope for one consumed record, the message itself as ``value``."""
    return {
        "topic": record.topic,
        "partition": record.partition,
        "offset": record.offset,
        "timestamp": record.timestamp,
        "key": record.key.decode("utf-8", "replace") if record.key is not None else None,
        "value": _decode(record.value),
    }


def human_line(record) -> str:
    """One readable line: topic, time, countries, weapons, counts and the first words."""
    value = _decode(record.value)
    when = datetime.fromtimestamp(record.timestamp / 1000, tz=UTC).strftime("%Y-%m-%d %H:%M:%S")
    if not isinstance(value, dict):
        return f"{record.topic:<22} {when}  {str(value)[:100]!r}"
    if "reason" in value and "original_b64" in value:
        return f"{record.topic:<22} {when}  DEAD LETTER {value.get('error_class')}: {value['reason'][:100]}"
    counts = "; ".join(
        f"{c.get('weapon') or c.get('weapon_class')} "
        + " ".join(f"{k} {c[k]}" for k in ("launched", "destroyed", "lost", "hit") if c.get(k) is not None)
        for c in value.get("counts", [])
    )
    weapons = ",".join(w.get("name", "") for w in value.get("weapons", []))
    words = " ".join(str(value.get("text", "")).split()[:14])
    parts = [
        f"{record.topic:<22} {when}",
        f"[{','.join(value.get('countries', []))}]",
    ]
    if weapons:
        parts.append(f"weapons: {weapons}")
    if counts:
        parts.append(f"counts: {counts}")
    parts.append(f"| {words}…")
    return "  ".join(parts)


@app.command(
    argument("topics", nargs=-1),
    option("--from-beginning", is_flag=True, default=False, help="Read each topic from its start."),
    option("--json", "as_json", is_flag=True, default=False, help="One JSON envelope per message."),
    option(
        "--until-idle", type=float, default=None, help="Exit after this many seconds with no new message."
    ),
)
async def subscribe(
    self, topics: tuple[str, ...], from_beginning: bool, as_json: bool, until_idle: float | None
) -> None:
    """Print messages arriving on TOPICS (default: every output topic)."""
    settings = get_settings()
    names = list(topics) or [settings.output_topic(t) for t in OUTPUT_TOPICS]
    consumer = AIOKafkaConsumer(
        *names,
        **client_options(settings),
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest" if from_beginning else "latest",
        isolation_level="read_committed",
    )
    await consumer.start()
    try:
        while True:
            batch = await consumer.getmany(timeout_ms=int((until_idle or 1.0) * 1000))
            if not batch:
                if until_idle is not None:
                    break
                continue
            for records in batch.values():
                for record in records:
                    if as_json:
                        sys.stdout.buffer.write(orjson.dumps(envelope(record)) + b"\n")
                    else:
                        sys.stdout.write(human_line(record) + "\n")
            sys.stdout.flush()
    except asyncio.CancelledError:
        pass
    except BrokenPipeError:  # the reader went away (`| head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    finally:
        await consumer.stop()
