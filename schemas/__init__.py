"""Pydantic models of every message on Sitrep's topics, and their JSON Schemas."""

from schemas.models import (
    TOPIC_MODELS,
    Count,
    DeadLetter,
    EnrichedPost,
    Person,
    Post,
    Quote,
    RawPost,
    Weapon,
)

__all__ = [
    "TOPIC_MODELS",
    "Count",
    "DeadLetter",
    "EnrichedPost",
    "Person",
    "Post",
    "Quote",
    "RawPost",
    "Weapon",
]
