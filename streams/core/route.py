"""Route a post to the topics whose definitions it meets (TAXONOMY.md).

A post is described by cue groups: families of phrases that mark an attack,
a diplomatic stance, an aid delivery, a security incident, ground fighting or
a promo, counted over the whole post and over its lead sentence, plus what
enrichment found (counts, weapon classes, quotes, roles). Each topic weighs
these cues with weights fitted on the development set (``bench/train_route.py``
writes ``route_weights.json``); a post joins every topic whose probability
reaches one half, and ``uncategorized`` when it joins none.
"""

from __future__ import annotations

import math
import re
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING, get_args

import numpy as np
import orjson

from schemas.models import Topic
from streams.core.phrases import Guarded, PhraseCounter, expand

if TYPE_CHECKING:
    from streams.core.enrich.extract import Enrichment

#: the topics a post can meet; ``uncategorized`` is what meets none
TOPICS: tuple[str, ...] = tuple(t for t in get_args(Topic) if t != "uncategorized")
NONE = "uncategorized"
# a post the "uncategorized" model is sure of goes there unless some topic is surer still
NONE_VETO = (0.5, 0.8)
# a post no topic reaches 0.5 on still takes its best topic at 0.45 or more, unless the
# "uncategorized" model gives 0.3 or more: "Shadow defence secretary James Cartlidge said the
# Tories would support such a move" (a reaction at 0.495, uncategorized at 0.19). On the gold posts
# topics 0.975 either way (uncategorized 0.913 -> 0.916), held-out-like 0.965 either way
NEAR_TOPIC = (0.45, 0.3)

# Besides the hand-written cues, every content word of a post is a feature ("w:refinery"),
# weighed by the same fit. The cues carry what a rule can say; the words carry the long tail
# of each topic's vocabulary ("minerals", "curfew", "heavyweight") that no cue list keeps up
# with. Words seen in fewer than WORD_MIN_POSTS training posts get no weight (bench/train_route.py).
WORD_SCALE = 0.6
WORD_MIN_POSTS = 3
_WORD = re.compile(r"[a-z][a-z'’-]+")
_WORD_STOP = frozenset(
    """the a an of to in on and for with at by from as is was were be been has have had that this
    it its their his her he she they said says will would not but or which who after over into
    than more about also""".split()
)


def content_words(low: str) -> set[str]:
    """The words of a lower-cased post as word features see them: no function words, a plural
    "s" dropped so "drones" and "drone" are one feature."""
    return {w.rstrip("s") for w in _WORD.findall(low) if w not in _WORD_STOP}


def _rx(pattern: str) -> re.Pattern[str]:
    """Cue patterns run on lower-cased text: without IGNORECASE the regex engine can skip ahead
    on literal prefixes, which makes matching several times faster."""
    return re.compile(pattern.lower())


