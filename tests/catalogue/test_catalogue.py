"""Every catalogue entry loads, and no alias means two different things."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from streams.catalogue import CATALOGUE_DIR, FILES, load
from streams.core.enrich.matchers import matchers_for, norm

FAMILIES = {"missile", "drone", "bomb", "other"}


def test_every_file_loads(catalogue):
    assert len(catalogue.countries) >= 190
    assert len(catalogue.weapons) >= 100
    assert catalogue.actors and catalogue.places and catalogue.roles
    assert catalogue.boilerplate_exact and catalogue.boilerplate_patterns
    assert all((CATALOGUE_DIR / name).exists() for name in FILES)


def test_country_codes_are_unique_iso_alpha2(catalogue):
    codes = [c.code for c in catalogue.countries]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in codes)


@pytest.mark.parametrize("field", ["country", "weapon", "place", "actor"])
def test_no_alias_points_two_ways(catalogue, field):
    owners = defaultdict(set)
    if field == "country":
        for c in catalogue.countries:
            for a in (*c.names, *c.demonyms, *c.capitals, *c.metonyms):
                owners[norm(a)].add(c.code)
    elif field == "weapon":
        for w in catalogue.weapons:
            for a in (w.name, *w.aliases):
                owners[norm(a)].add(w.name)
    elif field == "place":
        for p in catalogue.places:
            for a in (p.name, *p.aliases):
                owners[norm(a)].add(p.name)
    else:
        for ac in catalogue.actors:
            for a in (ac.name, *ac.aliases):
                owners[norm(a)].add(ac.name)
    clashes = {a: o for a, o in owners.items() if len(o) > 1}
    assert not clashes


def test_weapon_families_are_known(catalogue):
    assert {w.family for w in catalogue.weapons} <= FAMILIES
    assert {w.family for w in catalogue.weapon_words} <= FAMILIES | {"equipment"}


def test_boilerplate_patterns_never_match_news(catalogue):
    news = [
        "Russia launched 40 drones and three missiles overnight, the air force said.",
        "Watch the moment a drone struck an apartment block in Odesa on Tuesday morning.",
        "Read the full statement by the Ukrainian foreign ministry on its website.",
        "Share prices of Rheinmetall rose 5% after the announcement of the new contract.",
        "Here's what we know so far",  # the heading of a recap entry, part of that entry
        "From Monday, residents of Kharkiv will get water for two hours a day in most districts.",
        "By late Sunday, rescuers and police had cleared the site.",
        "From Russia's point of view nothing has changed.",
        "The BBC's Moscow correspondent Steve Rosenberg says the mood in the capital is grim.",
        "The image: a burning tank on a road near Kupiansk.",
        "Here's what we know so far",
        "Join the talks, Zelensky urged Putin, or face more sanctions.",
        "The editor of the opposition newspaper was detained in Moscow on Friday.",
        "Published figures show 12 drones were shot down overnight.",
        # a table pasted as text: its header and rows are news
        "Type | Launched | Shot down",
        "Shahed-136/131 attack UAV | 36 | 27",
        "Support for Ukraine: EU leaders agree a 50 billion euro package",
        "News of the strike reached Kyiv within minutes.",
    ]
    assert not [line for line in news if catalogue.is_boilerplate(line)]


def test_bylines_and_digest_furniture_are_chrome(catalogue):
    chrome = [
        "From Anna Smith in Kyiv",
        "by Martin Fornusek",
        "Guardian staff and agencies",
        "Russia-Ukraine war: what we know on day 703",
        "From CNN's Anna Chernova and Radina Gigova",
        "By Reuters",
        "by The Kyiv Independent news desk",
        "By Jessie Yeung, Sophie Tanno and Elise Hammond, CNN",
        "Léonie Chao-Fong (now); Martin Belam and Samantha Lock (earlier)",
        "BBC security correspondent",
        "By Nataliya Vasilenko, Russia Correspondent; and Tom Cotter, Defence Correspondent",
        "Reporting from Kyiv, Ukraine",
        "Translated by Anastasiia Yatsenko, Edited by Teresa Pearce",
        "dh/rt (Reuters, AFP)",
        "Here’s what to know:",
        "See more on: Russia-Ukraine War, Volodymyr Zelensky",
        "NATO summit live: Biden tells Ukraine we will not waver",
        "Wagner mutiny: fighters turn back from Moscow – latest",
        "Susan Ormiston · CBC News",
        "Published on 25/12/2024 - 07:52 GMT+1•Updated 19:20",
        "-ABC News' Joe Simonetti",
        "Senior Editor, Kyiv Post",
        "With files from The Associated Press and Reuters",
        "Corrections and clarifications|Submit a news tip|Report error",
        "Join our commenting forum",
        "Duration 3:12",
        "The Moscow Times",
        "Latest news — Monday, June 2, 2025",
        "Photo credit: State Emergency Service of Ukraine",
        "Ukraine's Defense Ministry / Telegram",
        "Subscribe to Novaya Gazeta Europe on Telegram",
        "Become a Meduza supporter. We're funded by our readers",
        "All news | Politics | Economic | War | General",
        "Russia's massive strike on Ukraine's energy system: live updates, August 26, 2024",
    ]
    assert [line for line in chrome if not catalogue.is_boilerplate(line)] == []


def test_captions_with_their_credit_are_chrome(catalogue):
    chrome = [
        "Smoke rises from the apartment block after the crash. Photograph: Reuters",
        "Investigators work outside a damaged building in Moscow on May 30. Kirill Kudryavtsev/AFP/Getty Images",
        "Rescuers work at the site of the strike in central Sumy. (Photo: State Emergency Service of Ukraine)",
        "The president speaks after signing the aid package on Wednesday. (Jabin Botsford/The Washington Post)",
        "Police officers at a checkpoint near Przewodow on Wednesday Image: Kacper Pempel/REUTERS",
        "Two presidents at the monastery in Kyiv on Monday.Credit...Evan Vucci/Associated Press",
        "Joe Biden speaks at Vilnius University on Wednesday | Paul Ellis/AFP via Getty Images",
        "Smoke rises after a drone attack on port infrastructure in the Odesa region [File: Reuters]",
        "Firefighters work at the site of a residential building hit during the attack on Kyiv (Reuters)",
        "The minister leaves Downing Street after the cabinet meeting. Pic: Reuters",
        "A soldier walks past a burnt-out tank near Izium on 14 September. © Jane Roe, AFP",
        "Sitrep Daily is on Telegram – follow us for the latest updates",
        "A crater in the road outside the hospital (Photo: Jane Roe/AFP via Getty Images)",
        "Satellite image ©2024 Example Imaging",
        "Get our biggest news stories by email",
        "We use your sign-up to provide content in ways you've consented to",
        "Need a fast briefing on the day's news? Listen to our latest podcast for the essentials",
        "Follow Sitrep's live coverage of the war in Ukraine",
        "We report from the front every day. Become a member to keep us going.",
        "BySitrep Online",
        "Share or comment on this article:",
        "Video Loading",
        "Workers clear rubble in Kharkiv on Sunday (Pic: Jane Roe via Reuters)",
        "Photographer: Jane Roe/Bloomberg",
        "Illustrative: refugees arrive at the border crossing, March 2022. (Jane Roe)",
        "By Agencies",
        "This article is part of Sitrep Pro",
        "Have a confidential tip for our reporters? Get in touch",
        "Explore the Sitrep’s live coverage",
        "The Sitrep’s full coverage of the war in Ukraine",
        "Join Sitrep on WhatsApp and stay up to date",
        "Listen | Inside Politics: what the summit means for Europe",
    ]
    assert [line for line in chrome if not catalogue.is_boilerplate(line)] == []
    # a wire dateline's agency is news, and so is a sentence that ends with its full stop
    assert not catalogue.is_boilerplate("KYIV, Feb 7 (Reuters) - Russia attacked Kyiv overnight.")


def test_newsletters_key_event_links_and_agency_bylines_are_chrome(catalogue):
    chrome = [
        "Telegraph Ukraine war newsletter: get our daily briefing straight to your inbox",
        "3h ago Putin to hand Belarus Iskander-M systems",
        "Al Jazeera and news agencies",
        "We're on a mission to keep the world informed. Become a member of the Kyiv Independent",
        "Share this -",
        "Share post",
        "Key Event",
        "Download the NBC News app for breaking news",
        "Oleh Pavliuk — Ukrainska Pravda",
        "Hugo Brennan, Kyiv | Eleanor Vance",
        "Rescuers search through the rubble of the cafe in Hroza. (Reuters: Vyacheslav Madiyevskyy)",
        "Rescuers at a destroyed apartment block in Kyiv’s Sviatoshynskyi district. REUTERS/Gleb Garanich",
        "Putin attends a ceremony in the Kremlin, September 30, 2022. Sputnik/Grigory Sysoyev/Kremlin via REUTERS",
    ]
    assert [line for line in chrome if not catalogue.is_boilerplate(line)] == []
    assert not catalogue.is_boilerplate("Finland applied to become a member of NATO in May.")
    # a news line that ends with its agency in brackets stays news
    assert not catalogue.is_boilerplate("The attack killed five people, officials said (Reuters)")


def test_matchers_compile(catalogue):
    m = matchers_for(catalogue)
    assert m.country_re.search("the Kremlin said")
    assert m.weapon_re.search("two Iskander-M missiles")


def test_a_user_folder_replaces_the_catalogue(tmp_path: Path):
    for name in FILES:
        (tmp_path / name).write_text((CATALOGUE_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    weapons = yaml.safe_load((tmp_path / "weapons.yaml").read_text(encoding="utf-8"))
    weapons.append(
        {"name": "Testbolt", "class": "cruise missile", "family": "missile", "aliases": ["Testbolt"]}
    )
    (tmp_path / "weapons.yaml").write_text(yaml.safe_dump(weapons), encoding="utf-8")
    cat = load(tmp_path)
    assert "Testbolt" in {w.name for w in cat.weapons}


def test_blog_descriptions_tag_lists_credits_and_subscription_prompts_are_chrome(catalogue):
    chrome = [
        "By Euronews with AFP, AP, Reuters",
        "Euronews Newsletters: Get the latest news on the war in Ukraine delivered to your inbox. Sign up",
        "What you need to know",
        "Subscribe to The Telegraph for just £1 a month. Cancel anytime.",
        "Ukraine, Russia, Vladimir Putin, Volodymyr Zelensky",
        "Facebook Flipboard Email",
        "RFE/RL's live blog on Russia's full-scale invasion of Ukraine, the push for peace talks",
        "Jump to key events",
        "ABC News: Andrew Probyn",
        "Reuters: Gleb Garanich",
    ]
    assert [line for line in chrome if not catalogue.is_boilerplate(line)] == []
    # a list that says something, or a quote of a few words, is news
    assert not catalogue.is_boilerplate("Kyiv, Kharkiv and Odesa were hit overnight")
    assert not catalogue.is_boilerplate("“No, no, no,” he said")


def test_furniture_of_live_pages_tabloids_broadcasters_and_mastheads_is_chrome(catalogue):
    chrome = [
        # live pages' own titles, bracketed credits, paging
        "Ukraine news – live: Putin ally’s daughter killed by Moscow car bomb as Kyiv denies any role",
        "Russia-Ukraine live news: Moscow fires 55 missiles day after West pledges tanks",
        "December 13, 2024 - Russia-Ukraine news",
        "Russia Ukraine War News Live Updates: Russia fires 76 missiles in fresh barrage",
        "Rescuers work at the site of a Russian missile strike in Kyiv [Valentyn Ogirenko/Reuters]",
        "Older",
        # tabloids and regional papers
        "Times Radio: listen live for the latest analysis",
        "Express.co.uk",
        "Follow Metro across our social channels, on Facebook, Twitter and Instagram",
        "Get in touch with our news team by emailing us at webnews@metro.co.uk.",
        "MORE : Putin's cruise missiles are 'running low', says British intelligence",
        "Support The Scotsman – become a subscriber today",
        "Catch all the Latest World News, Breaking News and Top Headlines on Hindustan Times",
        "(Image: PTI)",
        "Story continues",
        # broadcasters
        "Holly Christodoulou, Live News Reporter",
        "Click to share on WhatsApp",
        "Watch GB News live on Freeview 236, Freesat 216 and Sky 515",
        "(AFP via Getty Images)",
        "Video caption: Rescuers search the rubble of the institute building in Poltava",
        "Newsweek AI is in beta. Translations may contain inaccuracies.",
        "FOLLOW news feed: Ukraine",
        "Ukraine, Russia, Vladimir Putin, Volodymyr Zelensky",  # a tag list
        "Comments 214",
        "This article is also available in: Français, Deutsch, Polski",
        "Subscribe to The Irish Times for full access to our coverage of the war in Ukraine",
        "Axios",
        "TVP World",
        "LRT English",
        "hromadske",
        "Axios Staff",
        "Watch TVP World live",
        "More on TVP World: Poland and the war in Ukraine",
        "Sky News Australia is your home for news, politics and opinion. Subscribe now.",
        "Support independent journalism. Donate to hromadske",
        "Read the latest news on hromadske.ua",
        "LRT English newsletter – sign up to get the week's top stories",
        "Follow LRT English on Facebook and Twitter",
        "LIVE – Kaliningrad transit row: Moscow threatens Lithuania",
        "War in Ukraine: key news of 15 March",
        "Go deeper: Inside the Trump-Putin summit in Alaska",
        # sign-offs, credits, related bars and menus of more outlets
        "NDTV",
        "Voice of America",
        "World News",
        'Also Read | PM Modi Meets Indian Community In Moscow, Says "Russia Is India\'s All-Weather Friend"',
        "Track Latest News Live on NDTV.com and get news updates from India and around the world",
        "Follow us: Facebook | Twitter | Instagram | YouTube",
        "Edited by NDTV News Desk | Updated: July 09, 2024 23:10 IST",
        "By Global News Staff  The Associated Press",
        "Share this item via WhatsApp",
        "Send this page to someone via email",
        "For news impacting Canada and around the world, sign up for breaking news alerts delivered directly to you.",
        "Get breaking National news",
        "Listen to Andrew Marr from 6pm on LBC",
        "Download Global Player for the latest news, podcasts and radio",
        "Contributing: The Associated Press",
        "Some information in this report came from The Associated Press, Agence France-Presse and Reuters.",
        "For full coverage of Russia's war on Ukraine, click here.",
        "Kyiv Independent news desk · March 12, 2023 2:17 PM · 2 min read",
        "(END)",
        "Explore more on these topics: Russia · Ukraine · Religion · Europe · news",
        "DW sends out a daily selection of news and features. Sign up here.",
        "TRT World and agencies",
        "Le Monde with AFP",
        "World Europe Russia-Ukraine war",
        "News Politics Economy Opinion Feature Ukraine war",
        "Normal text size Larger text size Very large text size",
        "Read more Subscribers only Zelensky's European tour: a search for weapons",
        "Follow ERR News on Facebook and Twitter and never miss an update!",
        "Editor: Marcus Lind",
        "SUBSCRIBE to CTV News to get the latest updates in your inbox",
        "Daily Sabah with AA",
        "Read more on these topics: Cyril Ramaphosa | Vladimir Putin | Russia-Ukraine war",
        "Support PREMIUM TIMES' journalism of integrity and credibility",
        "News feed · War · Politics · Society · Regions",
        "Share · Bookmark · 142 Comments",
        "Author: RBC-Ukraine news desk",
        "Suspilne News editorial team",
        "THE GLOBE AND MAIL AND WIRE SERVICES",
        "Subscribe to RBC-Ukraine on Telegram and WhatsApp",
        "More information: Spain’s first shipment of weapons for Ukraine leaves Zaragoza air base",
        "Load more news",
    ]
    assert [line for line in chrome if not catalogue.is_boilerplate(line)] == []
    news = [
        "Russia fired 55 missiles [at Kyiv] overnight, officials said.",
        "Older people were evacuated from the village.",
        "More: the ministry said 40 drones were downed.",
        "Follow the money, Zelensky told parliament.",
        "Listen to the people of Kharkiv, the mayor said.",
        "The national guard said two drones were downed.",
        "Three dead, including a child, in Kryvyi Rih",  # a headline of phrases, no tag list
        "Comments by the minister were welcomed in Kyiv.",
        "Hospital staff said 12 people were killed in the strike.",
        "Live-fire exercises began on Monday near the border.",
        "Read the latest statement from the foreign ministry below.",
        "Axios reported that the White House had drafted a 28-point plan.",
        "Europe must do more for its own defence, Macron said.",
        "Also, the ministry said 12 drones were downed over the Kursk region.",
        "Contributing to the attack were 40 drones launched from Kursk, the air force said.",
        "Latest figures show 12 drones were shot down.",
        "Ukraine's air force said it was tracking a live threat over Kyiv.",
        "He said it took 20 minutes to read the statement.",
        "Volunteers can sign up here, the mayor said.",
        "World leaders condemned the strike on the children's hospital.",
        "Russia and Ukraine exchanged 90 prisoners each, with agencies in the UAE mediating.",
        "Russia launched 40 drones · 30 were downed · 10 lost.",
        "Kharkiv · Sumy · Odesa: strikes overnight, two killed in each city",
    ]
    assert [line for line in news if catalogue.is_boilerplate(line) or catalogue.is_title(line)] == []


@pytest.mark.parametrize(("exact_case", "lower_found"), [(True, False), (False, True)])
def test_a_code_that_is_an_english_word_is_matched_as_written_when_its_entry_says_so(
    tmp_path: Path, exact_case, lower_found
):
    for name in FILES:
        (tmp_path / name).write_text((CATALOGUE_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    weapons = yaml.safe_load((tmp_path / "weapons.yaml").read_text(encoding="utf-8"))
    weapons.append(
        {
            "name": "GUST",
            "class": "cruise missile",
            "family": "missile",
            "aliases": ["GUST"],
            "exact_case": exact_case,
        }
    )
    (tmp_path / "weapons.yaml").write_text(yaml.safe_dump(weapons), encoding="utf-8")
    m = matchers_for(load(tmp_path))
    assert m.weapon_re.search("two GUST missiles") is not None
    assert (m.weapon_re.search("a gust of wind") is not None) is lower_found


def test_link_headings_are_catalogue_data(catalogue):
    assert all(catalogue.is_link_heading(h) for h in ("Related Articles", "Read More »", "TRENDING"))
    assert not catalogue.is_link_heading("Related news: Kyiv says 40 drones were downed")


def test_live_titles_that_say_they_are_live_are_titles(catalogue):
    titles = [
        "Jill Biden makes surprise Mother's Day trip to Ukraine; Trudeau visits Irpin: Russia-Ukraine live updates",
        "Ukraine live updates from Saturday: Russia pounds Mariupol steel plant as Victory Day nears",
        "Latest in Ukraine: Zelenskyy Hails Dutch, Danish F-16 Pledge",
        "Russia's war against Ukraine: 1 June — news feed",
        "Russia-Ukraine war, live: Russian troops seize Europe’s largest nuclear power plant",
    ]
    assert [line for line in titles if not catalogue.is_title(line)] == []
    assert [line for line in titles if not catalogue.is_title(line)] == []
