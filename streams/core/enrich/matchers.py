"""Catalogue entries compiled into regular expressions, once per catalogue.

Each matcher is one alternation of every alias, longest first, so that
"North Korea" wins over "Korea" and "Iskander-M" over "Iskander".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from streams.catalogue import Catalogue, WeaponEntry, WeaponWord


def _loose(word: str) -> bool:
    """Codes such as "Kh-101" or "ATACMS" match in any case; plain words keep theirs."""
    return any(ch.isdigit() for ch in word) or (word.isupper() and len(word) > 2)


def _alternation(words: list[str], loose: bool = False) -> str:
    unique = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    parts = []
    for w in unique:
        # "Kh-101" also as "Kh 101" or "Kh101"; a one-letter prefix ("S-300") keeps its hyphen
        # so that "Ukraine's 300 drones" is not an S-300
        pieces = w.split("-")
        body = re.escape(pieces[0]).replace(r"\ ", r"[\s-]")
        for prev, piece in zip(pieces, pieces[1:], strict=False):
            joint = "-?" if len(prev.split()[-1] if prev.split() else prev) <= 1 else r"[\s-]?"
            body += joint + re.escape(piece).replace(r"\ ", r"[\s-]")
        parts.append(f"(?i:{body})" if loose and _loose(w) else body)
    return "|".join(parts)


def _bounded(
    words: list[str], flags: int = 0, loose: bool = False, hyphen_joins: bool = False
) -> re.Pattern[str] | None:
    """Whole-word alternation. With ``hyphen_joins``, a hyphen ends a word ("US-made")."""
    alt = _alternation(words, loose)
    if not alt:
        return None
    edge = r"\w" if hyphen_joins else r"\w\-"
    return re.compile(rf"(?<![{edge}'’])(?:{alt})(?![{edge}])", flags)


@dataclass(frozen=True)
class Matchers:
    country_re: re.Pattern[str] | None
    country_of: dict[str, str]  # alias (lower-cased) -> ISO code
    capital_of: dict[str, str]
    weapon_re: re.Pattern[str] | None
    weapon_of: dict[str, WeaponEntry]  # alias (lower-cased) -> entry
    word_re: re.Pattern[str] | None
    word_of: dict[str, WeaponWord]  # class word (lower-cased) -> entry
    actor_re: re.Pattern[str] | None
    actor_of: dict[str, object]
    place_re: re.Pattern[str] | None
    place_of: dict[str, str]  # alias -> canonical place name
    place_host: dict[str, str]  # alias -> ISO code of the state the place is in
    role_re: re.Pattern[str] | None
    honorific_re: re.Pattern[str] | None
    stop_names: frozenset[str]  # words that are never part of a person's name


def _norm(s: str) -> str:
    return re.sub(r"[\s-]+", " ", s.lower().replace("\u2019", "'")).strip().replace(" ", "")


_CACHE: dict[int, tuple[Catalogue, Matchers]] = {}


def matchers_for(cat: Catalogue) -> Matchers:
    """Compile (once) and return the matchers of a catalogue."""
    hit = _CACHE.get(id(cat))
    if hit is not None and hit[0] is cat:
        return hit[1]
    country_of: dict[str, str] = {}
    capital_of: dict[str, str] = {}
    for c in cat.countries:
        for alias in (*c.names, *c.demonyms, *c.metonyms):
            country_of.setdefault(_norm(alias), c.code)
        for alias in c.capitals:
            country_of.setdefault(_norm(alias), c.code)
            capital_of.setdefault(_norm(alias), c.code)
    country_words = [a for c in cat.countries for a in (*c.names, *c.demonyms, *c.metonyms, *c.capitals)]
    weapon_of: dict[str, WeaponEntry] = {}
    for w in cat.weapons:
        for alias in (w.name, *w.aliases):
            weapon_of.setdefault(_norm(alias), w)
    word_of: dict[str, WeaponWord] = {}
    for ww in cat.weapon_words:
        for word in ww.words:
            word_of.setdefault(_norm(word), ww)
    actor_of: dict[str, object] = {}
    for a in cat.actors:
        for alias in (a.name, *a.aliases):
            actor_of.setdefault(_norm(alias), a)
    place_of: dict[str, str] = {}
    place_host: dict[str, str] = {}
    for p in cat.places:
        for alias in (p.name, *p.aliases):
            place_of.setdefault(_norm(alias), p.name)
            if p.country:
                place_host.setdefault(_norm(alias), str(p.country).upper())
    stop = {
        w.lower()
        for alias in (
            *country_words,
            *(a for w in cat.weapons for a in (w.name, *w.aliases)),
            *(a for p in cat.places for a in (p.name, *p.aliases)),
        )
        for w in re.split(r"[\s]+", alias)
        if not w.islower()  # particles such as "de" or "la" belong to people's names too
    }
    stop.update(w.lower() for r in cat.roles for w in r.split())
    stop -= {n.lower() for n in cat.first_names}
    m = Matchers(
        country_re=_bounded(country_words, hyphen_joins=True),
        country_of=country_of,
        capital_of=capital_of,
        weapon_re=_bounded([a for w in cat.weapons for a in (w.name, *w.aliases)], loose=True),
        weapon_of=weapon_of,
        word_re=_bounded([w for ww in cat.weapon_words for w in ww.words], re.IGNORECASE),
        word_of=word_of,
        actor_re=_bounded([a for ac in cat.actors for a in (ac.name, *ac.aliases)]),
        actor_of=actor_of,
        place_re=_bounded([a for p in cat.places for a in (p.name, *p.aliases)]),
        place_of=place_of,
        place_host=place_host,
        role_re=_bounded(list(cat.roles), re.IGNORECASE),
        honorific_re=_bounded(list(cat.honorifics)),
        stop_names=frozenset(stop),
    )
    _CACHE[id(cat)] = (cat, m)
    return m


def norm(s: str) -> str:
    """The key under which an alias is looked up."""
    return _norm(s)