CUES: dict[str, re.Pattern[str]] = {
    # attacks from the air
    "missile_word": _rx(
        r"\b(?:missiles?|rockets?|glide\s+bombs?|guided\s+(?:aerial\s+)?bombs?|aerial\s+bombs?|KABs?|"
        r"ballistic|cruise|hypersonic|warheads?|precision\s+weapons|long-range\s+weapons)\b"
    ),
    "missile_attack": _rx(
        r"\b(?:missile|rocket|ballistic|cruise|hypersonic)\s+(?:strikes?|attacks?|barrages?|salvos?|fire|"
        r"hit|assault|bombardment|launch(?:es)?)\b|\b(?:struck|strikes?|hit|attacked|pounded|targeted|fired|"
        r"launched|bombarded|intercepted|shot\s+down)\b[^.]{0,80}\b(?:missiles?|rockets?|glide\s+bombs?|"
        r"guided\s+(?:aerial\s+)?bombs?|aerial\s+bombs?|ballistic|Iskanders?|Kinzhals?|Kalibrs?|ATACMS|"
        r"Storm\s+Shadows?|HIMARS)\b|\b(?:missiles?|rockets?|bombs?)\b[^.]{0,60}\b(?:struck|hit|slammed|"
        r"landed|landing|slamming|exploded|were\s+(?:shot|intercepted|destroyed|fired|launched)|killed|damaged|destroyed)\b|"
        r"\blong-range\s+(?:strikes?|attacks?)\b|\bstrike\s+(?:deep\s+)?inside\s+Russia\b"
    ),
    "drone_word": _rx(
        r"\b(?:drones?|UAVs?|unmanned\s+aerial|Shaheds?|Gerans?|loitering\s+munitions?|quadcopters?|FPVs?|"
        r"uncrewed|kamikaze)\b"
    ),
    "drone_attack": _rx(
        r"\bdrones?\s+(?:strikes?|attacks?|raids?|assault|debris|hit|swarm|struck)\b|\b(?:shot\s+down|downed|"
        r"destroyed|intercepted|launched|attacked|struck|hit|lost|suppressed|neutrali[sz]ed|repelled)\b"
        r"[^.]{0,80}\b(?:drones?|UAVs?|Shaheds?)\b|\b(?:drones?|UAVs?|Shaheds?)\b[^.]{0,60}\b(?:struck|hit|"
        r"slammed|smashed|attacked|crashed|exploded|were\s+(?:shot|destroyed|downed|intercepted|lost|launched)|targeted|"
        r"damaged|killed|injured|set\s+fire)\b"
    ),
    "shootdown": _rx(r"\b(?:shot\s+down|downed|intercepted|air\s+defen[cs]es?\s+(?:destroyed|units))\b"),
    "attack_verb": _rx(
        r"\b(?:attacked|struck|strikes?|hit|targeted|shelled|bombarded|pounded|launched|fired|"
        r"barrage|air\s+raid|air\s+attack|aerial\s+attack|overnight\s+attack|massive\s+attack|combined\s+attack)\b"
    ),
    "damage": _rx(
        r"\b(?:killed|injured|wounded|damaged|debris|rubble|blast|explosions?|fire\s+broke\s+out|casualties|"
        r"dead|death\s+toll|power\s+outages?|blackouts?|destroyed)\b"
    ),
    "infrastructure": _rx(
        r"\b(?:energy|power|grid|substations?|infrastructure|port|refinery|oil\s+depot|apartment|residential|"
        r"buildings?|hospital|airfield|air\s+base|depot|plant|facility|facilities)\b"
    ),
    "air_defence": _rx(r"\b(?:air\s+defen[cs]es?|air\s+force|air\s+raid|sirens?|alert)\b"),
    # diplomacy
    "stance": _rx(
        r"\b(?:warn(?:s|ed|ing)?|condemn(?:s|ed|ing|ation)?|accus(?:es|ed|ing)|urg(?:es|ed|ing)|vow(?:s|ed)|"
        r"threat(?:en(?:s|ed)?|s)?|prais(?:es|ed)|welcom(?:es|ed)|criticis(?:es|ed|m)|criticiz(?:es|ed)|"
        r"denounc(?:es|ed)|reject(?:s|ed)|oppos(?:es|ed|ing)|insist(?:s|ed)|call(?:s|ed)\s+(?:on|for)|"
        r"demand(?:s|ed)|voiced|scepticism|skepticism|defended|stance|position|appeal(?:ed)?|"
        r"thanked|congratulated|expressed|regret(?:ted)?|deplored)\b"
    ),
    "diplomacy": _rx(
        r"\b(?:talks|negotiat(?:e|ions?|ors?)|summit|meeting|met\s+with|visit(?:ed|s)?|phone\s+call|"
        r"(?:a|the|his|her)\s+call\s+with|ceasefire|truce|peace|sanctions?|diplomat(?:s|ic)?|ambassadors?|"
        r"envoys?|embassy|treaty|United\s+Nations|Security\s+Council|G7|G20|NATO|European\s+Union|EU|"
        r"allies|allied|alliance|bilateral|communiqu[eé]|resolution|vote[ds]?|summoned|relations)\b"
    ),
    "political_role": _rx(
        r"\b(?:president|prime\s+minister|chancellor|foreign\s+minist(?:er|ry)|foreign\s+secretary|"
        r"secretary\s+of\s+state|secretary[\s-]general|Kremlin|spokes(?:man|woman|person)\s+for\s+the\s+"
        r"(?:Kremlin|foreign)|government|minister|leader|lawmakers?|parliament|senator|MPs?|Duma|"
        r"White\s+House|Downing\s+Street|Elys[ée]e|state\s+department)\b"
    ),
    "evaluative": _rx(
        r"\b(?:unacceptable|escalat(?:e|es|ed|ion)|red\s+line|terror(?:ism|ist)?|war\s+crimes?|aggression|"
        r"violation|sovereignty|solidarity|unity|support|barbaric|cynical|criminal|genocide|provocation|"
        r"responsibility|retaliat(?:e|ion)|response|consequences|must|justice|accountable|isolation)\b"
    ),
    "speech": _rx(r"\b(?:said|says|told|added|stated|declared|wrote|tweeted|posted|announced)\b"),
    "military_reporter": _rx(
        r"\b(?:air\s+force|general\s+staff|commander|command|military\s+administration|governor|mayor|"
        r"spokes(?:man|woman|person)\s+for\s+(?:the\s+)?(?:air\s+force|southern|eastern|army|forces)|"
        r"emergency\s+services|police|defen[cs]e\s+ministry|ministry\s+of\s+defen[cs]e)\b"
    ),
    # aid
    "aid": _rx(
        r"\b(?:military\s+aid|aid\s+package|(?:security|military)\s+assistance|weapons?\s+(?:deliveries|"
        r"supplies|shipments?|package)|arms\s+(?:deliveries|supplies|shipments?|package)|packages?|"
        r"deliver(?:y|ies|ed|ing|s)?|supply|supplies|supplied|supplying|donat(?:e|ed|ion|ions)|"
        r"provid(?:e|ed|ing)|send(?:s|ing)?|sent|transfer(?:red)?|pledg(?:e|ed|es)|tranche|"
        r"Ramstein|Contact\s+Group|coalition|handed\s+over|arriv(?:e|ed|al))\b"
    ),
    "production": _rx(
        r"\b(?:production|produc(?:e|ing)|manufactur(?:e|ing|er)s?|factory|plant|procure(?:ment)?|"
        r"purchas(?:e|ed|es)|contract|order(?:ed)?|letter\s+of\s+intent|defen[cs]e\s+(?:industry|companies|"
        r"firms|industrial)|joint\s+venture|ammunition|shells|artillery\s+rounds|stockpiles?|arms\s+makers?)\b"
    ),
    "money": _rx(r"(?:[$€£]\s?\d|\b\d[\d.,]*\s*(?:bn|billion|million|m)\b|\b(?:billion|million)\b)"),
    "permission": _rx(
        r"\b(?:allow(?:ed|s|ing)?|permi(?:t|ts|tted|ssion)|authori[sz](?:ed|e|ation)|green\s+light|"
        r"lift(?:ed|s|ing)?\s+(?:a\s+|the\s+)?(?:ban|restrictions?)|restrictions?|range\s+limits?|"
        r"use\s+(?:of\s+)?(?:western|US|American|British)(?:-supplied|-made)?\s+(?:weapons|missiles))\b"
    ),
    "troops_sent": _rx(
        r"\b(?:(?:sent|send|sending|deploy(?:ed|ing)?)\s+(?:\w+\s+){0,3}(?:troops|soldiers|"
        r"instructors)|North\s+Korean\s+(?:troops|soldiers|forces)|foreign\s+(?:troops|fighters|mercenaries)|"
        r"peacekeepers?|training\s+(?:of\s+)?(?:Ukrainian\s+)?(?:pilots|soldiers|troops)|train(?:ed|ing)\s+"
        r"(?:Ukrainian\s+)?(?:pilots|soldiers))\b"
    ),
    # security incidents
    "arrest": _rx(
        r"\b(?:detain(?:ed|s)?|arrest(?:ed|s)?|suspects?|suspected|charged|sentenced|jailed|court|trial|"
        r"convicted|indicted|custody|searches|raid(?:ed)?)\b"
    ),
    "spying": _rx(
        r"\b(?:spy|spies|spying|espionage|treason|recruited|handlers?|agents?|collaborat(?:or|ors|ing)|"
        r"informants?|passed\s+(?:\w+\s+){0,3}(?:to|on\s+to)\s+Russian|coordinates|"
        r"leak(?:ed|s|ing)?\s+(?:of\s+)?(?:top[-\s])?(?:secret|classified)|classified\s+(?:documents|files))\b"
    ),
    "sabotage": _rx(
        r"\b(?:sabotage|saboteurs?|arson|set\s+(?:fire|alight)|explosive\s+device|IED|car\s+bomb(?:ing)?|"
        r"bomb\s+(?:blast|exploded|went\s+off|under)|assassinat(?:ed|ion|e)|poison(?:ed|ing)|shot\s+dead|"
        r"gunm(?:a|e)n|killed\s+in\s+(?:an?\s+)?(?:blast|explosion)|plot|blew\s+up|blown\s+up|derail(?:ed|ment)|"
        r"hit\s+claimed|targeted\s+killing|terrorist\s+attack|act\s+of\s+terrorism|terrorism\s+case|"
        r"(?:undersea|subsea|underwater|power|data|telecoms?)\s+(?:cables?|pipelines?|links?)|"
        r"dragg(?:ed|ing)\s+(?:its\s+)?anchor|anchor\s+dragg(?:ed|ing)|shadow\s+fleet|hybrid\s+attacks?|"
        r"hackers?|hack(?:ing|ed)|cyber-?\s?attacks?|cyber-?\s?espionage|ddos|"
        # interference with navigation, and attacks on a person ("attacked with a hammer")
        r"(?:GPS|GNSS|satellite\s+navigation|navigation)\s+(?:signals?\s+)?(?:jamming|interference|spoofing)|"
        r"jamm(?:ing|ed)\s+(?:of\s+)?(?:GPS|GNSS|navigation)|spoof(?:ing|ed)|stabb(?:ed|ing)|assaulted|"
        r"with\s+a\s+hammer|beaten\s+(?:up|unconscious)|(?:was|were|been|being)\s+shot(?!\s+down)|gunned\s+down|"
        r"shooting\s+(?:attack|of)|"
        # abductions, bombs by post, a grenade as a gift, smugglers' balloons over a border
        r"abduct(?:ed|ion|s|ing)?|kidnapp?(?:ed|ing)|letter\s+bombs?|parcel\s+bombs?|"
        r"incendiary\s+(?:devices?|parcels?|packages?)|grenades?\s+(?:exploded|went\s+off|blast)|"
        r"(?:smuggl\w+['’]?|contraband|weather)\s+balloons|"
        # drones over airports, a tanker boarded at sea
        r"drone\s+sightings?|drones?\s+(?:were\s+|was\s+|had\s+been\s+)?(?:spotted|sighted)|"
        r"(?:halted|suspended)\s+(?:all\s+)?(?:flights|air\s+traffic)|boarded\s+(?:the\s+|a\s+)?(?:tanker|vessel|ship))\b"
    ),
    "security_service": _rx(
        r"\b(?:SBU|FSB|Security\s+Service|security\s+services?|Investigative\s+Committee|prosecutors?|"
        r"police|counter-?intelligence|HUR|GUR|military\s+intelligence)\b"
    ),
    # ground fighting
    "capture": _rx(
        r"\b(?:captur(?:ed|e|ing)|took\s+(?:full\s+)?control|tak(?:en|ing)\s+(?:full\s+)?control|seiz(?:ed|e)|"
        r"liberat(?:ed|e)|recaptur(?:ed|e)|retak(?:en|e)|retook|occupied|fell|fall\s+of|control\s+of)\b"
    ),
    "ground_fight": _rx(
        r"\b(?:advanc(?:e|ed|es|ing)|retreat(?:ed)?|withdr(?:ew|awn|aw|awal)|offensive|counter-?offensive|"
        r"assaults?|battles?|fighting|clashes|combat\s+engagements|repelled|pushed\s+back|push|"
        r"encircle(?:d|ment)|breakthrough|stormed|storming|holding|defend(?:ing|ed)|attacks\s+near)\b"
    ),
    "terrain": _rx(
        r"\b(?:village|villages|town|settlements?|outskirts|direction|sector|front\s*line|frontline|front|"
        r"positions|trenches|bridgehead|axis|kilomet(?:re|er)s?|km|square\s+kilomet|territory|border\s+area)\b"
    ),
    "forces": _rx(
        r"\b(?:troops|forces|units|brigades?|soldiers|infantry|fighters|servicemen|battalion|regiment|"
        r"mercenar(?:y|ies)|Wagner|marines|paratroopers|army)\b"
    ),
    "losses": _rx(
        r"\b(?:personnel|losses|casualties|killed\s+in\s+action|prisoners?\s+of\s+war|POWs?|captured\s+soldiers|"
        r"tanks|armou?red\s+vehicles|artillery\s+systems)\b"
    ),
    # neither
    "promo": _rx(
        r"\b(?:podcast|listen|episode|subscribe|programme|watch\s+live|tune\s+in|host|presenter|"
        r"documentary|newsletter|our\s+(?:correspondent|reporter|team)s?)\b"
    ),
    "culture_sport": _rx(
        r"\b(?:match|football|league|olympics?|olympic|champions?|championship|medal|tournament|concert|"
        r"festival|eurovision|film|exhibition|museum|theatre|singer|band|athletes?|players?|coach|club|"
        r"fans|bakery|wedding|prom|students|school|volunteers?|pets?|zoo|art|artists?|book)\b"
    ),
    # a position on a question rather than a deed: "asked if he would permit", "declined to say"
    "hypothetical": _rx(
        r"\b(?:asked\s+(?:if|whether)|would\s+(?:not\s+)?(?:permit|allow|consider|support)|"
        r"declined\s+to\s+(?:say|share|comment|confirm)|refused\s+to\s+(?:say|comment|confirm)|"
        r"operational\s+details|speculat(?:e|ion)|hypothetical|(?:any|possible)\s+decision)\b"
    ),
    # everyday news of a country at war: the economy, prices, harvests, elections, health
    "economy": _rx(
        r"\b(?:economy|economic|GDP|inflation|interest\s+rates?|key\s+rate|central\s+bank|prices?|"
        r"tariffs?|harvest|grain|crops?|wheat|corn|farm(?:ers?|ing)?|growth|recession|unemployment|wages?|"
        r"pensions?|hryvnias?|roubles?|rubles?|per\s+(?:megawatt|kilowatt)-hour|investors?|stocks?|"
        r"bonds?|markets?|tourism|tourists?|airlines?|consumers?|households|cargo|tonnes)\b"
    ),
    "civic": _rx(
        r"\b(?:elections?|ballots?|turnout|voters?|polling|candidates?|surgeons?|doctors?|patients?|"
        r"transplants?|UNESCO|heritage|cuisine|soup|anniversary|church|census|birth\s+rate|population|"
        r"refugees?|stamp|laureates?|prizes?|awards?|scientists?|universit(?:y|ies))\b"
    ),
}

