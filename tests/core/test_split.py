from datetime import UTC, datetime
from pathlib import Path

import pytest

from streams.core.split import (
    Line,
    _continues_list,
    boundary_features,
    lookahead,
    looks_like_headline,
    new_post_probability,
    split_text,
)

PAGE_TIME = datetime(2024, 11, 18, 20, 0, tzinfo=UTC)


def test_seed_boundaries_close_to_gold(seed_text, seed_gold, catalogue):
    result = split_text(seed_text, PAGE_TIME, catalogue)
    got = {d.first for d in result.drafts}
    gold = {p["lines"][0] for p in seed_gold["posts"]}
    optional = {ln for p in seed_gold["posts"] for ln in p.get("optional_boundaries", [])}
    tp = len(got & gold)
    fp = len(got - gold - optional)
    fn = len(gold - got)
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.9, (sorted(got - gold - optional), sorted(gold - got))


def test_seed_chrome_and_timestamps(seed_text, seed_gold, catalogue):
    result = split_text(seed_text, PAGE_TIME, catalogue)
    assert sorted(result.boilerplate_lines) == sorted(seed_gold["boilerplate_lines"])
    stamps = result.timestamp_lines
    assert set(stamps) == {int(k) for k in seed_gold["timestamp_lines"]}
    for line, iso in seed_gold["timestamp_lines"].items():
        assert stamps[int(line)] == datetime.fromisoformat(iso)


def test_timestamp_line_dates_the_posts_under_it(catalogue):
    page = "\n".join(
        [
            "Tuesday 3 December 2024 09:15, UK",
            "Russian forces captured the village of Novodmytrivka, the defence ministry said.",
            "09:40",
            "Poland has pledged another aid package for Ukraine, its defence minister said.",
            "Advertisement",
        ]
    )
    result = split_text(page, PAGE_TIME, catalogue)
    assert [d.first for d in result.drafts] == [2, 4]
    assert result.drafts[0].published_at == datetime(2024, 12, 3, 9, 15, tzinfo=UTC)
    assert result.drafts[1].published_at == datetime(2024, 12, 3, 9, 40, tzinfo=UTC)
    assert result.boilerplate_lines == [5]


def test_posts_above_the_first_timestamp_take_the_page_time(catalogue):
    result = split_text("Kyiv was attacked overnight.\n14:32\nSomething else happened.", PAGE_TIME, catalogue)
    assert result.drafts[0].published_at == PAGE_TIME


def _p_new(line: str, post: list[str], mode: str = "sparse", ahead: list[str] | None = None) -> float:
    return new_post_probability(boundary_features(line, post, post[-1], False, mode, ahead))


def test_quote_on_its_own_line_continues_the_post():
    post = ["Defence minister Jan Novak said the ammunition plant would open next year."]
    assert _p_new("“It is the first step towards our own ammunition,” he said.", post) < 0.5


def test_pronoun_opener_continues_the_post():
    post = ["Olaf Scholz held a call with Vladimir Putin on Friday, his first in two years."]
    assert _p_new("He defended the call as a way to show that support would not wane.", post) < 0.5


def test_unrelated_lead_after_chrome_starts_a_new_post():
    post = ["Olaf Scholz held a call with Vladimir Putin on Friday.", "He defended the call."]
    line = "The Polish government has signed a letter of intent with domestic companies to make powder."
    ahead = ["Poland has taken steps to bolster its ammunition production since 2022."]
    p = new_post_probability(boundary_features(line, post, post[-1], True, "sparse", ahead))
    assert p > 0.5


def test_no_news_line_is_dropped(catalogue):
    lines = ["Share this post", "Russia launched 40 drones.", "Advertisement", "Kyiv said 35 were shot down."]
    result = split_text("\n".join(lines), PAGE_TIME, catalogue)
    kept = [p for d in result.drafts for p in d.paragraphs]
    assert kept == [lines[1], lines[3]]


