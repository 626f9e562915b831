"""Tie numbers to weapon classes and say what happened to them.

"shot down eight out of 11 Russian drones" gives one fact: drone, destroyed 8,
launched 11. A number binds to the class word or weapon name that follows it
through a few modifiers; the verb of its clause (or a passive after it) says
whether they were launched, destroyed, lost or hit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from streams.core.enrich.matchers import Matchers, norm
from streams.core.enrich.numbers import NUMBER, to_int

COUNT_FAMILIES = frozenset({"drone", "missile", "bomb"})
COUNT_CLASSES = frozenset(
    {
        "drone",
        "ballistic missile",
        "cruise missile",
        "guided missile",
        "hypersonic missile",
        "anti-aircraft missile",
        "anti-ship missile",
        "missile",
        "rocket",
        "glide bomb",
        "aerial bomb",
        "air targets",
    }
)

_QUAL = (
    r"(?:(?P<qual>about|around|some|nearly|almost|approximately|roughly|over|more\s+than|"
    r"at\s+least|up\s+to|a\s+total\s+of|total\s+of|a\s+record|another|a\s+further|further|"
    r"only|all|all\s+of\s+the|all\s+the|just|as\s+many\s+as|fewer\s+than|less\s+than|"
    r"no\s+fewer\s+than|at\s+most)\s+)?"
)
_MOD_WORDS = (
    r"(?:russian|ukrainian|iranian|enemy|hostile|attack|strike|kamikaze|combat|decoy|"
    r"imitation|imitator|unmanned|aerial|air|sea|naval|long-range|short-range|"
    r"medium-range|air-launched|sea-launched|ground-launched|guided|unguided|more|"
    r"additional|new|of|the|type|types|and|or|various|different|heavy|"
    r"reconnaissance|jet|jet-powered|anti-aircraft|anti-ship|hypersonic|ballistic|cruise|"
    r"tactical|operational|modified|its|their|his|enemy's|russia's|ukraine's|"
    r"[\w'’]+-(?:type|made|built|designed|supplied|launched|class|style|based|guided))"
)
_MOD = rf"(?:{_MOD_WORDS}|[A-Z][\w'’]*(?:-\w+)*|\w*\d\w*(?:-\w+)*)"
_LEAD = re.compile(
    rf"{_QUAL}(?P<num>{NUMBER})(?:\s+(?:out\s+)?of\s+(?:the\s+|a\s+total\s+of\s+|all\s+)?"
    rf"(?:{_QUAL.replace('qual', 'qual2')})?(?P<total>{NUMBER}))?(?P<mods>(?:\s+{_MOD}){{0,6}}?)\s*$",
    re.IGNORECASE,
)

_DESTROYED = (
    r"shot\s+down|shoot\s+down|shooting\s+down|downed|down|destroyed|destroy|destroying|"
    r"intercepted|intercept|intercepting|neutrali[sz]ed|eliminated|repelled|took\s+down|"
    r"brought\s+down|were\s+shot|defeated|knocked\s+out|hit\s+by\s+air\s+defen[cs]e"
)
_LOST = (
    r"locationally\s+lost|location(?:ally)?[\s-]lost|lost|suppressed|jammed|left\s+(?:the\s+)?"
    r"(?:ukrainian\s+)?airspace|did\s+not\s+reach|failed\s+to\s+reach|disappeared|went\s+missing|"
    r"redirected|diverted|crashed"
)
_HIT = r"hit|struck|reached|landed|fell|exploded|slammed|smashed"
_LAUNCHED = (
    r"launched|launch|launching|fired|firing|fire|used|using|sent|deployed|dropped|dropping|"
    r"attacked|attacking|attack|struck|targeted|unleashed|released|involved|including|"
    r"with|comprising|consisting|total"
)
_AFTER = re.compile(
    rf"^[^.;:]{{0,60}}?\b(?:were|was|had\s+been|have\s+been|has\s+been|being|got|are)?\s*"
    rf"(?:(?P<d>{_DESTROYED})|(?P<l>{_LOST})|(?P<h>{_HIT}))\b",
    re.IGNORECASE,
)
_BEFORE_VERB = re.compile(
    rf"\b(?:(?P<d>{_DESTROYED})|(?P<l>{_LOST})|(?P<h>{_HIT})|(?P<x>{_LAUNCHED}))\b",
    re.IGNORECASE,
)
_NOT_COUNT_AFTER = re.compile(r"^\s*(?:%|per\s*cent|percent|years?|km|kilomet|miles?)", re.I)


@dataclass(frozen=True)
class Fact:
    weapon_class: str
    weapon: str | None
    launched: int | None = None
    destroyed: int | None = None
    lost: int | None = None
    hit: int | None = None

    def as_dict(self) -> dict:
        d: dict = {"weapon_class": self.weapon_class, "weapon": self.weapon}
        for k in ("launched", "destroyed", "lost", "hit"):
            v = getattr(self, k)
            if v is not None:
                d[k] = v
        return d


@dataclass
class _Anchor:
    start: int
    end: int
    weapon_class: str
    weapon: str | None


def _anchors(text: str, m: Matchers) -> list[_Anchor]:
    anchors: list[_Anchor] = []
    if m.word_re is not None:
        for hit in m.word_re.finditer(text):
            ww = m.word_of.get(norm(hit.group(0)))
            if ww is None:
                continue
            anchors.append(_Anchor(hit.start(), hit.end(), ww.weapon_class, None))
    if m.weapon_re is not None:
        for hit in m.weapon_re.finditer(text):
            w = m.weapon_of.get(norm(hit.group(0)))
            if w is None or w.family not in COUNT_FAMILIES:
                continue
            # a class word right after the name ("Kh-59 guided missile") is the same anchor
            merged = False
            for a in anchors:
                if (
                    0 <= a.start - hit.end() <= 40
                    and not re.search(r"[,;.]|\band\b|\bor\b", text[hit.end() : a.start])
                    and not re.search(r"\d", text[hit.end() : a.start])
                ):
                    a.weapon = a.weapon or w.name
                    a.start = min(a.start, hit.start())
                    merged = True
                    break
                if a.start <= hit.start() and hit.end() <= a.end:
                    a.weapon = a.weapon or w.name
                    merged = True
                    break
            if not merged:
                anchors.append(_Anchor(hit.start(), hit.end(), w.weapon_class, w.name))
    anchors.sort(key=lambda a: a.start)
    return [a for a in anchors if a.weapon_class in COUNT_CLASSES or a.weapon_class in ("drone",)]


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos), text.rfind("; ", 0, pos))
    end_candidates = [
        i for i in (text.find(". ", pos), text.find("\n", pos), text.find("; ", pos)) if i != -1
    ]
    return start + 1, (min(end_candidates) if end_candidates else len(text))


def _verb_before(segment: str) -> str | None:
    last = None
    for v in _BEFORE_VERB.finditer(segment):
        last = v
    if last is None:
        return None
    for key in ("d", "l", "h", "x"):
        if last.group(key):
            return {"d": "destroyed", "l": "lost", "h": "hit", "x": "launched"}[key]
    return None


def extract_counts(text: str, m: Matchers) -> list[Fact]:
    facts: list[Fact] = []
    anchors = _anchors(text, m)
    prev_end = 0
    last_fact_class: tuple[str, str | None, str] | None = None
    for a in anchors:
        window_start = max(prev_end, a.start - 120)
        window = text[window_start : a.start]
        # stay within the clause
        cut = max(window.rfind(". "), window.rfind(";"), window.rfind("\n"))
        if cut != -1:
            window_start += cut + 1
            window = window[cut + 1 :]
        lead = _LEAD.search(window)
        prev_end = a.end
        if lead is None:
            continue
        num = to_int(lead.group("num"))
        if num is None:
            continue
        total = to_int(lead.group("total")) if lead.group("total") else None
        qual = (lead.group("qual") or "").lower()
        abs_num_start = window_start + lead.start("num")
        s0, s1 = _sentence_bounds(text, a.start)
        after = text[a.end : s1]
        before = text[s0:abs_num_start]
        verb = None
        am = _AFTER.match(after)
        if am and not re.match(r"^\s*(?:,|and|or)\s", after[: am.start() + 3] if am else ""):
            verb = "destroyed" if am.group("d") else "lost" if am.group("l") else "hit"
        if verb is None:
            verb = _verb_before(before[-120:])
        if verb is None:
            verb = "launched"
        weapon_class = a.weapon_class
        if total is not None:
            if verb == "hit":
                fact = Fact(weapon_class, a.weapon, launched=total, hit=num)
            elif verb == "lost":
                fact = Fact(weapon_class, a.weapon, launched=total, lost=num)
            else:
                fact = Fact(weapon_class, a.weapon, launched=total, destroyed=num)
        elif qual.startswith("all") and verb == "destroyed":
            fact = Fact(weapon_class, a.weapon, launched=num, destroyed=num)
        else:
            fact = Fact(weapon_class, a.weapon, **{verb: num})
        facts.append(fact)
        last_fact_class = (weapon_class, a.weapon, verb)
    _ = last_fact_class
    out: list[Fact] = []
    for f in facts:
        if f not in out:
            out.append(f)
    return out