_LEAD_CUES = (
    "missile_attack",
    "drone_attack",
    "stance",
    "speech",
    "capture",
    "ground_fight",
    "arrest",
    "sabotage",
    "aid",
    "production",
    "promo",
    "culture_sport",
    "economy",
    "civic",
    "attack_verb",
)
_REACTION_LEAD = Guarded(
    _rx(
        r"^[^.]{0,200}\b(?:has|have)?\s*(?:said|says|warned|warns|accused|condemned|vowed|urged|called|"
        r"criticised|criticized|welcomed|praised|opposing|opposed|added\s+(?:his|her)\s+voice|joined)\b"
    )
)
_MISSILE_CLASSES = frozenset(
    {
        "ballistic missile",
        "cruise missile",
        "guided missile",
        "glide bomb",
        "aerial bomb",
        "rocket",
        "anti-aircraft missile",
        "multiple rocket launcher",
    }
)
_AID_CLASSES = frozenset(
    {
        "aircraft",
        "tank",
        "armoured vehicle",
        "air defence system",
        "artillery",
        "anti-tank weapon",
        "helicopter",
        "multiple rocket launcher",
    }
)


# cues whose skip_ahead form is quicker: amounts start at a currency sign, a digit, "b" or "m"
# (for cues that start with a word, a \b that fails inside words is quicker than the rewrite)
_FAST_CUES = frozenset({"money"})


