from datetime import UTC, datetime, timedelta, timezone

import pytest

from streams.core.timestamps import is_timestamp_line, parse_timestamp_line, relative_offset

CONTEXT = datetime(2024, 11, 18, 18, 39, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Monday 18 November 2024 18:39, UK", datetime(2024, 11, 18, 18, 39, tzinfo=UTC)),
        ("Tuesday 3 December 2024 09:15, UK", datetime(2024, 12, 3, 9, 15, tzinfo=UTC)),
        ("14:32", datetime(2024, 11, 18, 14, 32, tzinfo=UTC)),
        ("14.40", datetime(2024, 11, 18, 14, 40, tzinfo=UTC)),
        # a page's own publication and modification lines
        ("Modified: 06/06/2024 - 22:41", datetime(2024, 6, 6, 22, 41, tzinfo=UTC)),
        ("First published on Mon 18 Nov 2024 07.41 GMT", datetime(2024, 11, 18, 7, 41, tzinfo=UTC)),
        ("Nov. 18, 2024 — 23:10", datetime(2024, 11, 18, 23, 10, tzinfo=UTC)),
        ("7:47", datetime(2024, 11, 18, 7, 47, tzinfo=UTC)),
        ("6.05pm", datetime(2024, 11, 18, 18, 5, tzinfo=UTC)),
        ("Updated 10:05 GMT", datetime(2024, 11, 18, 10, 5, tzinfo=UTC)),
        ("March 3, 2023", datetime(2023, 3, 3, tzinfo=UTC)),
        ("01/15/2025January 15, 2025", datetime(2025, 1, 15, tzinfo=UTC)),
        ("15 May 2024 · 22:35", datetime(2024, 5, 15, 22, 35, tzinfo=UTC)),
        # a page issued, then modified: the entry's time is when it was issued
        (
            "Issued on: 03/04/2024 - 06:50 Modified: 03/04/2024 - 19:20",
            datetime(2024, 4, 3, 6, 50, tzinfo=UTC),
        ),
        # a numeric date whose first number cannot be a month is written month first
        ("10/27/2023", datetime(2023, 10, 27, tzinfo=UTC)),
        # a date and a time split by a slash, and a two-digit year (US broadcasters and magazines)
        ("June 3, 2025 / 8:05 AM EDT", datetime(2025, 6, 3, 8, 5, tzinfo=timezone(timedelta(hours=-4)))),
        ("11/14/23 4:30 PM EST", datetime(2023, 11, 14, 16, 30, tzinfo=timezone(timedelta(hours=-5)))),
        ("Updated / Tuesday, 3 May 2022 10:40", datetime(2022, 5, 3, 10, 40, tzinfo=UTC)),
        (
            "Updated 9:02 PM EST, Fri February 28, 2025",
            datetime(2025, 2, 28, 21, 2, tzinfo=timezone(timedelta(hours=-5))),
        ),
    ],
)
def test_timestamp_lines_are_dated(line, expected):
    assert parse_timestamp_line(line, CONTEXT) == expected


def test_summer_uk_time_is_bst():
    got = parse_timestamp_line("18 July 2024 10:00, UK", CONTEXT)
    assert got.utcoffset() == timedelta(hours=1)


def test_bare_time_keeps_zone_of_context():
    kyiv = timezone(timedelta(hours=2))
    got = parse_timestamp_line("09:15", datetime(2023, 2, 24, 8, 0, tzinfo=kyiv))
    assert got == datetime(2023, 2, 24, 9, 15, tzinfo=kyiv)


@pytest.mark.parametrize(
    "line",
    [
        "2022",
        "15",
        "Russia launched 11 drones overnight.",
        "At 14:32 the sirens sounded in Kyiv.",
        "Modified versions of the Shahed drone were used.",
        "Ukraine",
        "",
    ],
)
def test_news_lines_are_not_timestamps(line):
    assert not is_timestamp_line(line)


def test_relative_times():
    assert relative_offset("2h ago") == timedelta(hours=2)
    assert relative_offset("12m ago") == timedelta(minutes=12)
    assert relative_offset("an hour ago") == timedelta(hours=1)
    assert relative_offset("Just now") == timedelta(0)
    assert relative_offset("Two hours ago Russia launched drones at Odesa") is None


