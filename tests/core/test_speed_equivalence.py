"""The fast paths give the answers of the plain ones they replace."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemas.models import EnrichedPost, RawPost
from streams import codec
from streams.core.phrases import Guarded, fold_case
from streams.core.pipeline import process_page

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "tests" / "devset" / "pages").glob("*.txt"))[:40]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_enriched_posts_built_unvalidated_still_validate(path, catalogue):
    """enrich_post skips validation: what it builds must validate to the same bytes."""
    page = RawPost(id="p", text=path.read_text(encoding="utf-8"))
    for post in process_page(page, datetime(2025, 1, 1, tzinfo=UTC), catalogue):
        data = codec.dumps(post)
        assert codec.dumps(EnrichedPost.model_validate_json(data)) == data


@pytest.mark.parametrize(
    ("pattern", "flags", "texts"),
    [
        (
            r"\b(?:podcast|tune\s+in|explores?\s+whether)\b",
            0,
            ["a podcast", "tune  in", "it explores whether", "no"],
        ),
        (r"(?<![\w-])(?i:one|two|\d+)\s+drones?", 0, ["TWO drones", "12 drones", "ſeven drones", "drones"]),
        (r"\b(?:said|warned)\b", re.IGNORECASE, ["He SAID", "ſaid", "waRned", "nothing"]),
        (r"[$€£]\s?\d|\bbillion\b", 0, ["£ 5", "a billion", "none", "٣ billion"]),
    ],
)
def test_guarded_regex_answers_like_the_regex(pattern, flags, texts):
    rx = re.compile(pattern, flags)
    guarded = Guarded(rx)
    assert guarded.needles  # each of these patterns has literals to look for
    for text in texts:
        assert bool(guarded.search(text)) == bool(rx.search(text)), text
        assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in rx.finditer(text)], text


def test_fold_case_folds_what_ignorecase_equates():
    assert fold_case("ſaid İstanbul \u212aill ıt") == "said istanbul kill it"