def _split_cues() -> tuple[PhraseCounter, dict[str, Guarded]]:
    """Cues that are finite phrase lists go into one automaton; the rest stay (guarded) regexes."""
    phrases: dict[str, list[str]] = {}
    regexes: dict[str, Guarded] = {}
    for name, rx in CUES.items():
        expanded = expand(rx.pattern)
        if expanded is None:
            regexes[name] = Guarded(rx, fast=name in _FAST_CUES)
        else:
            phrases[name] = expanded
    return PhraseCounter(phrases), regexes


_PHRASES, _REGEX_CUES = _split_cues()
# a regex cue cannot match unless one of these substrings is in the text: a cheap check first
_NEEDS: dict[str, tuple[str, ...]] = {
    "missile_attack": (
        "missil",
        "rocket",
        "ballistic",
        "cruise",
        "hypersonic",
        "bomb",
        "long-range",
        "iskander",
        "kinzhal",
        "kalibr",
        "atacms",
        "storm shadow",
        "himars",
        "inside russia",
    ),
    "drone_attack": ("drone", "uav", "shahed"),
    "money": ("$", "€", "£", "billion", "million", "bn", "m "),
    "spying": (
        "spy",
        "spies",
        "espionage",
        "treason",
        "recruit",
        "handler",
        "agent",
        "collaborat",
        "informant",
        "passed",
        "coordinates",
    ),
    "troops_sent": (
        "troops",
        "soldiers",
        "instructors",
        "peacekeep",
        "pilots",
        "fighters",
        "mercenar",
        "forces",
        "korean",
    ),
}