def test_a_wire_dateline_opens_a_report_and_takes_its_headline_along(catalogue):
    page = "\n".join(
        [
            "Russian forces captured the village of Novodmytrivka, the defence ministry said on Monday.",
            "Ukraine's general staff said fighting in the area was continuing.",
            "Germany pledges more air defence for Ukraine",
            "BERLIN, Dec 3 (Reuters) - Germany will send two more IRIS-T systems to Ukraine, its defence minister said.",
            "He gave no date for the deliveries.",
            "LINKÖPING, Sweden — Sweden's government said on Tuesday it would train Ukrainian pilots on Gripen jets.",
        ]
    )
    result = split_text(page, PAGE_TIME, catalogue)
    assert [(d.first, d.last) for d in result.drafts] == [(1, 2), (3, 5), (6, 6)]


def test_a_question_headline_stays_with_the_report_under_its_dateline(catalogue):
    page = "\n".join(
        [
            "Factbox: Which countries are sending tanks to Ukraine?",
            "Jan 27 (Reuters) - Germany and the United States this week pledged heavy battle tanks to Ukraine.",
            "GERMANY: Chancellor Olaf Scholz said Germany would send 14 Leopard 2A6 tanks from its own stocks.",
        ]
    )
    result = split_text(page, PAGE_TIME, catalogue)
    assert [(d.first, d.last) for d in result.drafts] == [(1, 3)]


def test_a_dash_inside_a_sentence_is_not_a_dateline(catalogue):
    from streams.core.datelines import report_dateline

    assert report_dateline("MOSCOW (AFP) - Russia's central bank raised its key rate.")
    assert report_dateline("KYIV, Ukraine (AP) — Russia struck the port.")
    assert not report_dateline("NATO — and the EU — said nothing.")
    assert not report_dateline("Russia - which denies it - said the drones were Ukrainian.")


def test_a_heading_left_at_the_end_of_a_post_moves_to_the_post_it_heads(catalogue):
    page = "\n".join(
        [
            "Russian forces captured the village of Novodmytrivka, the defence ministry said on Monday.",
            "Ukraine's general staff said fighting in the area was continuing.",
            "What is it like to live through a night like this?",
            "On today's podcast, our correspondent in Kharkiv describes a night of drone attacks.",
        ]
    )
    drafts = split_text(page, PAGE_TIME, catalogue).drafts
    assert [d.first for d in drafts] in ([1], [1, 3])  # never a post that ends with the heading
    assert all(not d.paragraphs[-1].endswith("?") for d in drafts if len(d.paragraphs) > 1)


def test_an_entry_headline_keeps_its_lead_across_a_byline(catalogue):
    page = "\n".join(
        [
            "6:10 a.m. ET, May 30, 2023",
            "One killed as Russia attacks Kyiv for the third time in 24 hours",
            "From CNN's Yulia Kesaieva",
            "At least one person was killed when debris from a drone hit a high-rise apartment building in "
            "Kyiv's Holosiivskyi district overnight, the city's military administration said.",
            "Mayor Vitali Klitschko said the top floors of the building had been destroyed and that people may "
            "be trapped under the rubble.",
        ]
    )
    result = split_text(page, PAGE_TIME, catalogue)
    assert [(d.first, d.last) for d in result.drafts] == [(2, 5)]
    assert 3 in {ln.number for ln in result.lines if ln.kind == "boilerplate"}


def _dev_lines(name: str, first: int, last: int) -> str:
    """Lines of a development page (tests/devset), as one page."""
    path = Path(__file__).resolve().parents[1] / "devset" / "pages" / f"{name}.txt"
    return "\n".join(path.read_text(encoding="utf-8").split("\n")[first - 1 : last])


def test_a_headline_ending_in_a_full_stop_keeps_its_lead_across_a_byline(catalogue):
    # stamp, "Biden arrives in Warsaw, where he will speak ...", "Michael D. Shear", "Reporting from Warsaw", text
    result = split_text(_dev_lines("lbm_01", 18, 24), PAGE_TIME, catalogue)
    assert [(d.first, d.last) for d in result.drafts] == [(2, 7)]


