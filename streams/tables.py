"""State the worker keeps in Kafka, one self-contained block per concern.

Blocks: delivery (exactly-once sends, and the dedupe table of the at-least-once
mode); tallies (issue 6).
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import os
from typing import Any, NamedTuple, NoReturn

import faust
from faust.transport.consumer import Consumer
from faust.types import TP, EventT, ProcessingGuarantee, TopicT
from pydantic import BaseModel

from streams import codec
from streams.app import app
from streams.metrics import note_sent
from streams.settings import get_settings

# =============================================================================
# Delivery (issue 4; docs/delivery.md): how the stages put records on Kafka.
#
# ``deliver(event, records)`` sends what one input event produced, then acks the
# event. With processing_guarantee="exactly_once" (the default) it does so inside
# the Kafka transaction that also commits the event's offset, holding that
# transaction's lock, so a commit never falls between an event's first record
# and its ack. Faust's own exactly_once picks the transaction by the
# *destination* partition (TransactionManager.send), so a record sent to another
# partition than its input's, or sent before the commit of an earlier offset,
# lands in the wrong transaction: duplicates or losses after a kill. We pick the
# input's transaction instead ({app id}-{topic group}-{input partition}, the ids
# faust commits offsets with).
#
# With "at_least_once", ``delivered`` (a changelogged table: post id -> digest
# of the routed post) lets route_posts skip a post it has already sent with the
# same content; a kill between the send and the changelog write still
# duplicates, which is why it is not the default (figures in docs/delivery.md).
# =============================================================================
_log = logging.getLogger(__name__)
_settings = get_settings()

#: Leave room for the record's key, headers and batch overhead below max_message_bytes.
RECORD_OVERHEAD = 16 * 1024


class Outgoing(NamedTuple):
    """One record to send: a declared topic, key, value (bytes or a model) and partition."""

    topic: TopicT
    key: bytes | None
    value: bytes | BaseModel
    partition: int | None = None

    def data(self) -> bytes:
        return self.value if isinstance(self.value, bytes) else codec.dumps(self.value)


def too_large(records: list[Outgoing], limit: int | None = None) -> Outgoing | None:
    """The first record over the size limit, if any (it would fail at the producer)."""
    limit = (limit or _settings.max_message_bytes) - RECORD_OVERHEAD
    return next((r for r in records if len(r.data()) + len(r.key or b"") > limit), None)


class DeliveryError(RuntimeError):
    """The transaction to send in is gone (fenced, or never begun): restart from the last commit."""


# Faust commits in two steps: it works out the offsets to commit from the acked events,
# then commits each transaction under its lock. Two things go wrong with that:
#  - a deliver() between the two steps puts its records in the transaction but not its
#    offset: committed output whose input is read again after a crash (duplicates);
#  - on a topic written in transactions (sitrep-posts), the commit markers leave gaps in
#    the offsets that faust's ack bookkeeping does not always close, so the offset of a
#    partition can stay behind while its records are committed (duplicates again).
# So, for the events deliver() handles, the offset committed is exactly the one after the
# last event delivered on that partition (_next_offsets), and the gate makes working it
# out and committing it one step as deliver() sees it.
_commit_gate = asyncio.Lock()
_next_offsets: dict[TP, int] = {}
_force_commit = Consumer.force_commit
_filter_committable_offsets = Consumer._filter_committable_offsets


def _ours(consumer: Consumer) -> bool:
    return consumer.app is app and consumer.in_transaction


@functools.wraps(_force_commit)
async def _gated_force_commit(self: Consumer, *args: Any, **kwargs: Any) -> bool:
    if not _ours(self):
        return await _force_commit(self, *args, **kwargs)
    async with _commit_gate:
        return await _force_commit(self, *args, **kwargs)


@functools.wraps(_filter_committable_offsets)
def _exact_committable_offsets(self: Consumer, tps: Any) -> dict[TP, int]:
    offsets = _filter_committable_offsets(self, tps)
    if _ours(self):
        for tp, offset in _next_offsets.items():
            offsets.pop(tp, None)
            committed = self._committed_offset.get(tp)
            if committed is None or offset > committed:
                offsets[tp] = offset
    return offsets


Consumer.force_commit = _gated_force_commit  # type: ignore[method-assign]
Consumer._filter_committable_offsets = _exact_committable_offsets  # type: ignore[method-assign]


@app.on_partitions_revoked.connect
async def _forget_revoked(sender: faust.App, revoked: set[TP], **kwargs: Any) -> None:
    # another worker may commit these partitions further before we get them back
    for tp in revoked:
        _next_offsets.pop(tp, None)


def _transaction_for(event: EventT) -> tuple[Any, Any]:
    tp = event.message.tp
    tid = f"{app.conf.id}-{app.assignor.group_for_topic(tp.topic)}-{tp.partition}"
    producer = app.producer  # faust's aiokafka driver: one transactional producer per tid
    txn = producer._transaction_producers.get(tid)
    lock = producer._trn_locks.get(tid)
    if txn is None or lock is None:
        raise DeliveryError(f"no open transaction {tid} for {tp}")
    return txn, lock


def _transactional() -> bool:
    """Whether sends go in transactions; refuses a worker that asked for them and has none."""
    if app.in_transaction and app.consumer.in_transaction:
        return True
    if app.in_worker and app.conf.processing_guarantee is ProcessingGuarantee.EXACTLY_ONCE:
        # faust fixes the consumer's mode when it is first built: built before the worker
        # starts (something touched app.consumer at import), it silently runs at least once.
        raise DeliveryError("exactly_once is set, but the consumer was built outside a transaction")
    return False


async def deliver(event: EventT, records: list[Outgoing]) -> None:
    """Send one event's records, then ack the event (atomically with exactly_once)."""
    try:
        transactional = _transactional()
    except DeliveryError as exc:
        _exit(exc)
    if not transactional:
        for r in records:
            extra = {"value_serializer": "raw"} if isinstance(r.value, bytes) else {}
            await r.topic.send(key=r.key, value=r.value, partition=r.partition, **extra)
        return  # acked by the stream when the agent asks for the next event
    try:
        async with _commit_gate:
            txn, lock = _transaction_for(event)
            async with lock:  # faust's own sends and begin_transaction take it too
                for r in records:
                    await txn.send(r.topic.get_topic_name(), r.data(), key=r.key, partition=r.partition)
                    note_sent(r.topic.get_topic_name(), r.key, r.data())
                event.ack()
                _next_offsets[event.message.tp] = event.message.offset + 1
    except Exception as exc:
        # The open transaction is now unusable, and it holds records of acked events:
        # only an abort is safe, and the next producer with this id aborts it for us.
        _exit(exc)


