"""Catalogue entries compiled into regular expressions, once per catalogue.

Each matcher is one alternation of every alias, longest first, so that
"North Korea" wins over "Korea" and "Iskander-M" over "Iskander".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from streams.catalogue import Catalogue, WeaponEntry, WeaponWord
from streams.core.phrases import Guarded


def _loose(word: str) -> bool:
    """Codes such as "Kh-101" or "ATACMS" match in any case; plain words keep theirs."""
    return any(ch.isdigit() for ch in word) or (word.isupper() and len(word) > 2)


def _variants(alias: str) -> set[str]:
    """Spellings of one alias: "Kh-101" also as "Kh 101" and "Kh101"; "Black Sea" also "Black-Sea".

    A one-letter prefix keeps its hyphen ("S-300"), so "Ukraine's 300 drones" is no S-300 and
    "a 50 million pound package" no A-50.
    """
    out = {alias, alias.replace(" ", "-")}
    if "-" in alias:
        head = alias.split("-")[0].split()[-1] if alias.split("-")[0].split() else ""
        if len(head) > 1:
            out.add(alias.replace("-", " "))
            out.add(alias.replace("-", ""))
    return {v for v in out if v}


class _Match:
    """The part of ``re.Match`` that enrichment uses."""

    __slots__ = ("_start", "_end", "_text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, _index: int = 0) -> str:
        return self._text


class Gazetteer:
    """Whole-word matching of many aliases at once (Aho-Corasick), longest match first.

    Behaves like the compiled regular expression it replaces (``finditer``,
    ``search``, ``fullmatch``) at a fraction of the cost: one pass over the
    text whatever the number of aliases.
    """

    def __init__(
        self,
        aliases: list[str],
        *,
        case: str = "exact",
        exact_aliases: frozenset[str] = frozenset(),
        hyphen_joins: bool = False,
        apostrophe_edge: bool = False,
    ) -> None:
        import ahocorasick

        self.hyphen_joins = hyphen_joins
        self.apostrophe_edge = apostrophe_edge
        self._recent: dict[str, list[_Match]] = {}
        self._group: GazetteerGroup | None = None
        self._auto = ahocorasick.Automaton()
        table: dict[str, list[tuple[str, bool]]] = {}
        for alias in aliases:
            if not alias:
                continue
            exact = case == "exact" or alias in exact_aliases or (case == "loose" and not _loose(alias))
            for variant in _variants(alias):
                table.setdefault(variant.lower(), []).append((variant, exact))
        # what _find asks of a hit, settled here once: does any spelling match in any case,
        # else which exact spellings count
        self._keys: dict[str, tuple[bool, frozenset[str]]] = {
            key: (
                any(not exact for _variant, exact in payload),
                frozenset(variant for variant, exact in payload if exact),
            )
            for key, payload in table.items()
        }
        for key, (accept_any, spellings) in self._keys.items():
            self._auto.add_word(key, (len(key), accept_any, spellings))
        # characters besides letters and digits that may not touch a match on its left / right
        self._left_stop = "_" + ("" if hyphen_joins else "-") + ("'’" if apostrophe_edge else "")
        self._right_stop = "_" + ("" if hyphen_joins else "-")
        self._empty = not table
        if table:
            self._auto.make_automaton()

    def finditer(self, text: str) -> list[_Match]:
        # the same post is scanned by several extractors in a row: remember the last answers
        cached = self._recent.get(text)
        if cached is not None:
            return cached
        if self._group is not None:
            self._group.find(text)  # answers for every gazetteer of the group at once
            return self._recent[text]
        self._remember(text, self._find(text))
        return self._recent[text]

    def _remember(self, text: str, found: list[_Match]) -> None:
        if len(self._recent) >= 8:
            self._recent.clear()
        self._recent[text] = found

    def _find(self, text: str) -> list[_Match]:
        if self._empty or not text:
            return []
        low = _lower_same_length(text)
        # the automaton also reports every alias inside a longer word ("us" in "because"), so the
        # word-edge tests run inline, once per hit: no letter, digit or "_" on either side, no
        # hyphen unless hyphens join ("Kyiv-based"), no apostrophe on the left where it counts
        n = len(text)
        left_stop, right_stop = self._left_stop, self._right_stop
        found: list[tuple[int, int]] = []  # (start, -end): sorted, leftmost then longest first
        for last, (length, accept_any, spellings) in self._auto.iter(low):
            end = last + 1
            start = end - length
            if start:
                ch = text[start - 1]
                if ch.isalnum() or ch in left_stop:
                    continue
            if end < n:
                ch = text[end]
                if ch.isalnum() or ch in right_stop:
                    continue
            if accept_any or text[start:end] in spellings:
                found.append((start, -end))
        return _leftmost_longest(text, found)

    def scan(self, text: str) -> list[_Match]:
        """``finditer`` for a short fragment (a title, the words before a name), not remembered.

        Only whole posts are scanned again by the next extractor; remembering
        fragments pushed the post out of the small cache and cost rescans of it.
        """
        return self._find(text)

    def search(self, text: str) -> _Match | None:
        hits = self.scan(text)
        return hits[0] if hits else None

    def fullmatch(self, text: str) -> _Match | None:
        hits = self.scan(text)
        return hits[0] if hits and hits[0].start() == 0 and hits[0].end() == len(text) else None


def _lower_same_length(text: str) -> str:
    """``text`` lower-cased, keeping any character whose lower case is longer ("İ") as it is."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low