def test_a_source_line_belongs_to_its_entry(catalogue):
    # stamp, headline, byline, lead, "Source: Zelensky on Telegram", "Quote: ...", "Details: ...", chrome
    result = split_text(_dev_lines("lbm_05", 40, 47), PAGE_TIME, catalogue)
    assert [(d.first, d.last) for d in result.drafts] == [(2, 7)]


def test_the_items_of_a_list_and_the_rows_of_a_table_stay_with_the_post_that_opens_them(catalogue):
    page = "\n".join(
        [
            "Over the week, air defence units shot down:",
            "– 4 Kh-59 guided air missiles;",
            "– 31 guided aerial bombs;",
            "– 212 attack drones.",
            "Type | Launched | Shot down",
            "Shahed-136 attack UAV | 48 | 41",
            "Kh-101 cruise missile | 6 | 6",
        ]
    )
    result = split_text(page, PAGE_TIME, catalogue)
    assert [(d.first, d.last) for d in result.drafts] == [(1, 7)]
    # an air force table whose rows the boundary cues alone had split in two
    table = _dev_lines("cnt3_02", 2, 10)
    assert [(d.first, d.last) for d in split_text(table, PAGE_TIME, catalogue).drafts] == [(1, 9)]


def test_a_key_event_written_as_a_bullet_sentence_is_no_list_item():
    assert _continues_list("– 3 JDAM guided aerial bombs;", "Air defence destroyed:")
    assert not _continues_list(
        "• Poland closed two border crossings with Belarus after a drone entered its airspace.",
        "Air defence destroyed:",
    )
    assert not _continues_list("– 3 JDAM guided aerial bombs;", "Russia attacked Odesa overnight.")


def test_a_title_may_end_in_a_quoted_phrase_and_a_quoted_sentence_is_no_title():
    assert looks_like_headline("Zelensky says the city is ‘only in our hearts’")
    assert looks_like_headline('Kremlin calls the strike "a terrorist act"')
    assert not looks_like_headline("He said it was “unacceptable.”")
    assert not looks_like_headline("It was the country’")


def test_the_look_ahead_stops_at_chrome_and_at_timestamps():
    kinds = ["content", "content", "content", "boilerplate", "content", "timestamp", "content"]
    lines = [Line(i, f"paragraph {i}", k) for i, k in enumerate(kinds, start=1)]
    assert lookahead(lines, 0) == ["paragraph 2", "paragraph 3"]
    assert lookahead(lines, 1) == ["paragraph 3"]
    assert lookahead(lines, 4) == []


def test_the_headlines_of_a_key_points_box_are_one_post(catalogue):
    page = "\n".join(
        [
            "Friday 04 July 2025 17:58 BST",
            "Key Points",
            "Russia launches record 539 drones and 11 missiles at Ukraine overnight",
            "Two killed in Kyiv as damage reported in almost every district",
            "Zelensky says strike was ‘deliberately massive and cynical’",
            "Germany in talks to buy Patriot systems for Ukraine",
            "Trump says he made ‘no progress’ in call with Putin",
            "Friday 04 July 2025 17:40 BST",
            "Trump says he made no progress in his call with Putin",
            "The US president told reporters on Air Force One that he was very disappointed by the call.",
        ]
    )
    drafts = split_text(page, PAGE_TIME, catalogue).drafts
    assert [(d.first, d.last) for d in drafts] == [(3, 7), (9, 10)]


def test_topic_tags_under_their_heading_are_chrome(catalogue):
    page = "\n".join(
        [
            "Russia fired 40 missiles at Ukraine overnight, the air force said.",
            "Explore more on these topics",
            "Ukraine",
            "Russia",
            "Europe",
        ]
    )
    kinds = [ln.kind for ln in split_text(page, PAGE_TIME, catalogue).lines]
    assert kinds == ["content", "boilerplate", "boilerplate", "boilerplate", "boilerplate"]


def test_tags_under_an_in_heading_are_chrome(catalogue):
    page = "\n".join(
        ["Drones hit the port of Izmail overnight, officials said.", "In:", "Ukraine", "Romania"]
    )
    kinds = [ln.kind for ln in split_text(page, PAGE_TIME, catalogue).lines]
    assert kinds == ["content", "boilerplate", "boilerplate", "boilerplate"]