def _maybe(name: str, text: str) -> bool:
    needs = _NEEDS.get(name)
    return needs is None or any(n in text for n in needs)


def _count(rx: Guarded, text: str, cap: int = 4) -> float:
    n = 0
    for _ in rx.finditer(text):
        n += 1
        if n >= cap:
            break
    return n / cap


# where the lead sentence ends: at a sentence mark before a space, or at the first newline
_LEAD_END = re.compile(r"[.!?]\s|\n")


def _lead(text: str) -> str:
    """The first sentence, up to a sentence mark before a space or a newline (what splitting at
    a look-behind for the mark gave), found so that the regex engine can skip ahead to the marks."""
    end = _LEAD_END.search(text)
    if end is None:
        return text
    return text[: end.start() + 1] if text[end.start()] in ".!?" else text[: end.start()]


# words that look like another topic's cue in these phrases: a sanctions "package" is no aid,
# an "arrest warrant" from a court abroad is no arrest of a spy
_MISLEADING = re.compile(
    r"\bsanctions\s+packages?\b|\bpackages?\s+of\s+(?:[a-z]+\s+){0,3}?(?:sanctions|restrictive\s+measures)\b|"
    r"\barrest\s+warrants?\b"
)


def _neutral(match: re.Match[str]) -> str:
    return "sanctions" if "sanction" in match.group(0) or "restrictive" in match.group(0) else "warrant"


