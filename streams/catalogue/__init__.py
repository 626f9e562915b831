"""Catalogues: the data files (YAML, beside this module) that enrichment matches against.

Users extend Sitrep's knowledge of countries, weapons, people, places, titles
and site chrome by editing these files, never code. Set ``SITREP_CATALOGUE_DIR``
to a folder of files with the same names to use your own copies instead.
Everything is loaded once and compiled into lookup tables.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from streams.core.phrases import DIGIT, Guarded, fold_case

log = logging.getLogger(__name__)

CATALOGUE_DIR = Path(__file__).parent
FILES = (
    "countries.yaml",
    "weapons.yaml",
    "weapon_words.yaml",
    "titles.yaml",
    "actors.yaml",
    "places.yaml",
    "boilerplate.yaml",
    "organisations.yaml",
    "first_names.yaml",
)


@dataclass(frozen=True)
class Country:
    code: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    metonyms: tuple[str, ...]
    ambiguous: bool = False
    body_seats: tuple[str, ...] = ()  # capitals that as actors stand for bodies seated there


@dataclass(frozen=True)
class WeaponEntry:
    name: str
    weapon_class: str  # what the rules reason with ("multiple rocket launcher")
    family: str
    origin: str | None
    aliases: tuple[str, ...]
    # the class a routed post carries, TAXONOMY's word ("rocket"); the loader defaults it to weapon_class
    reported_class: str = ""
    # aliases match only as written, though in capitals: codes that are English words ("TOW", "HARM")
    exact_case: bool = False


@dataclass(frozen=True)
class WeaponWord:
    weapon_class: str
    family: str
    words: tuple[str, ...]
    reported_class: str = ""  # as for WeaponEntry


@dataclass(frozen=True)
class Actor:
    name: str
    aliases: tuple[str, ...]
    role: str | None
    country: str | None
    organisation: str | None = None


@dataclass(frozen=True)
class Place:
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str | None


class _Band(NamedTuple):
    """The chrome patterns that can fullmatch a key of at most ``longest`` characters."""

    longest: int
    combined: re.Pattern[str] | None  # all of them that start with fixed text, in one
    floating: tuple[re.Pattern[str], ...]  # the rest, each tried only when the key holds a needle
    needles: Any  # an Aho-Corasick automaton: needle -> the indexes in ``floating`` it stands for


@dataclass(frozen=True)
class Catalogue:
    """Everything enrichment knows, as loaded from the YAML files."""

    countries: tuple[Country, ...]
    weapons: tuple[WeaponEntry, ...]
    weapon_words: tuple[WeaponWord, ...]
    honorifics: tuple[str, ...]
    roles: tuple[str, ...]
    actors: tuple[Actor, ...]
    places: tuple[Place, ...]
    boilerplate_exact: frozenset[str]
    boilerplate_patterns: tuple[re.Pattern[str], ...] = field(default=())
    # chrome that marks a digest page, whose every paragraph is an item: boilerplate.yaml "digest"
    digest_re: re.Pattern[str] | None = None
    # a live page's title that heads a plain report as its headline: boilerplate.yaml "titles"
    title_re: re.Pattern[str] | None = None
    # a heading over links to other stories ("Related Articles"): boilerplate.yaml "link_headings"
    link_heading_re: re.Pattern[str] | None = None
    organisations: tuple[str, ...] = ()  # names and name-words of bodies that are not people
    org_heads: tuple[str, ...] = ()  # bodies that stand before a title ("NATO Secretary General")
    first_names: tuple[str, ...] = ()
    unit_words: tuple[str, ...] = ()  # lower-case nouns after a name that make it a unit or body ("group")
    landmark_words: tuple[str, ...] = ()  # a building's, place's or unit's last word ("Cathedral"): no person
    # words before a ship's or a company's name, which is then no person's name
    # ("the frigate Admiral Makarov", "arms maker Fire Point"): organisations.yaml's vessel_words
    # and company_words
    thing_words: tuple[str, ...] = ()
    vessel_words: tuple[str, ...] = ()  # the ship words alone: "the Sergei Kotov, a patrol ship"
    seat_words: tuple[str, ...] = ()  # "Chatham House in London": a capital as a seat, not a state
    occupations: tuple[str, ...] = ()  # "coach", "photographer": roles that are not official titles
    boilerplate_any: re.Pattern[str] | None = None  # every pattern in one, for speed
    # (longest key, the patterns that can match a key that long) bands: see _patterns_by_length
    boilerplate_by_length: tuple[_Band, ...] = ()

    def is_link_heading(self, line: str) -> bool:
        """True for chrome that heads links to other stories ("Related Articles", "Read More")."""
        return (
            self.link_heading_re is not None and self.link_heading_re.fullmatch(_chrome_key(line)) is not None
        )

    def is_title(self, line: str) -> bool:
        """True for a line that is chrome as a live page's title but a report's headline."""
        return self.title_re is not None and self.title_re.fullmatch(_chrome_key(line)) is not None

    def is_boilerplate(self, line: str) -> bool:
        """True when a whole trimmed line is site chrome."""
        if len(line) > 300:
            return False  # chrome is short; a long line is news
        key = _chrome_key(line)
        if key in self.boilerplate_exact:
            return True
        for band in self.boilerplate_by_length:
            if len(key) <= band.longest:
                if band.combined is not None and band.combined.fullmatch(key) is not None:
                    return True
                if band.needles is None:
                    return False
                # the floating patterns whose needles the key holds, found in one pass
                tried = {i for _end, found in band.needles.iter(fold_case(key)) for i in found}
                return any(band.floating[i].fullmatch(key) is not None for i in sorted(tried))
        if self.boilerplate_any is not None:
            return self.boilerplate_any.fullmatch(key) is not None
        return any(p.fullmatch(key) for p in self.boilerplate_patterns)


def _chrome_key(line: str) -> str:
    """A line as the chrome patterns read it: spaces squeezed, lower case, no closing mark."""
    # a printable line has no whitespace but spaces: without two in a row, splitting and
    # joining it again only strips it (the splitter's lines are all like that)
    spaced = line.strip() if line.isprintable() and "  " not in line else " ".join(line.split())
    return spaced.lower().rstrip(".:!")


def _tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value if v is not None and str(v).strip())


def _read(directory: Path, name: str) -> object:
    path = directory / name
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if data is None:
        raise ValueError(f"catalogue {path} is empty")
    return data


#: upper ends of the key-length bands that ``is_boilerplate`` keeps a combined pattern for
_LENGTH_BANDS = (20, 40, 60, 80, 100, 130, 160, 200, 250, 300)


def _combined(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE) if patterns else None


def _starts_fixed(items) -> bool:
    """Whether a parsed pattern starts with a literal in every alternative ("read (?:more|next)"):
    such a pattern fails at the first characters of a key that is no chrome."""
    from re import _constants as c

    if not items:
        return False
    op, arg = items[0]
    if op is c.LITERAL:
        return True
    if op is c.SUBPATTERN:
        return _starts_fixed(arg[-1])
    if op is c.BRANCH:
        return all(_starts_fixed(branch) for branch in arg[1])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1:
        return _starts_fixed(arg[2])
    return False


def _floating(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """The needles of a pattern that can start anywhere (".{0,80}all rights reserved"), or ``None``.

    Matching such a pattern tries many ways to begin, so it is worth trying only
    when the key holds one of the strings every match contains (``Guarded``'s
    needles, compared with the key folded as ``fold_case`` folds it).
    """
    from re import _parser

    if _starts_fixed(_parser.parse(pattern.pattern, pattern.flags)):
        return None
    guard = Guarded(pattern)
    if guard.needles is None or DIGIT in guard.needles or not guard.folded:
        return None
    return tuple(guard.needles)


def _patterns_by_length(patterns: tuple[re.Pattern[str], ...]) -> tuple[_Band, ...]:
    """For each band of key lengths, the chrome patterns that can match a key that long: one
    pattern of them all, but those that can start anywhere apart, each with its needles.

    Most lines are news sentences far longer than any phrase of chrome, and a
    pattern cannot fullmatch a key longer than its widest match, so a long line
    is tried against the few open-ended patterns only, not all of them; and of
    those, the ones with a leading ".{0,100}" only when the line holds their words.
    """
    from re import _parser

    widest = [(p, _parser.parse(p.pattern, p.flags | re.IGNORECASE).getwidth()[1]) for p in patterns]
    needles = {p: _floating(p) for p in patterns}
    bands = []
    shortest = 0
    for longest in _LENGTH_BANDS:
        fit = [p for p, width in widest if width > shortest]
        combined = _combined([p for p in fit if needles[p] is None])
        floating = tuple(p for p in fit if needles[p] is not None)
        bands.append(_Band(longest, combined, floating, _needle_automaton([needles[p] for p in floating])))
        shortest = longest
    return tuple(bands)


def _needle_automaton(needles: list[tuple[str, ...]]) -> Any:
    """One automaton of every pattern's needles, each standing for the patterns that need it."""
    if not needles:
        return None
    import ahocorasick

    table: dict[str, list[int]] = {}
    for index, strings in enumerate(needles):
        for needle in strings:
            table.setdefault(needle, []).append(index)
    auto = ahocorasick.Automaton()
    for needle, indexes in table.items():
        auto.add_word(needle, tuple(indexes))
    auto.make_automaton()
    return auto