def test_a_relative_stamp_counts_back_from_the_page_time(catalogue):
    from datetime import UTC, datetime

    from streams.core.split import split_text

    page_time = datetime(2025, 4, 4, 12, 0, tzinfo=UTC)
    result = split_text("12m ago\nRussia launched drones at Odesa overnight.", page_time, catalogue)
    assert result.drafts[0].published_at == datetime(2025, 4, 4, 11, 48, tzinfo=UTC)


def test_today_and_yesterday_count_from_the_page_time():
    from streams.core.timestamps import relative_day

    page = datetime(2025, 6, 2, 21, 30, tzinfo=UTC)
    assert relative_day("Today 21:10", page) == datetime(2025, 6, 2, 21, 10, tzinfo=UTC)
    assert relative_day("Yesterday 22:45", page) == datetime(2025, 6, 1, 22, 45, tzinfo=UTC)
    assert relative_day("Today the talks resumed in Istanbul.", page) is None
    assert relative_day("Today 21:10", None) is None


def test_zones_of_outlets_beyond_europe():
    when = parse_timestamp_line("Friday 6 October 2023 10:05am AEDT", datetime(2023, 10, 6, tzinfo=UTC))
    assert when is not None and when.utcoffset() == timedelta(hours=11) and when.hour == 10


def test_a_page_note_gives_the_zone_of_stamps_that_name_none(catalogue):
    from streams.core.split import classify_lines
    from streams.core.timestamps import zone_note

    assert zone_note("All times stated are UK") is not None
    assert zone_note("Timeline of the war") is None
    page = "All times stated are UK\nPosted at 21:40\nA strike hit the city."
    lines = classify_lines(page, datetime(2023, 6, 27, 12, 0, tzinfo=UTC), catalogue)
    stamp = next(ln.when for ln in lines if ln.kind == "timestamp")
    assert stamp is not None and stamp.utcoffset() == timedelta(hours=1) and stamp.hour == 21


def test_a_header_stamp_in_parts_between_bars_is_one_stamp():
    context = datetime(2025, 1, 1, tzinfo=UTC)
    assert parse_timestamp_line("Thu, Jun 30, 2022 | UPDATED: 18:52", context) == datetime(
        2022, 6, 30, 18, 52, tzinfo=UTC
    )
    assert parse_timestamp_line(
        "Published Dec 29, 2022, 7:02am | Updated Dec 29, 2022, 6:48pm", context
    ) == datetime(2022, 12, 29, 18, 48, tzinfo=UTC)
    assert parse_timestamp_line("18:40 | Live", context) is None


def test_an_update_in_brackets_and_a_dash_after_the_prefix_are_read():
    context = datetime(2025, 1, 1, tzinfo=UTC)
    assert parse_timestamp_line("Saturday 24 May 2025 6:40 pm (Updated 8:05 pm)", context) == datetime(
        2025, 5, 24, 20, 5, tzinfo=UTC
    )
    when = parse_timestamp_line("Last updated on - Dec 16, 2022, 22:41 IST", context)
    assert when is not None and when.hour == 22 and when.utcoffset() == timedelta(hours=5, minutes=30)
    assert parse_timestamp_line("Kyiv (updated figures)", context) is None


def test_a_zone_note_with_its_offset_is_read_and_dropped_as_chrome(catalogue):
    from streams.core.split import classify_lines
    from streams.core.timestamps import zone_note

    assert zone_note("Times are given in Moscow time (UTC+3).") is not None
    page = "Times are given in Moscow time (UTC+3).\n12:05\nPutin began his address."
    lines = classify_lines(page, datetime(2023, 2, 21, 9, 0, tzinfo=UTC), catalogue)
    assert [ln.kind for ln in lines] == ["boilerplate", "timestamp", "content"]
    assert lines[1].when is not None and lines[1].when.utcoffset() == timedelta(hours=3)


def test_a_date_written_year_first_with_points_is_read():
    assert parse_timestamp_line("2022.06.21", datetime(2025, 1, 1, tzinfo=UTC)) == datetime(
        2022, 6, 21, tzinfo=UTC
    )