def _leftmost_longest(text: str, found: list[tuple[int, int]]) -> list[_Match]:
    """Non-overlapping hits from ``(start, -end)`` pairs: leftmost first, then the longest."""
    found.sort()
    out: list[_Match] = []
    last_end = -1
    for start, neg_end in found:
        if start >= last_end:
            last_end = -neg_end
            out.append(_Match(start, last_end, text[start:last_end]))
    return out


class GazetteerGroup:
    """Gazetteers that scan the same whole posts, matched in one pass of one automaton.

    Every post is scanned for countries, places, weapons and weapon words; walking
    the text once instead of four times is most of the cost of finding them. Each
    hit is tested against the word-edge rules of every gazetteer whose alias it is,
    so each gets exactly what its own ``_find`` gives.
    """

    def __init__(self, members: list[Gazetteer]) -> None:
        import ahocorasick

        self._members = members
        table: dict[str, list[tuple[int, bool, frozenset[str]]]] = {}
        for index, g in enumerate(members):
            for key, (accept_any, spellings) in g._keys.items():
                table.setdefault(key, []).append((index, accept_any, spellings))
        self._auto = ahocorasick.Automaton()
        for key, entries in table.items():
            self._auto.add_word(key, (len(key), tuple(entries)))
        self._empty = not table
        if table:
            self._auto.make_automaton()
        self._stops = [(g._left_stop, g._right_stop) for g in members]
        for g in members:
            g._group = self

    def find(self, text: str) -> None:
        """Scan ``text`` once and leave each member's answer in its cache of recent posts."""
        found: list[list[tuple[int, int]]] = [[] for _ in self._members]
        if text and not self._empty:
            low = _lower_same_length(text)
            n = len(text)
            stops = self._stops
            for last, (length, entries) in self._auto.iter(low):
                end = last + 1
                start = end - length
                left = text[start - 1] if start else ""
                right = text[end] if end < n else ""
                if left.isalnum() or right.isalnum():
                    continue
                for index, accept_any, spellings in entries:
                    left_stop, right_stop = stops[index]
                    if (left and left in left_stop) or (right and right in right_stop):
                        continue
                    if accept_any or text[start:end] in spellings:
                        found[index].append((start, -end))
        for g, hits in zip(self._members, found, strict=True):
            g._remember(text, _leftmost_longest(text, hits))


@dataclass(frozen=True)
class Matchers:
    country_re: Gazetteer
    country_of: dict[str, str]  # alias (lower-cased) -> ISO code
    capital_of: dict[str, str]
    weapon_re: Gazetteer
    weapon_of: dict[str, WeaponEntry]  # alias (lower-cased) -> entry
    word_re: Gazetteer
    word_of: dict[str, WeaponWord]  # class word (lower-cased) -> entry
    actor_of: dict[str, object]
    place_re: Gazetteer
    place_of: dict[str, str]  # alias -> canonical place name
    place_host: dict[str, str]  # alias -> ISO code of the state the place is in
    role_re: Gazetteer
    stop_names: frozenset[str]  # words that are never part of a person's name
    multi_words: frozenset[str] = frozenset()  # stop words found only inside multi-word aliases
    # capitalised names of weapons and places ("Storm Shadow", "Chasiv Yar"), which the splitter
    # must not take for people's surnames
    thing_names: frozenset[str] = frozenset()
    # word sets the people finder consults on every capitalised run, built once here
    organisations: frozenset[str] = frozenset()  # name words of bodies ("Committee", "Institute")
    first_names: frozenset[str] = frozenset()
    org_heads: frozenset[str] = frozenset()  # lower-cased bodies before a title ("nato")
    title_words: frozenset[str] = frozenset()  # lower-cased words of roles and honorifics
    honorifics: frozenset[str] = frozenset()  # "Mr", "Sir", "Gen"
    unit_words: frozenset[str] = frozenset()  # "group", "brigade" after a name: a unit
    landmark_words: frozenset[str] = frozenset()  # "Saint Sophia Cathedral", "Marine Brigade": things
    seat_words: frozenset[str] = frozenset()  # "House", "Institute" before "in London": a seat
    thing_before: Guarded | None = None  # "the frigate", "arms maker" right before a name
    vessel_after: Guarded | None = None  # ", a Russian Black Sea Fleet patrol ship" right after one
    body_seats: frozenset[str] = frozenset()  # capitals that as actors stand for a body ("brussels")


# small words inside titles that are not title words ("Minister of Youth and Sports")
TITLE_CONNECTORS = frozenset({"of", "the", "for", "and", "to", "in", "on", "at", "a", "an", "&"})


