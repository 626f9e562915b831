"""The agents are thin: what comes in, the core's answer goes out. Kafka is not needed here."""

from __future__ import annotations

import base64
from unittest.mock import AsyncMock

import orjson
import pytest

from schemas.models import DeadLetter, EnrichedPost, Post
from streams import topics
from streams.catalogue import get_catalogue
from streams.core.split import split_text
from streams.stages.route import route_posts
from streams.stages.split import split_pages


@pytest.fixture
def sent(monkeypatch):
    """Capture what the agents send, per topic, instead of producing to Kafka."""
    captured: dict[str, list[dict]] = {}

    def capture(topic):
        async def send(**kwargs):
            captured.setdefault(topic.get_topic_name(), []).append(kwargs)

        return AsyncMock(side_effect=send)

    for topic in (topics.posts, topics.dead_letters, *topics.outputs.values()):
        monkeypatch.setattr(topic, "send", capture(topic))
    return captured


async def test_split_pages_sends_each_post_keyed_by_post_id(sent, seed_text):
    async with split_pages.test_context() as agent:
        await agent.put(key=None, value=seed_text.encode("utf-8"))
    posts = [Post.model_validate_json(m["value"]) for m in sent["sitrep-posts"]]
    drafts = split_text(seed_text, None, get_catalogue()).drafts
    assert [p.text for p in posts] == ["\n".join(d.paragraphs) for d in drafts]
    assert len(posts) >= 10  # the seed page is many posts, not one
    assert [m["key"] for m in sent["sitrep-posts"]] == [p.post_id.encode() for p in posts]
    assert len({m["partition"] for m in sent["sitrep-posts"]}) == 1  # a page stays in order
    assert "raw-posts.dlq" not in sent


async def test_split_pages_dead_letters_bad_input_and_keeps_going(sent):
    async with split_pages.test_context() as agent:
        await agent.put(key=b"k1", value=b"\xff\xfe not utf-8")
        await agent.put(key=None, value=b'{"id": "ok-1", "text": "Russia launched 12 drones at Odesa."}')
    [letter] = [m["value"] for m in sent["raw-posts.dlq"]]
    assert isinstance(letter, DeadLetter)
    assert letter.error_class == "NotUtf8"
    assert base64.b64decode(letter.original_b64) == b"\xff\xfe not utf-8"
    assert base64.b64decode(letter.original_key_b64) == b"k1"
    assert [Post.model_validate_json(m["value"]).page_id for m in sent["sitrep-posts"]] == ["ok-1"]


async def test_route_posts_sends_enriched_post_to_each_topic(sent, make_post):
    post = make_post(
        "Ukraine’s air force said it shot down eight out of 11 Russian drones overnight. "
        "Russia also fired two Iskander-M ballistic missiles at the city."
    )
    async with route_posts.test_context() as agent:
        await agent.put(key=post.post_id.encode(), value=post.model_dump_json().encode())
    routed = {name: msgs for name, msgs in sent.items() if name not in ("sitrep-posts", "raw-posts.dlq")}
    assert set(routed) == {"drone-reports", "missile-strikes"}
    for msgs in routed.values():
        [msg] = msgs
        assert msg["key"] == post.post_id.encode()
        enriched = EnrichedPost.model_validate(orjson.loads(msg["value"]))
        assert enriched.post_id == post.post_id


async def test_route_posts_dead_letters_an_invalid_post(sent):
    async with route_posts.test_context() as agent:
        await agent.put(key=b"x", value=b'{"post_id": 3}')
    [letter] = [m["value"] for m in sent["raw-posts.dlq"]]
    assert letter.error_class == "ValidationError"
