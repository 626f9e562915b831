"""Properties of the pure core on arbitrary text: never raise, never lose a news line, deterministic."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.core.pages import InvalidPage, parse_pages
from streams.core.pipeline import process_page
from streams.core.split import split_text
from streams.core.text import clean_line

NOW = datetime(2024, 11, 18, tzinfo=UTC)
LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=120
)
NEWSY = st.sampled_from(
    [
        "Russia launched 40 drones overnight, the air force said.",
        "“We will respond,” he said.",
        "14:32",
        "Advertisement",
        "Defence Secretary John Healey said the UK would send more shells.",
        "Kyiv\u200f said eight out of 11 drones were shot down 🚀.",
        "He added that talks would go on.",
    ]
)
PAGE = st.lists(st.one_of(LINE, NEWSY), min_size=1, max_size=25).map("\n".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(PAGE)
def test_split_never_loses_a_line(catalogue, page):
    result = split_text(page, NOW, catalogue)
    kept = [p for d in result.drafts for p in d.paragraphs]
    classified = {ln.number: ln for ln in result.lines}
    content = [ln.text for ln in result.lines if ln.kind == "content"]
    assert kept == content
    for number, raw in enumerate(page.split("\n"), start=1):
        if clean_line(raw):
            assert number in classified


@FAST
@given(PAGE)
def test_pipeline_never_raises_and_is_deterministic(catalogue, page):
    try:
        pages = parse_pages(page.encode("utf-8"), 1024 * 1024)
    except InvalidPage:
        return
    first = [p.model_dump() for pg in pages for p in process_page(pg, NOW, catalogue)]
    again = [p.model_dump() for pg in pages for p in process_page(pg, NOW, catalogue)]
    assert first == again
    for post in first:
        assert post["topics"]
        assert len(set(post["countries"])) == len(post["countries"])


@FAST
@given(st.binary(max_size=300))
def test_any_bytes_either_parse_or_say_why(data):
    try:
        pages = parse_pages(data, 1024 * 1024)
    except InvalidPage as exc:
        assert exc.reason and exc.error_class
    else:
        assert pages and all(p.text.strip() for p in pages)