def _alternation(words: tuple[str, ...]) -> str:
    """The words as one regex alternation, longest first so a longer phrase wins."""
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


def _thing_before(words: tuple[str, ...]) -> Guarded | None:
    """The words of ``thing_words`` as the end of the text before a name.

    Guarded: the case-blind alternation of some fifty words costs a try at every
    character of the window, while a window holds none of the words most times.
    """
    if not words:
        return None
    # ("the vessel has been named Hetman Ivan Mazepa", "a company called Fire Point")
    named = r"(?:(?:has\s+been|had\s+been|was|is|will\s+be)\s+)?(?:named|called|christened|renamed)\s+"
    return Guarded(re.compile(rf"\b(?:{_alternation(words)})\s*,?\s*(?:{named})?(?:the\s+)?$", re.I))


def _vessel_after(words: tuple[str, ...]) -> Guarded | None:
    """An appositive that calls the name before it a ship: "the Sergei Kotov, a Russian Black
    Sea Fleet patrol ship" (up to five words before the ship word)."""
    if not words:
        return None
    return Guarded(
        re.compile(rf"^,\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){{0,5}}?(?:{_alternation(words)})\b", re.I)
    )


@lru_cache(maxsize=65536)
def _norm(s: str) -> str:
    return re.sub(r"[\s-]+", " ", s.lower().replace("\u2019", "'")).strip().replace(" ", "")


def _outside(phrase: str, aliases: list[str]) -> str:
    """``phrase`` with every alias it holds as whole words cut out."""
    for alias in aliases:
        if alias in phrase:
            phrase = re.sub(rf"(?<!\w){re.escape(alias)}(?!\w)", " ", phrase)
    return phrase


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
    weapon_aliases = [a for w in cat.weapons for a in (w.name, *w.aliases)]
    place_aliases = [a for p in cat.places for a in (p.name, *p.aliases)]
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
    alias_words = [*country_words, *weapon_aliases, *place_aliases]
    stop = {
        w.lower()
        for alias in alias_words
        for w in re.split(r"[\s]+", alias)
        if not w.islower()  # particles such as "de" or "la" belong to people's names too
    }
    single = {a.lower() for a in alias_words if len(a.split()) == 1}
    multi = {w for w in stop if w not in single}
    stop.update(w.lower() for r in cat.roles for w in r.split())
    stop -= {n.lower() for n in cat.first_names}
    # a role's own words stop a name wherever they stand ("Secretary"), but a place's words inside a
    # role ("commander of the Black Sea Fleet") stop one only where the whole place stands: "Gordon
    # Black" is a person
    multi_aliases = [a for a in alias_words if " " in a]
    multi -= {w.lower() for r in cat.roles for w in _outside(r, multi_aliases).split()}
    country_re = Gazetteer(country_words, hyphen_joins=True, apostrophe_edge=False)
    exact_weapons = frozenset(a for w in cat.weapons if w.exact_case for a in (w.name, *w.aliases))
    weapon_re = Gazetteer(weapon_aliases, case="loose", exact_aliases=exact_weapons, apostrophe_edge=True)
    word_re = Gazetteer([w for ww in cat.weapon_words for w in ww.words], case="any")
    place_re = Gazetteer(place_aliases, apostrophe_edge=False)
    GazetteerGroup([country_re, weapon_re, word_re, place_re])  # the four that scan whole posts
    m = Matchers(
        country_re=country_re,
        country_of=country_of,
        capital_of=capital_of,
        body_seats=frozenset(_norm(a) for c in cat.countries for a in c.body_seats),
        weapon_re=weapon_re,
        weapon_of=weapon_of,
        word_re=word_re,
        word_of=word_of,
        actor_of=actor_of,
        place_re=place_re,
        place_of=place_of,
        place_host=place_host,
        role_re=Gazetteer(list(cat.roles), case="any", apostrophe_edge=False),
        stop_names=frozenset(stop),
        multi_words=frozenset(multi),
        thing_names=frozenset(a for a in (*weapon_aliases, *place_aliases) if a[:1].isupper()),
        organisations=frozenset(cat.organisations),
        first_names=frozenset(cat.first_names),
        org_heads=frozenset(w.lower() for w in cat.org_heads),
        title_words=frozenset(
            w.lower().rstrip(".")
            for r in (*cat.roles, *cat.honorifics)
            for w in re.split(r"[\s-]+", r)
            if w and w.lower() not in TITLE_CONNECTORS
        ),
        honorifics=frozenset(cat.honorifics),
        unit_words=frozenset(cat.unit_words),
        landmark_words=frozenset(cat.landmark_words),
        seat_words=frozenset(cat.seat_words),
        thing_before=_thing_before(cat.thing_words),
        vessel_after=_vessel_after(cat.vessel_words),
    )
    _CACHE[id(cat)] = (cat, m)
    return m


#: the key under which an alias is looked up (the cached function itself: no wrapper call per hit)
norm = _norm
