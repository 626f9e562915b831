"""Tally arithmetic: per day (Kyiv time) and class, each post counted once however often it comes."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.models import Count, EnrichedPost
from streams.tallies import (
    COLUMNS,
    Tally,
    cells_of,
    contribution,
    kyiv_day,
    parse_day,
    record,
    rows,
    to_csv,
    to_text,
)

NIGHT = datetime(2024, 11, 18, 18, 39, tzinfo=UTC)


def post(post_id: str = "page-1#013", counts=(), published_at: datetime | None = NIGHT) -> EnrichedPost:
    return EnrichedPost(
        post_id=post_id,
        page_id=post_id.split("#")[0],
        text="Ukraine’s air force said today that it shot down eight out of 11 Russian drones.",
        topics=["drone-reports", "missile-strikes"],
        published_at=published_at,
        countries=["UA", "RU"],
        people=[],
        weapons=[],
        counts=[Count(**c) for c in counts],
        quotes=[],
        places=[],
    )


#: The seed page's air-force post: drones 11 launched, 8 destroyed, 3 lost; two missiles.
AIR_FORCE = [
    {"weapon_class": "drone", "launched": 11, "destroyed": 8},
    {"weapon_class": "drone", "lost": 3},
    {"weapon_class": "ballistic missile", "weapon": "Iskander-M", "launched": 2},
    {"weapon_class": "guided missile", "weapon": "Kh-59", "launched": 1},
]
SEED_ROWS = [
    {"date": "2024-11-18", "weapon_class": "ballistic missile", "launched": 2, "destroyed": 0}
    | {"lost": 0, "hit": 0, "posts": 1},
    {"date": "2024-11-18", "weapon_class": "drone", "launched": 11, "destroyed": 8}
    | {"lost": 3, "hit": 0, "posts": 1},
    {"date": "2024-11-18", "weapon_class": "guided missile", "launched": 1, "destroyed": 0}
    | {"lost": 0, "hit": 0, "posts": 1},
]


def test_seed_post_sums_counts_per_class():
    tally = Tally()
    tally.add(post(counts=AIR_FORCE))
    assert tally.rows() == SEED_ROWS


def test_day_is_kyiv_time():
    # 22:30 UTC on the 17th is already the 18th in Kyiv (UTC+2 in winter, +3 in summer)
    assert kyiv_day(datetime(2024, 11, 17, 22, 30, tzinfo=UTC)) == date(2024, 11, 18)
    assert kyiv_day(datetime(2024, 11, 17, 21, 59, tzinfo=UTC)) == date(2024, 11, 17)
    assert kyiv_day(datetime(2024, 7, 1, 21, 0, tzinfo=UTC)) == date(2024, 7, 2)
    assert kyiv_day(datetime(2024, 7, 1, 20, 59)) == date(2024, 7, 1)  # naive is UTC


def test_same_post_twice_counts_once():
    tally = Tally()
    first = tally.add(post(counts=AIR_FORCE), shard=2)
    again = tally.add(post(counts=AIR_FORCE), shard=2)  # e.g. its copy on the other topic
    assert first and again == {}
    assert tally.rows() == SEED_ROWS


def test_replayed_page_counts_once():
    page = [post(f"page-1#{n:03d}", counts=[{"weapon_class": "drone", "launched": n}]) for n in (1, 2, 3)]
    page.append(post("page-1#004"))  # a post with no counts adds nothing
    tally = Tally()
    for _ in range(3):  # delivered, redelivered, replayed
        for p in page:
            tally.add(p, shard=1)
    [row] = tally.rows()
    assert (row["launched"], row["posts"]) == (6, 3)
    assert set(tally.contributions) == {"page-1#001", "page-1#002", "page-1#003"}


def test_redelivery_with_new_counts_replaces_old():
    tally = Tally()
    tally.add(post(counts=[{"weapon_class": "drone", "launched": 11, "destroyed": 8}]))
    # re-enriched (a better catalogue): the post now says 12 drones, and one missile
    tally.add(post(counts=[{"weapon_class": "drone", "launched": 12}, {"weapon_class": "missile", "hit": 1}]))
    assert [(r["weapon_class"], r["launched"], r["destroyed"], r["hit"]) for r in tally.rows()] == [
        ("drone", 12, 0, 0),
        ("missile", 0, 0, 1),
    ]
    # and a post whose counts vanish takes its numbers with it
    tally.add(post(counts=[]))
    assert tally.rows() == [] and tally.totals == {} and tally.contributions == {}


def test_redated_post_moves_to_its_new_day():
    tally = Tally()
    tally.add(post(counts=AIR_FORCE[:1]))
    tally.add(post(counts=AIR_FORCE[:1], published_at=datetime(2024, 11, 19, 9, 0, tzinfo=UTC)))
    assert [(r["date"], r["launched"]) for r in tally.rows()] == [("2024-11-19", 11)]


def test_post_without_date_is_not_tallied():
    assert cells_of(post(counts=AIR_FORCE, published_at=None)) == {}
    tally = Tally()
    assert tally.add(post(counts=AIR_FORCE, published_at=None)) == {}
    assert tally.contributions == {}


def test_shards_are_added_up():
    tally = Tally()
    tally.add(post("a#001", counts=[{"weapon_class": "drone", "launched": 5, "destroyed": 4}]), shard=0)
    tally.add(post("b#001", counts=[{"weapon_class": "drone", "launched": 7, "destroyed": 7}]), shard=3)
    assert len(tally.totals) == 2  # one per shard: each written from its own partition
    [row] = tally.rows()
    assert (row["launched"], row["destroyed"], row["posts"]) == (12, 11, 2)


def replay(changelog: list[tuple[str, str, object]]) -> tuple[dict, dict]:
    """What a restarted worker holds: its tables rebuilt from their changelogs (JSON round trip)."""
    tables: dict[str, dict] = {"posts": {}, "totals": {}}
    for table, key, value in changelog:
        data = orjson.loads(orjson.dumps(value)) if value is not None else None
        if data is None:
            tables[table].pop(key, None)
        else:
            tables[table][key] = data
    return tables["posts"], tables["totals"]


class Changelogged(dict):
    """A dict that writes every change to a changelog, as a Faust table does."""

    def __init__(self, name: str, log: list) -> None:
        super().__init__()
        self.name, self.log = name, log

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.log.append((self.name, key, value))

    def __delitem__(self, key):
        super().__delitem__(key)
        self.log.append((self.name, key, None))


def test_restart_recovers_from_changelog_and_stays_idempotent():
    log: list = []
    posts, totals = Changelogged("posts", log), Changelogged("totals", log)
    seed = post(counts=AIR_FORCE)
    other = post("page-2#001", counts=[{"weapon_class": "drone", "launched": 4, "destroyed": 4}])
    for p in (seed, other, seed):
        record(posts, totals, p.post_id, contribution(p, 1))
    before = rows(totals.items())

    # the worker restarts: its memory is gone, the changelog is replayed
    posts2, totals2 = replay(log)
    assert posts2 == dict(posts) and totals2 == dict(totals)
    assert rows(totals2.items()) == before
    # after the restart the uncommitted input is delivered again: nothing changes
    for p in (other, seed):
        assert record(posts2, totals2, p.post_id, contribution(p, 1)) == {}
    assert rows(totals2.items()) == before
    assert [(r["weapon_class"], r["launched"], r["destroyed"]) for r in before] == [
        ("ballistic missile", 2, 0),
        ("drone", 15, 12),
        ("guided missile", 1, 0),
    ]


def test_identical_delivery_writes_nothing():
    log: list = []
    posts, totals = Changelogged("posts", log), Changelogged("totals", log)
    record(posts, totals, "p#001", contribution(post(counts=AIR_FORCE)))
    written = len(log)
    record(posts, totals, "p#001", contribution(post(counts=AIR_FORCE)))
    assert len(log) == written


counts_strategy = st.lists(
    st.fixed_dictionaries(
        {"weapon_class": st.sampled_from(["drone", "cruise missile", "ballistic missile"])},
        optional={f: st.integers(0, 500) for f in ("launched", "destroyed", "lost", "hit")},
    ),
    max_size=4,
)
posts_strategy = st.lists(
    st.tuples(
        st.integers(1, 12),  # post number
        counts_strategy,
        st.datetimes(min_value=datetime(2022, 2, 24), max_value=datetime(2026, 1, 1), timezones=st.just(UTC)),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(posts_strategy, st.randoms(use_true_random=False))
def test_any_order_of_deliveries_gives_the_last_version_of_each_post(deliveries, rnd: random.Random):
    tally = Tally()
    for n, counts, when in deliveries:
        p = post(f"page#{n:03d}", counts=counts, published_at=when)
        tally.add(p, shard=n % 4)
        if rnd.random() < 0.5:  # a duplicate right away (the other topic's copy)
            tally.add(p, shard=n % 4)
    # the table equals a fresh tally of only the last version of each post
    last = {}
    for n, counts, when in deliveries:
        last[n] = (counts, when)
    fresh = Tally()
    for n, (counts, when) in sorted(last.items()):
        fresh.add(post(f"page#{n:03d}", counts=counts, published_at=when), shard=n % 4)
    assert tally.rows() == fresh.rows()
    assert all(v >= 0 for cell in tally.totals.values() for v in cell.values())


def test_rows_filter_by_day_and_class():
    tally = Tally()
    for day, cls in [(17, "drone"), (18, "drone"), (18, "cruise missile"), (19, "Drone")]:
        when = datetime(2024, 11, day, 8, 0, tzinfo=UTC)
        tally.add(
            post(f"p{day}{cls}#001", counts=[{"weapon_class": cls, "launched": day}], published_at=when)
        )
    got = tally.rows(date(2024, 11, 18), date(2024, 11, 19), "drone")
    assert [(r["date"], r["weapon_class"]) for r in got] == [("2024-11-18", "drone"), ("2024-11-19", "Drone")]
    assert [r["date"] for r in tally.rows(start=date(2024, 11, 19))] == ["2024-11-19"]
    assert [r["date"] for r in tally.rows(end=date(2024, 11, 17))] == ["2024-11-17"]
    assert tally.rows(weapon_class="tank") == []


def test_parse_day():
    assert parse_day("2024-11-18") == date(2024, 11, 18)
    assert parse_day("") is None and parse_day(None) is None
    with pytest.raises(ValueError):
        parse_day("18/11/2024")


def test_csv_and_text_line_up_with_the_dataset_columns():
    text = to_csv(SEED_ROWS)
    lines = text.splitlines()
    assert lines[0] == ",".join(COLUMNS) == "date,weapon_class,launched,destroyed,lost,hit,posts"
    assert lines[2] == "2024-11-18,drone,11,8,3,0,1"
    table = to_text(SEED_ROWS).splitlines()
    assert table[0].split() == list(COLUMNS)
    # every column ends at the same place on every line
    assert len({len(line) for line in table}) == 1
    assert to_text([]).split() == list(COLUMNS)