def test_a_bare_time_on_an_undated_page_still_opens_a_post(catalogue):
    page = "\n".join(
        [
            "Posted at 19:12",
            "Russia said it had repelled an attack on Sevastopol by naval drones.",
            "Posted at 18:40",
            "Germany announced a new air defence package worth 500 million euros.",
        ]
    )
    result = split_text(page, None, catalogue)
    assert [ln.kind for ln in result.lines] == ["timestamp", "content", "timestamp", "content"]
    assert [(d.first, d.last) for d in result.drafts] == [(2, 2), (4, 4)]


def test_a_reporter_s_name_on_its_own_line_is_chrome(catalogue):
    page = "\n".join(
        [
            "Explosions across Ukraine as Russia strikes military targets",
            "Joe Hernandes,Peter Bakker and Michael Shearer",
            "Explosions were heard before dawn in Kyiv and Kharkiv, officials said.",
            "Olaf Scholz resigns",
        ]
    )
    kinds = [ln.kind for ln in split_text(page, PAGE_TIME, catalogue).lines]
    # the name alone is a byline; a headline that opens with a name but says something is news
    assert kinds == ["content", "boilerplate", "content", "content"]


def test_a_byline_glued_to_its_label_is_chrome(catalogue):
    page = "\n".join(
        [
            "Kherson falls as dozens are killed in Chernihiv",
            "ByNicola Bartlett, Courtney Pochin",
            "Russian troops entered Kherson on Wednesday, the city's mayor said.",
        ]
    )
    kinds = [ln.kind for ln in split_text(page, PAGE_TIME, catalogue).lines]
    assert kinds == ["content", "boilerplate", "content"]


def test_a_story_linked_under_a_related_heading_is_chrome(catalogue):
    page = "\n".join(
        [
            "16:40",
            "Kyiv released videos of Bayraktar drones striking Russian fuel trucks.",
            "Related Articles",
            "Russia's war on Ukraine: what we know so far",
            "16:05",
            "Read more",
            "Drones strike Moscow as Russia accuses Ukraine of 'terrorism'",
            "Two drones hit office blocks in Moscow overnight, officials said.",
            "Trending",
            "Air raid sirens sounded across Ukraine on Friday morning.",
        ]
    )
    kinds = [ln.kind for ln in split_text(page, PAGE_TIME, catalogue).lines]
    # a title with a stamp or chrome or the end after it is a link; a headline that text
    # follows, and a sentence, are news
    assert kinds == [
        "timestamp",
        "content",
        "boilerplate",
        "boilerplate",
        "timestamp",
        "boilerplate",
        "content",
        "content",
        "boilerplate",
        "content",
    ]


def test_a_zone_note_in_the_header_dates_the_stamp_above_it(catalogue):
    page = "\n".join(
        [
            "Russia's war against Ukraine, day 1,051: the Ramstein meeting, a depot still burning",
            "January 9, 2025",
            "All times are Moscow time (UTC+3)",
            "11:40 p.m.",
            "The Pentagon announced a final package of 500 million dollars for Ukraine.",
        ]
    )
    result = split_text(page, PAGE_TIME, catalogue)
    kinds = [ln.kind for ln in result.lines]
    assert kinds == ["boilerplate", "timestamp", "boilerplate", "timestamp", "content"]
    msk = [ln.when.utcoffset().total_seconds() / 3600 for ln in result.lines if ln.kind == "timestamp"]
    assert msk == [3.0, 3.0]