def topic_features(text: str, found: Enrichment) -> dict[str, float]:
    """The cues of a post, each scaled to 0..1 (named so the weights file says which counts)."""
    return _features(text.lower(), found)


def _features(text: str, found: Enrichment) -> dict[str, float]:
    """:func:`topic_features` of a post already lower-cased."""
    if "package" in text or "warrant" in text:
        text = _MISLEADING.sub(_neutral, text)
    lead = _lead(text.strip())
    f: dict[str, float] = {"bias": 1.0}
    whole, in_lead = _PHRASES.count(text, len(lead))
    for name in CUES:
        if name in _REGEX_CUES:
            f[name] = _count(_REGEX_CUES[name], text) if _maybe(name, text) else 0.0
        else:
            f[name] = min(whole.get(name, 0), 4) / 4
    for name in _LEAD_CUES:
        if name in _REGEX_CUES:
            f[f"lead_{name}"] = float(_maybe(name, lead) and bool(_REGEX_CUES[name].search(lead)))
        else:
            f[f"lead_{name}"] = float(in_lead.get(name, 0) > 0)
    drone_facts = [c for c in found.facts if c.weapon_class == "drone"]
    missile_facts = [c for c in found.facts if c.weapon_class not in ("drone", "air targets")]
    classes = found.weapon_kinds
    f["drone_facts"] = min(len(drone_facts), 2) / 2
    f["missile_facts"] = min(len(missile_facts), 2) / 2
    f["other_facts"] = float(any(c.weapon_class == "air targets" for c in found.facts))
    f["missile_weapon"] = float(bool(classes & _MISSILE_CLASSES))
    f["drone_weapon"] = float("drone" in classes)
    f["aid_weapon"] = float(bool(classes & _AID_CLASSES))
    # whole statements only: a fragment quoted inside a sentence is not a reaction by itself
    f["quotes"] = min(found.speech_quotes, 2) / 2
    f["roles"] = min(found.official_roles, 2) / 2
    f["people"] = min(len(found.people), 3) / 3
    f["countries"] = min(len(found.countries), 4) / 4
    f["reaction_lead"] = float(bool(_REACTION_LEAD.search(lead)))
    f["short"] = float(len(text) < 200)
    for w in content_words(text):
        f["w:" + w] = WORD_SCALE
    return f