def _exit(exc: Exception) -> NoReturn:
    """Exit at once, as a SIGKILL would (which is what bench/chaos.py proves safe)."""
    _log.critical("delivery failed, exiting to restart from the last commit: %r", exc)
    logging.shutdown()
    os._exit(70)


# --- at-least-once dedupe ------------------------------------------------------

delivered = (
    app.Table(
        "delivered",
        default=None,
        partitions=_settings.partitions,
        key_type=bytes,
        value_type=bytes,  # the app's default serializer is "raw"
        help="post id -> digest of the routed post (at_least_once only)",
    )
    if _settings.processing_guarantee == "at_least_once"
    else None
)


def _digest(value: bytes | None) -> bytes:
    return hashlib.blake2b(value or b"", digest_size=8).digest()


def already_delivered(event: EventT) -> bool:
    """True if this post (same id, same bytes) was routed before (at_least_once only)."""
    if delivered is None or event.message.key is None:
        return False
    return delivered.get(event.message.key) == _digest(event.message.value)


def mark_delivered(event: EventT) -> None:
    """Remember that this post has been routed (at_least_once only)."""
    if delivered is not None and event.message.key is not None:
        delivered[event.message.key] = _digest(event.message.value)


# =============================================================================
# Tallies (issue 6; docs/tallies.md): written only by the tally reader
# (streams/stages/tally.py) through streams.tallies.record, read by the web views.
#
# Not Faust tables: under exactly_once, Faust sends table changelogs through its
# own transaction path, and with those sends in the worker a SIGKILL left
# duplicated and lost posts on the output topics (tests/integration/test_delivery.py
# failed 4 runs in 4 with the changelogged tables, passed 3 in 3 without them).
# The tallies are a pure function of the committed output topics, deduplicated
# by post id, so the reader rebuilds them from those topics at every start:
# the topics are the changelog.
# =============================================================================

#: post id -> its contribution ({"shard": partition, "cells": {"YYYY-MM-DD|class": cell}}),
#: so a post delivered again replaces what it added instead of adding it twice.
tally_posts: dict[str, dict] = {}
#: "YYYY-MM-DD|class|partition" -> {"launched", "destroyed", "lost", "hit", "posts"}
#: (days in Kyiv time; streams.tallies.rows adds the partitions up).
tally_totals: dict[str, dict] = {}
