"""Message models: one per kind of message, validated wherever a message enters.

Data flows one way: ``RawPost`` (a page) -> ``Post`` (one entry of it) ->
``EnrichedPost`` (routed to the output topics). Dead letters carry the
original bytes so nothing that arrived is ever lost.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer

Topic = Literal[
    "missile-strikes",
    "drone-reports",
    "diplomatic-reactions",
    "military-aid",
    "security-incidents",
    "frontline",
    "uncategorized",
]


class _Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class RawPost(_Message):
    """What a producer sends: one page, a live-blog entry or a whole scraped page."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str = Field(min_length=1, max_length=200, pattern=r"^[\w.:\-/]+$")
    text: str = Field(min_length=1)
    source: str | None = Field(None, max_length=500)
    url: str | None = Field(None, max_length=2000)
    published_at: datetime | None = None


class Post(_Message):
    """One entry of a page, as the splitter found it (the internal ``sitrep-posts`` topic)."""

    post_id: str
    page_id: str
    seq: int = Field(ge=1, description="1-based position of the post in its page")
    text: str = Field(description="The post's paragraphs joined with newlines")
    published_at: datetime | None
    source: str | None = None
    url: str | None = None


class Person(_Message):
    name: str
    role: str | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-2")


class Weapon(_Message):
    name: str = Field(description="Canonical short name, e.g. Iskander-M")
    weapon_class: str = Field(alias="class", description="e.g. ballistic missile, drone")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Count(_Message):
    """One number tied to a weapon class, with what happened to that many.

    Serialised with only the outcomes it has: ``{"weapon_class": "drone",
    "weapon": null, "launched": 11, "destroyed": 8}``.
    """

    weapon_class: str
    weapon: str | None = None
    launched: int | None = Field(None, ge=0)
    destroyed: int | None = Field(None, ge=0)
    lost: int | None = Field(None, ge=0)
    hit: int | None = Field(None, ge=0)

    @model_serializer(mode="wrap")
    def _only_outcomes_given(self, handler):
        data = handler(self)
        for key in ("launched", "destroyed", "lost", "hit"):
            if data.get(key) is None:
                data.pop(key, None)
        return data


class Quote(_Message):
    text: str
    speaker: str


class EnrichedPost(_Message):
    """What the worker routes to every topic in ``topics``, keyed by ``post_id``."""

    post_id: str
    page_id: str
    text: str
    topics: list[Topic] = Field(min_length=1)
    published_at: datetime | None
    countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes in order of mention")
    people: list[Person]
    weapons: list[Weapon]
    counts: list[Count]
    quotes: list[Quote]
    places: list[str]
    source: str | None = None
    url: str | None = None


class DeadLetter(_Message):
    """A message that could not be processed, kept whole with the reason why."""

    reason: str
    error_class: str
    original_b64: str = Field(description="The original message value, base64")
    original_key_b64: str | None = None
    original_topic: str
    original_partition: int
    original_offset: int
    original_timestamp: float | None = None
    failed_at: datetime


#: The model of the messages on each kind of topic (JSON Schema files are named after these).
TOPIC_MODELS: dict[str, type[BaseModel]] = {
    "raw-posts": RawPost,
    "sitrep-posts": Post,
    "raw-posts.dlq": DeadLetter,
    **{topic: EnrichedPost for topic in Topic.__args__},
}
