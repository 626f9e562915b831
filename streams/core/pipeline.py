"""The whole functional core in three calls: page -> posts -> enriched, routed posts.

The worker's agents and the offline ``pipe`` command call exactly these
functions, which is why both give the same output for the same input.
"""

from __future__ import annotations

import base64
from datetime import datetime

from schemas.models import DeadLetter, EnrichedPost, Post, RawPost, Topic
from streams.catalogue import Catalogue
from streams.core.enrich import Enrichment, enrich_text
from streams.core.pages import InvalidPage, parse_pages
from streams.core.route import in_taxonomy_order, route
from streams.core.split import split_text


def post_id_for(page_id: str, seq: int) -> str:
    """Stable post id: the page id and the post's position (same page, same ids)."""
    return f"{page_id}#{seq:03d}"


def split_page(page: RawPost, ingested_at: datetime, catalogue: Catalogue) -> list[Post]:
    """Split one page into posts, dating each from the timestamp line above it.

    ``published_at``: the nearest timestamp line above the post, else the page's
    own field, else ``ingested_at``.
    """
    page_time = page.published_at or ingested_at
    result = split_text(page.text, page_time, catalogue)
    return [
        Post(
            post_id=post_id_for(page.id, seq),
            page_id=page.id,
            seq=seq,
            text="\n".join(draft.paragraphs),
            published_at=draft.published_at or page_time,
            source=page.source,
            url=page.url,
        )
        for seq, draft in enumerate(result.drafts, start=1)
    ]


def enrich_post(post: Post, catalogue: Catalogue) -> EnrichedPost:
    """Find who, what and where in a post, and the topics it belongs to.

    Built without validation: every field is a value the core made itself from
    a validated ``Post`` (the test suite checks that the result validates), and
    validating thousands of nested models a second was a tenth of the cost.
    """
    found = enrich_text(post.text, catalogue)
    return EnrichedPost.model_construct(
        post_id=post.post_id,
        page_id=post.page_id,
        text=post.text,
        topics=topics_of(post.text, found, catalogue),
        published_at=post.published_at,
        countries=found.countries,
        people=found.people,
        weapons=found.weapons,
        counts=found.counts,
        quotes=found.quotes,
        places=found.places,
        source=post.source,
        url=post.url,
    )


# a post of this many paragraphs is a full-length report, whose later paragraphs can carry
# news of other topics ("Separately, Russian forces captured ...")
LONG_POST_PARAGRAPHS = 10


def topics_of(text: str, found: Enrichment, catalogue: Catalogue) -> list[Topic]:
    """The post's topics; a full-length report also takes the topics its paragraphs report
    on their own (TAXONOMY: every topic whose definition the post meets as news)."""
    topics = route(text, found)
    paragraphs = [p for p in text.split("\n") if p.strip()]
    if len(paragraphs) < LONG_POST_PARAGRAPHS:
        return topics
    more = {t for p in paragraphs for t in route(p, enrich_text(p, catalogue))}
    return in_taxonomy_order((set(topics) | more) - {"uncategorized"})


def process_page(page: RawPost, ingested_at: datetime, catalogue: Catalogue) -> list[EnrichedPost]:
    """Split, enrich and route one page."""
    return [enrich_post(post, catalogue) for post in split_page(page, ingested_at, catalogue)]


def posts_from_message(
    value: bytes | None,
    ingested_at: datetime,
    catalogue: Catalogue,
    max_bytes: int,
    max_lines: int,
) -> list[Post]:
    """The posts of one ``raw-posts`` message; raises ``InvalidPage`` for a dead letter."""
    posts: list[Post] = []
    for page in parse_pages(value, max_bytes, max_lines):
        posts.extend(split_page(page, ingested_at, catalogue))
    if not posts:
        raise InvalidPage("no news text left after dropping site chrome and timestamps", "NoPosts")
    return posts


def dead_letter(
    error: InvalidPage | Exception,
    value: bytes | None,
    key: bytes | None,
    topic: str,
    partition: int,
    offset: int,
    timestamp: float | None,
    failed_at: datetime,
) -> DeadLetter:
    """Wrap a message that cannot be processed, with why, and its original bytes."""
    reason = error.reason if isinstance(error, InvalidPage) else f"{type(error).__name__}: {error}"
    error_class = error.error_class if isinstance(error, InvalidPage) else type(error).__name__
    return DeadLetter(
        reason=reason[:2000],
        error_class=error_class,
        original_b64=base64.b64encode(value or b"").decode("ascii"),
        original_key_b64=base64.b64encode(key).decode("ascii") if key is not None else None,
        original_topic=topic,
        original_partition=partition,
        original_offset=offset,
        original_timestamp=timestamp,
        failed_at=failed_at,
    )
