"""Route a post to the topics whose definitions it meets (TAXONOMY.md).

Each topic has cues with weights; a post joins a topic when its evidence
reaches the threshold. Attack topics need the attack reported as news
(numbers, weapons, attack verbs), not a word in passing: a post led by a
reaction ("X warned ...") needs firmer facts before it also counts as a strike.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schemas.models import Topic
    from streams.core.enrich.extract import Enrichment

TOPICS: tuple[str, ...] = (
    "missile-strikes",
    "drone-reports",
    "diplomatic-reactions",
    "military-aid",
    "security-incidents",
    "frontline",
)
THRESHOLD = 2.0


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


MISSILE_WORDS = _rx(
    r"\b(?:missiles?|rockets?|glide\s+bombs?|guided\s+(?:aerial\s+)?bombs?|aerial\s+bombs?|"
    r"KABs?|ballistic|cruise\s+missiles?|hypersonic|warheads?)\b"
)
MISSILE_ATTACK = _rx(
    r"\b(?:missile|rocket|ballistic|cruise|hypersonic)\s+(?:strikes?|attacks?|barrages?|"
    r"salvos?|fire|hit|assault|bombardment)\b|\b(?:struck|strikes?|hit|attacked|pounded|"
    r"targeted|fired|launched|shelled|bombarded|intercepted|shot\s+down)\b[^.]{0,80}"
    r"\b(?:missiles?|rockets?|glide\s+bombs?|guided\s+(?:aerial\s+)?bombs?|aerial\s+bombs?|"
    r"ballistic|Iskanders?|Kinzhals?|Kalibrs?|ATACMS|Storm\s+Shadows?|HIMARS)\b|"
    r"\b(?:missiles?|rockets?|bombs?)\b[^.]{0,60}\b(?:struck|hit|slammed|landed|exploded|"
    r"were\s+(?:shot|intercepted|destroyed|fired|launched)|killed|damaged|destroyed)\b|"
    r"\blong-range\s+(?:strikes?|attacks?)\b|\bstrike\s+(?:deep\s+)?inside\s+Russia\b"
)
DRONE_WORDS = _rx(
    r"\b(?:drones?|UAVs?|unmanned\s+aerial|Shaheds?|Gerans?|loitering\s+munitions?|"
    r"quadcopters?|FPVs?|naval\s+drones?|sea\s+drones?|kamikaze)\b"
)
DRONE_ATTACK = _rx(
    r"\b(?:drone)\s+(?:strikes?|attacks?|raids?|assault|debris|hit|swarm)\b|"
    r"\b(?:shot\s+down|downed|destroyed|intercepted|launched|attacked|struck|hit|lost|"
    r"suppressed|neutrali[sz]ed|repelled)\b[^.]{0,80}\b(?:drones?|UAVs?|Shaheds?)\b|"
    r"\b(?:drones?|UAVs?|Shaheds?)\b[^.]{0,60}\b(?:struck|hit|attacked|crashed|exploded|"
    r"were\s+(?:shot|destroyed|downed|intercepted|lost|launched)|targeted|damaged|"
    r"killed|injured|set\s+fire)\b"
)
DIPLO = _rx(
    r"\b(?:warn(?:s|ed|ing)?|condemn(?:s|ed|ing|ation)?|accus(?:es|ed|ing)|urg(?:es|ed|ing)|"
    r"vow(?:s|ed)|threat(?:en(?:s|ed)?|s)?|prais(?:es|ed)|welcom(?:es|ed)|criticis(?:es|ed|m)|"
    r"criticiz(?:es|ed)|denounc(?:es|ed)|reject(?:s|ed)|oppos(?:es|ed|ing)|insist(?:s|ed)|"
    r"call(?:s|ed)\s+(?:on|for)|demand(?:s|ed)|escalat(?:e|es|ed|ion)|sanctions?|"
    r"summit|talks|negotiat(?:e|ions?|ors?)|peace|ceasefire|truce|diplomat(?:s|ic)?|"
    r"ambassador|envoy|foreign\s+minist(?:er|ry)|Kremlin|spokes(?:man|woman|person)|"
    r"statement|red\s+line|response|retaliat(?:e|ion)|meeting|met\s+with|phone\s+call|"
    r"visit(?:ed)?|G7|G20|United\s+Nations|Security\s+Council|NATO|European\s+Union|EU|"
    r"press\s+conference|interview|voiced|scepticism|skepticism|defended|stance|position)\b"
)
SPEECH = _rx(r"\b(?:said|says|told|added|stated|declared|wrote|announced|tweeted|posted)\b")
AID = _rx(
    r"\b(?:military\s+aid|aid\s+package|security\s+assistance|military\s+assistance|"
    r"weapons?\s+(?:deliveries|supplies|shipments?|package)|arms\s+(?:deliveries|supplies|"
    r"shipments?|package)|packages?\s+of|deliver(?:y|ies|ed|ing)?|supply|supplies|supplied|"
    r"supplying|donat(?:e|ed|ion|ions)|provid(?:e|ed|ing)\s+(?:Ukraine|Kyiv)|send(?:ing)?\s+"
    r"(?:troops|soldiers|weapons|tanks|jets)|sent\s+(?:troops|soldiers|weapons|tanks|jets)|"
    r"ammunition|shells|artillery\s+rounds|production|procure(?:ment)?|purchas(?:e|ed|es)|"
    r"contract|letter\s+of\s+intent|defen[cs]e\s+(?:industry|production|companies|firms)|"
    r"funding|billion|million|pledg(?:e|ed|es)|Ramstein|coalition|allow(?:ed|s|ing)?\s+"
    r"(?:Ukraine|Kyiv)\s+to\s+(?:use|strike)|permi(?:t|tted|ssion)|lift(?:ed|s)?\s+(?:a\s+|the\s+)?ban|"
    r"restrictions?|F-16s?|Leopards?|Abrams|Patriots?|HIMARS|ATACMS|IRIS-T|NASAMS|"
    r"air\s+defen[cs]e\s+systems?|fighter\s+jets|training|instructors|halted\s+military\s+supplies|"
    r"North\s+Korean\s+(?:troops|soldiers))\b"
)
SECURITY = _rx(
    r"\b(?:assassinat(?:ed|ion|e)|car\s+bomb(?:ing)?|explosive\s+device|IED|bomb\s+(?:blast|"
    r"exploded|went\s+off)|sabotage|saboteurs?|arson|set\s+(?:fire|alight)|spy|spies|spying|"
    r"espionage|treason|terror(?:ist|ism)?\s+(?:attack|act)|act\s+of\s+terrorism|"
    r"detained|arrested|arrest|shot\s+dead|gunman|gunmen|poison(?:ed|ing)|plot|"
    r"killed\s+in\s+(?:an?\s+)?(?:blast|explosion)|targeted\s+killing|hit\s+claimed|"
    r"infiltrat(?:ed|ors?)|collaborator|agents?\s+of|recruited\s+by|"
    r"FSB|SBU\s+(?:said|detained|arrested))\b"
)
FRONTLINE = _rx(
    r"\b(?:captur(?:ed|e|ing)|took\s+control|seiz(?:ed|e)|liberat(?:ed|e)|recaptur(?:ed|e)|"
    r"advanc(?:e|ed|es|ing)|retreat(?:ed)?|withdr(?:ew|awn|aw)|offensive|counter-?offensive|"
    r"assaults?|battles?|fighting|clashes|repelled|front\s*line|frontline|positions|"
    r"encircle(?:d|ment)|bridgehead|village|settlement|troops|forces|brigade|"
    r"infantry|armou?red|tanks?|artillery|shelling|trenches|defensive\s+lines?|"
    r"breakthrough|pushed\s+back|gains?|territory|kilomet(?:re|er)s?|square\s+kilomet)\b"
)
FRONT_STRONG = _rx(
    r"\b(?:captur(?:ed|e|ing)|took\s+control\s+of|seiz(?:ed|e)|liberat(?:ed|e)|recaptur(?:ed|e)|"
    r"advanc(?:ed|ing|es)|retreat(?:ed)?|withdr(?:ew|awn)|encircle(?:d|ment)|counter-?offensive|"
    r"repelled\s+\d*\s*(?:attacks|assaults)|fighting\s+(?:near|for|around|in)|battle\s+for|"
    r"front\s*line|frontline)\b"
)
REACTION_LEAD = _rx(
    r"^[^.]{0,160}\b(?:has|have)?\s*(?:said|says|warned|warns|accused|condemned|vowed|urged|"
    r"called|criticised|criticized|welcomed|praised|opposing|opposed|added\s+(?:his|her)\s+voice|"
    r"joined)\b"
)
PROMO = _rx(
    r"\b(?:podcast|listen\s+to|episode|subscribe|programme|watch\s+live|tune\s+in|"
    r"daily\s+host|presenter|our\s+(?:correspondent|reporter)s?\s+(?:join|discuss))\b"
)


def _hits(rx: re.Pattern[str], text: str) -> int:
    return sum(1 for _ in rx.finditer(text))


def topic_scores(text: str, found: Enrichment) -> dict[str, float]:
    """Evidence for each topic (before the threshold); also used by the evaluation."""
    families = {
        "drone": [f for f in found.facts if f.weapon_class == "drone"],
        "missile": [f for f in found.facts if f.weapon_class not in ("drone", "air targets")],
    }
    weapon_classes = {w.weapon_class for w in found.weapons}
    first_sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    reaction_led = (
        bool(REACTION_LEAD.search(first_sentence)) and not families["missile"] and not families["drone"]
    )
    s: dict[str, float] = dict.fromkeys(TOPICS, 0.0)

    # missile strikes
    s["missile-strikes"] += 3.0 * min(len(families["missile"]), 2)
    s["missile-strikes"] += 1.5 * min(_hits(MISSILE_ATTACK, text), 3)
    s["missile-strikes"] += 0.3 * min(_hits(MISSILE_WORDS, text), 4)
    if weapon_classes & {
        "ballistic missile",
        "cruise missile",
        "guided missile",
        "hypersonic missile",
        "glide bomb",
        "aerial bomb",
        "rocket",
        "anti-ship missile",
    }:
        s["missile-strikes"] += 1.0
    # drones
    s["drone-reports"] += 3.0 * min(len(families["drone"]), 2)
    s["drone-reports"] += 1.5 * min(_hits(DRONE_ATTACK, text), 3)
    s["drone-reports"] += 0.3 * min(_hits(DRONE_WORDS, text), 4)
    if "drone" in weapon_classes:
        s["drone-reports"] += 1.0
    if reaction_led:
        s["missile-strikes"] -= 2.0
        s["drone-reports"] -= 2.0
    # diplomacy
    people_with_roles = sum(1 for p in found.people if p.role)
    s["diplomatic-reactions"] += 0.6 * min(_hits(DIPLO, text), 6)
    s["diplomatic-reactions"] += 0.5 * min(_hits(SPEECH, text), 3)
    s["diplomatic-reactions"] += 0.5 * min(len(found.quotes), 2)
    s["diplomatic-reactions"] += 0.4 * min(people_with_roles, 2)
    if reaction_led:
        s["diplomatic-reactions"] += 1.5
    if families["missile"] or families["drone"]:
        s["diplomatic-reactions"] -= 1.5
    # aid
    s["military-aid"] += 0.9 * min(_hits(AID, text), 5)
    # security incidents
    s["security-incidents"] += 1.4 * min(_hits(SECURITY, text), 4)
    # frontline
    s["frontline"] += 0.5 * min(_hits(FRONTLINE, text), 6)
    s["frontline"] += 1.5 * min(_hits(FRONT_STRONG, text), 2)
    if _hits(PROMO, text):
        for k in s:
            s[k] -= 2.5
    return s


def route(text: str, found: Enrichment) -> list[Topic]:
    """The topics of a post, in taxonomy order; ``uncategorized`` when none applies."""
    scores = topic_scores(text, found)
    topics = [t for t in TOPICS if scores[t] >= THRESHOLD]
    return topics or ["uncategorized"]  # type: ignore[return-value]