def _load_weights() -> dict[str, dict[str, float]]:
    path = Path(__file__).with_name("route_weights.json")
    return orjson.loads(path.read_bytes()) if path.exists() else {}


WEIGHTS: dict[str, dict[str, float]] = _load_weights()


_COMPILED: dict[int, tuple[dict[str, int], list[str], np.ndarray]] = {}


def _compiled(weights: dict[str, dict[str, float]]) -> tuple[dict[str, int], list[str], np.ndarray]:
    """Weights as one matrix (a row per feature, a column per topic) and each feature's row,
    built once per weights table: a post has a hundred or so features out of thousands, and
    one product over their rows scores every topic at once."""
    hit = _COMPILED.get(id(weights))
    if hit is None:
        keys = sorted({k for w in weights.values() for k in w})
        topics = [t for t in (*TOPICS, NONE) if t in weights]
        matrix = np.array([[weights[t].get(k, 0.0) for t in topics] for k in keys], dtype=np.float64)
        hit = ({k: i for i, k in enumerate(keys)}, topics, matrix.reshape(len(keys), len(topics)))
        _COMPILED[id(weights)] = hit
    return hit


def topic_probabilities(
    text: str, found: Enrichment, weights: dict[str, dict[str, float]] | None = None
) -> dict[str, float]:
    """Probability of each topic for a post."""
    return _probabilities(topic_features(text, found), WEIGHTS if weights is None else weights)


def _probabilities(feats: dict[str, float], weights: dict[str, dict[str, float]]) -> dict[str, float]:
    index, topics, matrix = _compiled(weights)
    rows: list[int] = []
    values: list[float] = []
    for k, v in feats.items():
        if v and (i := index.get(k)) is not None:
            rows.append(i)
            values.append(v)
    z = np.asarray(values) @ matrix[rows] if rows else np.zeros(len(topics))
    return {
        t: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, float(zt))))) for t, zt in zip(topics, z, strict=True)
    }


# TAXONOMY conventions that hold whatever the weights say
_PROMO = Guarded(
    re.compile(
        r"\b(?:podcast|in\s+(?:this|today's)\s+episode|listen\s+(?:to|now|wherever|on)|tune\s+in|"
        r"(?:daily|weekly)\s+host|on\s+today's\s+[a-z]+|joins?\s+[a-z]+(?:\s+[a-z]+)?\s+to\s+discuss|"
        r"explores?\s+whether|subscribe\s+(?:to|now|wherever)|watch\s+(?:live|our\s+special|the\s+full))\b"
    )
)
_PERMIT_DECISION = Guarded(
    re.compile(
        r"(?<!decision to )(?<!move to )\b(?:has|have|had)?\s*(?:allowed|authori[sz]ed|permitted|cleared|"
        r"lifted\s+(?:a|the|its)\s+ban|given\s+(?:the\s+)?(?:green\s+light|permission))\s+(?:on\s+)?"
        r"(?:ukraine|kyiv|ukrainian\s+forces)\s+(?:to\s+)?(?:strike|striking|use|using|fire|firing|attack|hit)"
        r"[^.]{0,80}\b(?:missiles?|weapons|atacms|storm\s+shadows?|rockets?)\b"
    ),
    every_part=True,
)
_PLANNED_STRIKES = Guarded(
    re.compile(
        r"\b(?:plans?|planning|intends?|preparing|will)\s+(?:to\s+)?(?:conduct|carry\s+out|launch)\s+"
        r"(?:its\s+|their\s+)?(?:first\s+)?(?:long-range\s+)?(?:missile\s+)?(?:strikes|attacks)\b"
    ),
    fast=True,
    every_part=True,
)