def test_a_digest_page_makes_every_item_a_post(catalogue):
    items = [
        "Russia's defence ministry said its forces had taken the village of Illinka in the Donetsk region.",
        "Ukrainian troops repelled 40 assaults near Pokrovsk over the past day, the general staff said.",
        "Germany will supply Ukraine with 4,000 attack drones, its defence minister said.",
        "Poland will send a further package of artillery ammunition, the government said.",
    ]
    page = "\n".join(
        [
            "Russia-Ukraine war: List of key events, day 1,000",
            "Fighting",
            *items[:2],
            "Military aid",
            *items[2:],
        ]
    )
    result = split_text(page, PAGE_TIME, catalogue)
    assert [d.paragraphs for d in result.drafts] == [(item,) for item in items]
    assert sorted(result.boilerplate_lines) == [1, 2, 5]
    # the same paragraphs on a page that does not say it is a digest are left to the cues
    plain = split_text("\n".join(items[:2]), PAGE_TIME, catalogue)
    assert plain.boilerplate_lines == []


def test_a_digest_title_over_entries_that_quote_and_refer_back_is_no_digest(catalogue):
    page = "\n".join(
        [
            "Russia-Ukraine war: what we know on day 703",
            "Andrei Kartapolov, the head of the Duma's defence committee, said Ukraine had fired three missiles.",
            "“They knew perfectly well who was on board,” Kartapolov said.",
            "He said the plane had been carrying prisoners of war to an exchange.",
            "Kharkiv Mayor Ihor Terekhov said at least eight people had been killed in the city.",
            "“The enemy hit residential areas deliberately,” Terekhov said.",
        ]
    )
    result = split_text(page, PAGE_TIME, catalogue)
    assert all(len(d.paragraphs) > 1 for d in result.drafts)


def test_a_war_title_is_a_report_s_headline_on_a_plain_page_and_chrome_on_a_live_one(catalogue):
    title = "Ukraine war: Drones hit the port of Izmail overnight"
    report = "\n".join([title, "Russian drones struck grain silos in Izmail overnight, the governor said."])
    assert [ln.kind for ln in split_text(report, PAGE_TIME, catalogue).lines] == ["content", "content"]
    live = "\n".join(
        [title, "14:32", "Russian drones struck grain silos in Izmail overnight, the governor said."]
    )
    assert [ln.kind for ln in split_text(live, PAGE_TIME, catalogue).lines] == [
        "boilerplate",
        "timestamp",
        "content",
    ]


_DEVSET_PAGES = Path(__file__).resolve().parents[1] / "devset" / "pages"


@pytest.mark.parametrize(
    "page",
    [
        # a heading alone is no post: an issuer's name over a statement's title, then the statement
        "Government of the Netherlands\n"
        "ICAO Council: Russia responsible for the downing of flight MH17\n"
        "The Council of the International Civil Aviation Organization ruled today that the Russian "
        "Federation is responsible for the downing of flight MH17 on 17 July 2014.\n"
        "The Netherlands and Australia brought the case before the ICAO Council in 2022.",
        # a report under its headline needs surer cues to split: its third paragraph ("In a video
        # released on Saturday, Yevgeny Prigozhin, ...") reads a little like a new lead
        (_DEVSET_PAGES / "ukn_15.txt").read_text(encoding="utf-8"),
        # a long wire headline stays with its dateline
        "Moldova's breakaway Transnistria says it foiled Ukrainian plot to kill its leader; Kyiv calls it a provocation\n"
        "CHISINAU, March 9 (Reuters) - Security officials in Transnistria said on Thursday they had thwarted "
        "a plan to kill the region's leader.\n"
        "The self-styled ministry of state security said several suspects had been detained.",
    ],
    ids=["issuer-over-title", "report-under-headline", "long-wire-headline"],
)
def test_one_report_stays_one_post(page, catalogue):
    drafts = split_text(page, PAGE_TIME, catalogue).drafts
    assert [(d.first, d.last) for d in drafts] == [(1, len(page.splitlines()))]


def test_a_headline_may_open_with_a_quote_before_its_colon():
    """Under such a headline and its byline the lead stays with it (a built page split there)."""
    from streams.core.split import _heading

    assert _heading("‘Are we your slaves?’: PM Imran hits out at Western envoys over letter on Ukraine")
    assert _heading('"Absolutely": Trump says he would meet Putin')
    assert not _heading("“We will not give up,” Zelensky said.")
    assert not _heading("“We will not give up”")
