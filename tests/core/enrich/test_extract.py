"""Countries and weapons by TAXONOMY.md's conventions (streams.core.enrich.extract)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("Sir Keir Starmer spoke at the G20 summit in Rio de Janeiro on Monday.", "BR"),
        ("A Ukrainian delegation will travel to Istanbul for a second round of direct talks.", "TR"),
        ("Zakharova said the attack on the day of the Jeddah talks was deliberate.", "SA"),
        ("Kamala Harris met Volodymyr Zelensky at the Munich Security Conference on Saturday.", "DE"),
    ],
)
def test_the_host_state_of_a_meeting_counts(enrich, text, host):
    assert host in enrich(text).countries


def test_a_treaty_named_after_a_capital_adds_no_state(enrich):
    post = enrich("Ukraine is a party to the 1997 Ottawa Convention that bans anti-personnel mines.")
    assert post.countries == ["UA"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Three MARS II multiple rocket launchers are due to arrive from Germany.", "MARS II"),
        ("The French-made Super Puma of the emergency service came down near a kindergarten.", "Super Puma"),
        ("Drones struck a Voronezh-DM radar station near Armavir, the source said.", "Voronezh-DM"),
        ("Finland will give Ukraine three Leopard 2R mine-clearing vehicles.", "Leopard 2R"),
        ("Parliament overrode the veto on sending BTR-60 armoured vehicles.", "BTR-60"),
    ],
)
def test_weapons_of_this_round(enrich, text, name):
    assert name in [w.name for w in enrich(text).weapons]


def test_a_headline_word_before_missile_is_no_weapon_name(enrich):
    assert enrich("Russia Hits Kyiv and Kharkiv in Morning Missile Attack, Killing at Least 10").weapons == []


def test_a_city_as_a_sports_venue_adds_no_state(enrich):
    post = enrich("Ukrainian fencer Olga Kharlan won the final of the championships in Paris on Sunday.")
    assert "FR" not in post.countries
    assert "UA" in post.countries


def test_the_state_in_the_dateline_of_a_match_report_is_no_party(enrich):
    post = enrich(
        "WROCLAW, Poland (AP) — Mykhailo Mudryk scored in the 84th minute as Ukraine beat Iceland 2-1 "
        "to reach the tournament."
    )
    assert "PL" not in post.countries
    assert "UA" in post.countries
    # over a strike, the dateline's state is the one attacked
    assert (
        "UA" in enrich("KHARKIV, Ukraine (AP) — Ballistic missiles struck the centre of Kharkiv.").countries
    )


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Ukraine will send 140 athletes to the Paris Paralympics, which open on Wednesday.", "FR"),
        ("Elina Svitolina has reached the quarter-finals of the French Open.", "FR"),
        ("Svitolina lost to the American Madison Keys at the Australian Open.", "AU"),
        # a group named after a city
        ("He will meet the leaders of the Bucharest Nine, NATO's eastern flank, in Warsaw.", "RO"),
        # a newspaper named after its city
        ("The Moscow Times reported that the governor of Belgorod had resigned.", "RU"),
        ("A source in the security service told the Kyiv Independent the agency was behind it.", "UA"),
    ],
)
def test_an_event_named_after_a_state_adds_no_state(enrich, text, state):
    assert state not in enrich(text).countries


def test_the_host_of_a_summit_away_from_a_capital_counts(enrich):
    assert "ID" in enrich("G20 leaders adopted a declaration at the end of their summit in Bali.").countries
    assert "FR" in enrich("Leaders met in Normandy for the anniversary talks.").countries


def test_a_weapon_name_inside_a_person_s_name_is_no_weapon(enrich):
    post = enrich('"These are advanced weapons," said Bradley Smithers, the Treasury official.')
    assert post.weapons == []
    assert [p.name for p in post.people] == ["Bradley Smithers"]


def test_a_given_name_that_is_a_demonym_names_no_state(enrich):
    post = enrich("Ukraine's energy minister, German Galushchenko, said the dam was hit.")
    assert post.countries == ["UA"]
    assert [p.name for p in post.people] == ["German Galushchenko"]


def test_a_currency_sign_names_no_state(enrich):
    assert enrich("Seoul signed arms deals worth US$5.8 billion with Poland.").countries == ["KR", "PL"]


def test_a_language_is_no_state(enrich):
    assert enrich('The Russian president turned to Trump and said in English: "Next time."').countries == [
        "RU"
    ]
    assert enrich("He was held in Russian captivity for two years.").countries == ["RU"]


def test_official_abbreviations_name_their_state(enrich):
    assert enrich("The missiles were launched from the Kursk region of the RF.").countries == ["RU"]
    assert enrich("The AFU repelled 12 assaults near Pokrovsk.").countries == ["UA"]


def test_capitals_and_the_kremlin_stand_for_governments(enrich):
    post = enrich("The Kremlin said Washington was escalating the war, while Kyiv welcomed the decision.")
    assert post.countries == ["RU", "US", "UA"]


def test_weapons_take_their_short_canonical_names(enrich):
    post = enrich(
        "Ukraine fired SCALP-EG missiles at a depot, while Vampire rockets and an Onyx missile hit Odesa."
    )
    assert {w.name for w in post.weapons} >= {"SCALP", "Vampire", "Oniks"}


def test_an_unknown_model_before_an_equipment_noun_is_a_weapon_and_no_count(enrich):
    post = enrich(
        "Warsaw will buy 180 K2 main battle tanks, 212 K9 self-propelled howitzers and the remaining "
        "Pbv 302 armoured personnel carriers."
    )
    assert [(w.name, w.weapon_class) for w in post.weapons] == [
        ("K2", "tank"),
        ("K9", "artillery"),
        ("Pbv 302", "armoured vehicle"),
    ]
    assert post.counts == []


@pytest.mark.parametrize(
    "text",
    [
        "Wagner fighters took the town, the group said.",
        "The Treasury said Xiamen Zhongli Aircraft Engine Co made the engines.",
        '"Over 210 missiles of this type have been launched," he said.',
        "A truck bomb blew up on the bridge early on Saturday.",
        "Scooter bomb kills head of Russia's chemical weapons troops in Moscow",
    ],
)
def test_fighters_a_company_s_aircraft_over_and_a_truck_are_no_weapons(enrich, text):
    assert enrich(text).weapons == []


def test_a_variant_after_a_catalogue_weapon_is_no_weapon_of_its_own(enrich):
    post = enrich(
        "Germany will supply 14 Leopard 2 A6 tanks and four High Mobility Artillery Rocket Systems."
    )
    assert [w.name for w in post.weapons] == ["Leopard 2", "HIMARS"]


def test_a_model_is_named_as_the_text_names_it_and_a_maker_is_no_weapon(enrich):
    post = enrich(
        "Tu-95MS bombers fired the missiles; a Tu-95 was also seen, along with Tu-141 Strizh drones."
    )
    assert [w.name for w in post.weapons] == ["Tu-95MS", "Tu-95", "Tu-141"]
    assert enrich("Missiles hit the Artem rocket and space enterprise in Kyiv.").weapons == []
    assert enrich("The target was the Pivdenmash rocket and missile plant.").weapons == []


def test_a_number_word_opening_a_sentence_is_no_weapon_name(enrich):
    post = enrich("Air defences shot down 40 drones. One drone flew back into Russian airspace.")
    assert "One" not in {w.name for w in post.weapons}


def test_a_country_inside_a_place_name_is_the_place(enrich):
    post = enrich("Three Russian MiG-31 jets entered Estonian airspace over the Gulf of Finland on Friday.")
    assert post.countries == ["RU", "EE"]
    assert "Gulf of Finland" in post.places


def test_another_state_s_body_adds_no_state_of_its_own(enrich):
    assert enrich("The Speaker of Canada's House of Commons resigned on Tuesday.").countries == ["CA"]
    assert enrich("Britain's House of Commons voted on Monday.").countries == ["GB"]


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        # as an actor, Brussels is the EU, which is no state (TAXONOMY)
        ("Serbia has refused to join sanctions, a stance that has irritated Brussels.", ["RS"]),
        ("Hungary and Slovakia ask Brussels to step in over the oil transit.", ["HU", "SK"]),
        # as the place of a meeting or a visit, it is Belgium
        ("NATO defence ministers met in Brussels on Thursday.", ["BE"]),
        ("Zelensky used his tour of London, Paris and Brussels to plead for jets.", ["GB", "FR", "BE"]),
    ],
)
def test_a_body_s_seat_counts_for_its_state_only_as_a_place(enrich, text, countries):
    assert enrich(text).countries == countries


def test_weapons_carry_taxonomy_s_classes_while_rules_keep_the_catalogue_s(catalogue):
    from streams.core.enrich import enrich_text

    found = enrich_text(
        "The package includes HIMARS launchers, Javelin missiles and Mi-8 helicopters.", catalogue
    )
    assert {(w.name, w.weapon_class) for w in found.weapons} == {
        ("HIMARS", "rocket"),
        ("Javelin", "guided missile"),
        ("Mi-8", "aircraft"),
    }
    assert found.counts == []  # launchers are delivered, not rockets fired
    assert "multiple rocket launcher" in found.weapon_kinds  # what the router reads


def test_an_anti_ship_missile_counts_as_a_cruise_missile(enrich):
    post = enrich("Russia fired three Kh-35 anti-ship missiles at the port of Odesa.")
    assert [(c.weapon_class, c.launched) for c in post.counts] == [("cruise missile", 3)]


@pytest.mark.parametrize(
    "text",
    [
        "Russia's team took silver at the Beijing Winter Olympics only days ago.",
        "The IOC will decide later whether Russians may compete at the Paris 2024 Games.",
        "She pulled out of her match against Aryna Sabalenka at Indian Wells on Saturday.",
        "The attack breaks the Helsinki Final Act and the Charter of Paris, the allies said.",
        "Some pilots first spent weeks improving their English at a base in Texas.",
        "Ukraine is a signatory to the Rome Statute that created the court.",
    ],
)
def test_events_documents_places_and_languages_named_after_states_add_none(enrich, text):
    assert [c for c in enrich(text).countries if c not in ("RU", "UA")] == []


def test_a_code_that_is_an_english_word_matches_only_in_capitals(enrich):
    assert enrich("It sends 72 tactical vehicles to tow the guns.").weapons == []
    assert [w.name for w in enrich("It sends more TOW missiles.").weapons] == ["TOW"]
    assert [w.name for w in enrich("Air defences shot down three HAMMER guided aerial bombs.").weapons] == [
        "Hammer"
    ]


def test_a_capital_placed_in_another_state_is_that_states_city(enrich):
    assert enrich("The ship is bound for the port of Tripoli in Lebanon.").countries == ["LB"]


def test_a_one_letter_code_needs_its_hyphen(enrich):
    post = enrich("Sunak pledged a 50 million pound air defence package and three Sea King helicopters.")
    assert [(w.name, w.weapon_class) for w in post.weapons] == [("Sea King", "aircraft")]


def test_harm_is_a_missile_only_in_capitals_and_hacker_groups_are_no_people(enrich):
    post = enrich(
        "The package includes HARM missiles. It will do no harm, he said. Laundry Bear hacked the police, "
        "and drones flew over Kleine Brogel, the Royal Marechaussee said."
    )
    assert [w.name for w in post.weapons] == ["HARM"]
    assert post.people == []


def test_a_demonym_after_a_possessive_is_still_a_state(enrich):
    assert enrich("The ministers met their Russian and Ukrainian counterparts.").countries == ["RU", "UA"]


def test_a_capital_before_a_states_possessive_is_still_that_capital(enrich):
    assert enrich("Drones hit Kyiv in Russia's biggest attack of the year, officials said.").countries == [
        "UA",
        "RU",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Giammattei became the first Latin American president to visit Kyiv's ally in the war.",
        "South American and Central American leaders met in Brasilia's neighbour.",
    ],
)
def test_a_part_of_the_americas_is_no_us(enrich, text):
    assert "US" not in enrich(text).countries


def test_regions_of_the_americas_and_of_bosnia_are_places_not_states_or_people(enrich):
    post = enrich("Leaders from Latin America and Republika Srpska met Vladimir Putin.")
    assert post.places == ["Latin America", "Republika Srpska"]
    assert "US" not in post.countries
    assert [p.name for p in post.people] == ["Vladimir Putin"]


def test_the_faroes_and_greenland_have_their_own_codes(enrich):
    assert enrich("The Faroese government renewed its deal; Greenland stayed out.").countries == ["FO", "GL"]


def test_a_double_strike_names_no_weapon(enrich):
    post = enrich(
        "Double missile strike on Odesa: Russia hit the city with two Iskander-M ballistic missiles."
    )
    assert [w.name for w in post.weapons] == ["Iskander-M"]


def test_a_deal_named_after_a_capital_adds_no_state(enrich):
    post = enrich("Putin said Ukraine had one last chance to return to the Minsk agreements.")
    assert post.countries == ["UA"]
    assert enrich("Lukashenko hosted the talks in Minsk.").countries == ["BY"]


def test_a_participle_opening_a_sentence_or_a_headline_s_last_word_is_no_weapon_name(enrich):
    assert enrich("Flying drones over nuclear plants is banned in Sweden.").weapons == []
    text = "Drones spotted over Denmark's largest military base at Karup\nDrones were seen near the base."
    assert enrich(text).weapons == []
    assert [w.name for w in enrich("The new Bars drones hit the depot.").weapons] == ["Bars"]
