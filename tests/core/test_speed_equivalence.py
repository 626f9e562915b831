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


def _texts_for_cues() -> list[str]:
    pages = sorted((ROOT / "tests" / "devset" / "pages").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8").lower() for p in pages]
    texts += [p.read_text(encoding="utf-8").lower() for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return texts + [
        "$5 and £ 12 and €x, 3bn, 4.5 billion, 7 m, x9m, 10million, abillion, million",
        "inside russia missiles hit; the drones were shot down by air defence. sent 300 troops",
        "_missile strike, missile_ strike, 5th missile attack, plans to launch strikes",
    ]


def test_skip_ahead_finds_what_the_cues_find():
    from streams.core.phrases import skip_ahead
    from streams.core.route import _PLANNED_STRIKES, _PROMO, CUES

    texts = _texts_for_cues()
    patterns = [rx.pattern for rx in CUES.values()] + [_PROMO.pattern, _PLANNED_STRIKES.pattern]
    rewritten = 0
    for pattern in patterns:
        fast = skip_ahead(pattern)
        if fast is None:
            continue
        rewritten += 1
        slow_rx, fast_rx = re.compile(pattern), re.compile(fast)
        for text in texts:
            assert [m.span() for m in fast_rx.finditer(text)] == [m.span() for m in slow_rx.finditer(text)]
    assert rewritten >= 30


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\b(?:missiles?|rockets?)\b", "(?:m(?:(?<!\\w\\w)issiles?\\b)|r(?:(?<!\\w\\w)ockets?\\b))"),
        (r"(?:[$€£]\s?\d|\bbillion\b)", "[$€£b](?:(?<=[$€£])\\s?\\d|(?<=b)(?<!\\w\\w)illion\\b)"),
        (r"\b(?:sent|send)?\s+troops", None),  # an optional first word: the match may start at a space
        (r"(?<!x)\bmissile", None),
        (r"\b(missile)", None),  # a capture group
        (r"\b[$€]5", None),  # \b before what is not a word character
    ],
)
def test_skip_ahead_rewrites_only_what_it_can(pattern, expected):
    from streams.core.phrases import skip_ahead

    assert skip_ahead(pattern) == expected


def test_every_part_needles_answer_like_the_regex():
    rx = re.compile(
        r"\b(?:allowed|permitted)\s+(?:ukraine|kyiv)\s+to\s+(?:strike|use)[^.]{0,20}\bmissiles?\b"
    )
    guarded = Guarded(rx, every_part=True, fast=True)
    texts = [
        "biden allowed ukraine to strike with missiles",
        "allowed kyiv to use long-range missiles",
        "allowed ukraine to strike. missiles",
        "missiles allowed",
        "permitted kyiv to use them; missiles",
        "",
    ]
    for text in texts:
        assert bool(guarded.search(text)) == bool(rx.search(text)), text
    assert not guarded.possible("missiles were allowed")  # no "ukraine", "kyiv"


def test_count_patterns_with_a_first_character_look_ahead_match_like_without():
    """_LEAD, _ELLIPTIC and _CLAUSE_END look ahead for a digit or a first letter before trying the pattern."""
    from streams.core.enrich import counts

    texts = [p.read_text(encoding="utf-8") for p in PAGES[:30]]
    texts.append("About 5 ſeven SIX drones, a further Eleven, the remaining 3 of them were shot down")
    # (the regex, where its look-ahead ends, whether the rest is wrapped in a group for it)
    cases = (
        (counts._LEAD.regex, "]))", False),
        (counts._ELLIPTIC.regex, "])", False),
        (counts._CLAUSE_END, "])(?:", True),
    )
    for gated, end, wrapped in cases:
        rest = gated.pattern[gated.pattern.index(end) + len(end) :]
        plain = re.compile(rest[:-1] if wrapped else rest, gated.flags)
        assert gated.pattern.startswith("(?=")
        for text in texts:
            for pos in range(len(text)):
                a, b = gated.match(text, pos), plain.match(text, pos)
                assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), (text, pos)