def test_stamps_above_the_first_that_writes_its_zone_are_in_that_zone(catalogue):
    from streams.core.split import split_text

    page = "\n".join(
        [
            "10.09.2025, 22:05",
            "Donald Trump asked what Russia was doing by sending drones into Poland's airspace.",
            "10.09.2025, 19:40 CEST",
            "Donald Tusk told the Sejm that Polish airspace had been breached 19 times.",
            "5m ago",
            "Poland closed four airports for several hours.",
        ]
    )
    result = split_text(page, datetime(2025, 9, 10, 21, 0, tzinfo=UTC), catalogue)
    stamps = [ln.when for ln in result.lines if ln.kind == "timestamp"]
    cest = timezone(timedelta(hours=2))
    assert stamps[:2] == [
        datetime(2025, 9, 10, 22, 5, tzinfo=cest),
        datetime(2025, 9, 10, 19, 40, tzinfo=cest),
    ]
    # a relative stamp still counts back from the page's own time
    assert stamps[2] == datetime(2025, 9, 10, 20, 55, tzinfo=UTC)


def test_a_zone_note_further_down_dates_the_bare_stamps_above_it(catalogue):
    from streams.core.split import split_text

    page = "\n".join(
        [
            "09:40",
            "Donald Tusk said Poland had closed its airspace over the border for several hours.",
            "All times are CET",
            "08:15",
            "Polish jets were scrambled as Russia attacked western Ukraine.",
        ]
    )
    result = split_text(page, datetime(2025, 1, 10, 12, 0, tzinfo=UTC), catalogue)
    cet = timezone(timedelta(hours=1))
    assert [ln.when for ln in result.lines if ln.kind == "timestamp"] == [
        datetime(2025, 1, 10, 9, 40, tzinfo=cet),
        datetime(2025, 1, 10, 8, 15, tzinfo=cet),
    ]


def test_a_time_ending_in_a_colon_and_a_zone_note_closing_the_standfirst(catalogue):
    from streams.core.split import split_text
    from streams.core.timestamps import zone_note

    assert zone_note("The latest developments in Russia's war in Ukraine. All times EDT.") is not None
    assert zone_note("He said the talks would resume. It was time to act.") is None
    page = "\n".join(
        [
            "August 20, 2023 9:48 PM",
            "The latest developments in Russia's war in Ukraine. All times EDT.",
            "9:20 p.m.:",
            "Danish Prime Minister Mette Frederiksen said Denmark would give Ukraine 19 F-16 fighter jets.",
            "2:45 p.m.:",
            "Russian drones struck the Sumy region overnight, the regional administration said.",
        ]
    )
    result = split_text(page, None, catalogue)
    edt = timezone(timedelta(hours=-4))
    assert [ln.kind for ln in result.lines[:3]] == ["timestamp", "boilerplate", "timestamp"]
    assert [d.published_at for d in result.drafts] == [
        datetime(2023, 8, 20, 21, 20, tzinfo=edt),
        datetime(2023, 8, 20, 14, 45, tzinfo=edt),
    ]


def test_a_wire_clock_time_with_its_zone_needs_no_colon():
    context = datetime(2022, 3, 29, 22, 0, tzinfo=UTC)
    assert parse_timestamp_line("2108 GMT", context) == datetime(2022, 3, 29, 21, 8, tzinfo=UTC)
    assert parse_timestamp_line("0750 GMT", context) == datetime(2022, 3, 29, 7, 50, tzinfo=UTC)
    assert parse_timestamp_line("2022", context) is None  # a year
    assert parse_timestamp_line("1945", context) is None


def test_a_time_and_date_between_middle_dots_and_a_zone_named_by_country():
    from streams.core.timestamps import zone_note

    assert parse_timestamp_line("21:40 · 01.06.2023") == datetime(2023, 6, 1, 21, 40, tzinfo=UTC)
    assert zone_note(
        "Our live feed follows the war in Ukraine. Times are in Finnish time (EET)."
    ) == timezone(timedelta(hours=2))