_SENTENCE = re.compile(r"(?<=[.!?”\"])\s+|\n")
_MISSILE_MENTION = re.compile(
    r"\b(?:missiles?|rockets?|long-range\s+(?:weapons|strikes?|attacks?)|strike\s+(?:deep\s+)?inside)\b"
)
_ON_THE_TABLE = re.compile(
    r"\b(?:allow(?:ed|s|ing)?|permi(?:t|ts|tted|ssion)|authori[sz]\w*|green\s+light|ban|restrictions?|"
    r"rules|limits?|asked\s+(?:if|whether)|would|could|should|decision|rule\s+out|speculat\w+|"
    r"line|escalat\w+|must|able\s+to|right\s+to)\b"
)


def _missiles_only_debated(low: str, found: Enrichment) -> bool:
    """Missiles named only in a debate over letting Ukraine use them ("asked if he would
    permit Ukrainian use of Storm Shadow missiles"): a position, not a strike (TAXONOMY: an
    official's position is a reaction; only a decision or a strike is a strike)."""
    if found.facts:
        return False
    named = [s for s in _SENTENCE.split(low) if _MISSILE_MENTION.search(s)]
    return bool(named) and all(_ON_THE_TABLE.search(s) for s in named)


def route(text: str, found: Enrichment) -> list[Topic]:
    """The topics of a post, in taxonomy order; ``uncategorized`` when none applies.

    Four conventions of TAXONOMY.md are applied as rules: a programme or
    podcast promo is ``uncategorized`` whatever it discusses; missiles named
    only in a debate over permitting their use are a position, not a strike; a decision to
    let Ukraine strike with supplied weapons, reported as the news (not as
    what a reaction is about), is a strike and an aid matter; and concrete
    planned strikes are strikes.
    """
    low = text.lower()
    if _PROMO.search(low):
        return ["uncategorized"]
    probs = _probabilities(_features(low, found), WEIGHTS)
    topics = {t for t in TOPICS if probs[t] >= 0.5}
    if not topics and probs.get(NONE, 0.0) < NEAR_TOPIC[1]:
        # no topic is sure, but neither is the "uncategorized" model: the nearest topic, if near
        best = max(TOPICS, key=lambda t: probs[t])
        if probs[best] >= NEAR_TOPIC[0]:
            topics = {best}
    if probs.get(NONE, 0.0) >= NONE_VETO[0] and all(probs[t] < NONE_VETO[1] for t in TOPICS):
        topics = set()  # everyday news that merely has an official speaking, a price, a place
    if "missile-strikes" in topics and _missiles_only_debated(low, found):
        topics.discard("missile-strikes")
        topics.add("diplomatic-reactions")  # the position itself is the news
    if _PERMIT_DECISION.search(low):
        topics |= {"missile-strikes", "military-aid"}
    if _PLANNED_STRIKES.search(low):
        topics.add("missile-strikes")
    # a count of missiles, rockets or bombs makes a strike report, a count of drones a drone
    # report, whatever else the post is about (glide bombs in a frontline report, interception
    # figures in a reaction): so it is for every gold post with a count in the dev set
    for fact in found.facts:
        if fact.weapon_class == "drone":
            topics.add("drone-reports")
        elif fact.weapon_class not in ("air targets", "other"):
            topics.add("missile-strikes")
    return in_taxonomy_order(topics)


def in_taxonomy_order(topics: AbstractSet[str]) -> list[Topic]:
    """Topics in the taxonomy's order; ``uncategorized`` alone when none applies."""
    ordered = [t for t in TOPICS if t in topics]
    return ordered or ["uncategorized"]  # type: ignore[return-value]
