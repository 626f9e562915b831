"""Shared fixtures: the catalogue, the seed page and its gold labels, and message factories."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from schemas.models import Post, RawPost
from streams.catalogue import get_catalogue

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_f8a8b7418b737245.txt"
GOLD_CANDIDATES = (ROOT.parent / "shared" / "seeds-gold.json", ROOT / "tests" / "data" / "seeds-gold.json")
INGESTED = datetime(2024, 11, 18, 20, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def catalogue():
    return get_catalogue()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    for path in GOLD_CANDIDATES:
        if path.exists():
            return orjson.loads(path.read_bytes())
    raise FileNotFoundError("seeds-gold.json not found in ../shared or tests/data")


@pytest.fixture
def make_raw_post():
    """Factory: a raw post with sensible defaults."""

    def make(text: str = "Russia launched 12 drones at Kyiv overnight.", **fields) -> RawPost:
        return RawPost(id=fields.pop("id", "page-1"), text=text, **fields)

    return make


@pytest.fixture
def make_post():
    """Factory: one split post, ready for enrichment."""

    def make(text: str, seq: int = 1, page_id: str = "page-1") -> Post:
        return Post(
            post_id=f"{page_id}#{seq:03d}",
            page_id=page_id,
            seq=seq,
            text=text,
            published_at=INGESTED,
        )

    return make


@pytest.fixture
def enrich(catalogue, make_post):
    """Factory: enrich a text as one post."""
    from streams.core.pipeline import enrich_post

    def run(text: str):
        return enrich_post(make_post(text), catalogue)

    return run
