"""Routing conventions of TAXONOMY.md that hold whatever the fitted weights say."""

from __future__ import annotations

import pytest

from streams.core.route import CUES


@pytest.mark.parametrize(
    "text",
    [
        "Chancellor Olaf Scholz was asked whether Berlin would send Taurus missiles to Kyiv and would "
        "not commit, saying Germany must not be drawn into the war.",
        "Sir Keir Starmer declined to say if he would permit Ukrainian use of the UK's Storm Shadow "
        "missiles to hit Russia.",
    ],
)
def test_missiles_named_only_in_a_permission_debate_are_a_position(enrich, text):
    post = enrich(text)
    assert "missile-strikes" not in post.topics
    assert "diplomatic-reactions" in post.topics


def test_a_decision_to_permit_strikes_is_a_strike_and_aid(enrich):
    post = enrich("Joe Biden has allowed Ukraine to strike inside Russia with long-range US missiles.")
    assert {"missile-strikes", "military-aid"} <= set(post.topics)


def test_a_strike_with_a_count_stays_a_strike_even_beside_a_debate(enrich):
    post = enrich(
        "Russia fired 12 ballistic missiles at Kharkiv overnight. Zelensky asked whether allies would "
        "allow Ukraine to answer with long-range missiles."
    )
    assert "missile-strikes" in post.topics


def test_a_programme_promo_is_uncategorized(enrich):
    post = enrich(
        "On today's podcast our host explores whether the missiles could change the war, "
        "with our defence analyst."
    )
    assert post.topics == ["uncategorized"]


def test_economy_news_is_not_a_reaction(enrich):
    post = enrich(
        "Ukraine's central bank kept its key interest rate at 13% on Thursday as inflation slowed "
        "and the harvest lifted grain exports, the bank's governor said."
    )
    assert post.topics == ["uncategorized"]


def test_a_full_length_report_takes_the_topics_of_its_paragraphs(enrich):
    aid = [
        "Germany will send Ukraine four more IRIS-T air defence systems, the defence ministry said on Tuesday.",
        "The package, worth 1.2 billion euros, also includes ammunition for Gepard anti-aircraft guns.",
        "Defence Minister Boris Pistorius said the systems would be delivered by the end of the year.",
        '"Air defence saves lives every night," Pistorius told reporters in Berlin.',
        "Germany is Ukraine's second-largest military donor after the United States.",
        "Berlin has faced criticism from allies for the pace of its deliveries.",
        "The IRIS-T systems already in Ukraine have shot down hundreds of targets, officials say.",
        "Ukraine's defence minister thanked Berlin for the decision.",
        "The ministry did not say where the new systems would be deployed.",
    ]
    separately = (
        "Separately, Russian forces captured the village of Novoselivka in the Donetsk region after weeks "
        "of fighting, Ukraine's army said."
    )
    post = enrich("\n".join([*aid, separately]))  # ten paragraphs: a full-length report
    assert "military-aid" in post.topics
    assert "frontline" in post.topics


@pytest.mark.parametrize(
    "text",
    [
        "An airline suspended flights to Tartu for a month after GPS interference forced two of its "
        "planes to turn back, Estonian officials said.",
        "An exiled opposition figure was attacked with a hammer outside his home near Vilnius late on "
        "Tuesday, Lithuanian police said.",
        "A Moscow-appointed official in the occupied town has died after being shot, police said.",
        "Armed soldiers abducted the mayor of the occupied city on Friday, Ukrainian officials said.",
        "Police are trying to trace the sender of a series of letter bombs sent to the embassy.",
        "The aide was killed when a grenade exploded at his home on his birthday, officials said.",
        "Smugglers' balloons drifting over from Belarus forced the airport to halt flights again.",
        "The main airport halted all flights on Tuesday evening after drones were spotted nearby.",
        "French commandos boarded the tanker off the coast on Wednesday, the navy said.",
        "The government pinned a cyberespionage campaign and a hacking attack on the party on the GRU.",
    ],
)
def test_jamming_and_attacks_on_a_person_are_cues_of_an_incident(text):
    assert CUES["sabotage"].search(text.lower())


def test_a_leak_of_secret_files_is_a_cue_of_spying():
    text = "FBI agents arrested a 21-year-old guardsman over the leak of secret Pentagon files."
    assert CUES["spying"].search(text.lower())


def test_a_weapon_count_brings_its_weapon_topic(enrich):
    # glide bombs counted in a frontline report make it a strike report too (TAXONOMY: glide
    # bombs are missile-strikes); drones counted make it a drone report
    text = "\n".join(
        [
            "Ukrainian forces have cut the supply lines of Russian troops holding out in a sprawling machine-building plant in the border town of Vovchansk, Ukraine's military said on Thursday, as Moscow's offensive in the north-eastern Kharkiv region runs out of steam.",
            "Nazar Voloshyn, spokesman for the Khortytsia group of forces, said the Russian group in the Vovchansk Aggregate Plant was effectively blockaded and was receiving food and ammunition only by drone drops.",
            "The Soviet-era factory on the southern bank of the Vovcha River has been the focus of fighting since Russian troops crossed the border on May 10 and seized the northern half of the town.",
            "Ukraine's General Staff reported nine clashes in the Vovchansk area over the past day and said Russian aircraft had dropped 12 guided aerial bombs on the town and on the nearby villages of Starytsia and Tykhe.",
            'Russian war correspondent Yevgeny Poddubny acknowledged that the fight for the plant was "extremely hard" and that Ukrainian drones were hunting every vehicle trying to reach the river crossings.',
        ]
    )
    assert "missile-strikes" in enrich(text).topics
    text = "Regional governor Ivan Fedorov said Russian forces attacked 12 settlements with 263 drones."
    assert "drone-reports" in enrich(text).topics


def _fixed(probs):
    return lambda feats, weights: dict(probs)


def test_a_post_no_topic_is_sure_of_takes_the_nearest_unless_uncategorized_is_likely(catalogue, monkeypatch):
    from streams.core import route as route_module
    from streams.core.enrich import enrich_text

    text = "Shadow defence secretary James Cartlidge said the Tories would support such a move."
    found = enrich_text(text, catalogue)
    low = {t: 0.1 for t in route_module.TOPICS}
    near = {**low, "diplomatic-reactions": 0.47, "uncategorized": 0.2}
    monkeypatch.setattr(route_module, "_probabilities", _fixed(near))
    assert route_module.route(text, found) == ["diplomatic-reactions"]
    monkeypatch.setattr(route_module, "_probabilities", _fixed({**near, "uncategorized": 0.35}))
    assert route_module.route(text, found) == ["uncategorized"]
    monkeypatch.setattr(route_module, "_probabilities", _fixed({**near, "diplomatic-reactions": 0.4}))
    assert route_module.route(text, found) == ["uncategorized"]


def test_the_seed_s_one_line_opposition_reaction_is_a_reaction(enrich):
    post = enrich("Shadow defence secretary James Cartlidge said the Tories would support such a move.")
    assert post.topics == ["diplomatic-reactions"]