def load(directory: Path | None = None) -> Catalogue:
    """Load and check every catalogue file; raises ``ValueError`` naming the bad entry."""
    directory = directory or CATALOGUE_DIR
    countries = tuple(
        Country(
            code=str(c["code"]).upper(),
            names=_tuple(c.get("names")),
            demonyms=_tuple(c.get("demonyms")),
            capitals=_tuple(c.get("capitals")),
            metonyms=_tuple(c.get("metonyms")),
            ambiguous=bool(c.get("ambiguous", False)),
            body_seats=_tuple(c.get("body_seats")),
        )
        for c in _read(directory, "countries.yaml")
    )
    weapons = tuple(
        WeaponEntry(
            name=str(w["name"]),
            weapon_class=str(w["class"]),
            family=str(w.get("family") or "other"),
            origin=w.get("origin"),
            aliases=_tuple(w.get("aliases")) or (str(w["name"]),),
            reported_class=str(w.get("reported_as") or w["class"]),
            exact_case=bool(w.get("exact_case", False)),
        )
        for w in _read(directory, "weapons.yaml")
    )
    weapon_words = tuple(
        WeaponWord(
            weapon_class=str(w["class"]),
            family=str(w.get("family") or "other"),
            words=_tuple(w.get("words")),
            reported_class=str(w.get("reported_as") or w["class"]),
        )
        for w in _read(directory, "weapon_words.yaml")
    )
    titles = _read(directory, "titles.yaml")
    actors = tuple(
        Actor(
            name=str(a["name"]),
            aliases=_tuple(a.get("aliases")),
            role=a.get("role"),
            country=a.get("country"),
            organisation=a.get("organisation"),
        )
        for a in _read(directory, "actors.yaml")
    )
    places = tuple(
        Place(
            name=str(p["name"]),
            aliases=_tuple(p.get("aliases")),
            kind=str(p.get("kind") or "other"),
            country=p.get("country"),
        )
        for p in _read(directory, "places.yaml")
    )
    chrome = _read(directory, "boilerplate.yaml")
    exact = frozenset(" ".join(s.split()).lower().rstrip(".:!") for s in _tuple(chrome.get("exact")))
    page_titles = tuple(re.compile(p, re.IGNORECASE) for p in _tuple(chrome.get("titles")))
    patterns = tuple(re.compile(p, re.IGNORECASE) for p in _tuple(chrome.get("patterns"))) + page_titles
    digests = _tuple(chrome.get("digest"))
    link_headings = _tuple(chrome.get("link_headings"))
    orgs = _read(directory, "organisations.yaml")
    first_names = _tuple(_read(directory, "first_names.yaml").get("names"))
    for c in countries:
        if len(c.code) != 2 or not c.code.isalpha():
            raise ValueError(f"countries.yaml: bad ISO code {c.code!r}")
    cat = Catalogue(
        countries=countries,
        weapons=weapons,
        weapon_words=weapon_words,
        honorifics=_tuple(titles.get("honorifics")),
        roles=_tuple(titles.get("roles")) + _tuple(titles.get("occupations")),
        occupations=_tuple(titles.get("occupations")),
        actors=actors,
        places=places,
        boilerplate_exact=exact,
        boilerplate_patterns=patterns,
        digest_re=re.compile("|".join(f"(?:{d})" for d in digests), re.IGNORECASE) if digests else None,
        title_re=_combined(list(page_titles)),
        link_heading_re=(
            re.compile(rf"(?:{'|'.join(f'(?:{h})' for h in link_headings)})\W*", re.IGNORECASE)
            if link_headings
            else None
        ),
        boilerplate_any=_combined(list(patterns)),
        boilerplate_by_length=_patterns_by_length(patterns),
        organisations=_tuple(orgs.get("names")) + _tuple(orgs.get("name_words")),
        org_heads=_tuple(orgs.get("names")),
        first_names=first_names,
        unit_words=_tuple(orgs.get("unit_words")),
        landmark_words=_tuple(orgs.get("landmark_words")),
        thing_words=_tuple(orgs.get("vessel_words")) + _tuple(orgs.get("company_words")),
        vessel_words=_tuple(orgs.get("vessel_words")),
        seat_words=_tuple(orgs.get("seat_words")),
    )
    log.debug(
        "catalogue loaded: %d countries, %d weapons, %d actors, %d places",
        len(countries),
        len(weapons),
        len(actors),
        len(places),
    )
    return cat


@lru_cache(maxsize=4)
def get_catalogue(directory: str | None = None) -> Catalogue:
    """The catalogue, loaded once per process (per directory)."""
    return load(Path(directory) if directory else None)
