"""Run every extractor over one post and gather the fields of an enriched post."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from schemas.models import Count, Person, Quote, Weapon
from streams.catalogue import Catalogue
from streams.core.datelines import dateline_end
from streams.core.enrich.counts import Fact, extract_counts
from streams.core.enrich.matchers import Matchers, matchers_for, norm
from streams.core.enrich.numbers import NUMBER_WORDS
from streams.core.enrich.people import extract_people
from streams.core.enrich.quotes import extract_quotes
from streams.core.phrases import Guarded, fold_case
from streams.core.text import fold_quotes

# "Kyiv-based", "Russian-born"; a name of a sporting or cultural event ("the Paris Olympics", "the
# French Open", "the Berlin Film Festival"), which says where it is held, not which state acts; a
# newspaper named after its city ("The Washington Post reported", "the Kyiv Independent"); a
# group named after one ("the Bucharest Nine", "the Weimar Triangle")
_NOT_A_STATE_AFTER = re.compile(
    # (a treaty named after a city: "the Ottawa Convention", "the Geneva Conventions")
    r"^(?:\$|[-\s]?(?i:based|born)\b|\s+(?i:conventions?|treaty|final\s+act|memorandum|accords?|protocol|statute)\b|\s+(?:Post|Times|Independent|Herald|Nine|Format|Triangle|"
    r"(?:(?:Winter|Summer|\d{4})\s+)?(?:Olympics|Olympic\s+Games|Paralympics|Paralympic\s+Games|Games)|Open|"
    r"Grand\s+Prix|Marathon|Masters|Film\s+Festival|International\s+Film\s+Festival|Book\s+Fair|Biennale)\b)"
)
_DOCUMENT_OF = re.compile(
    r"\b(?:Charter|Treaty|Peace|Congress|Declaration|Protocol|Memorandum|Convention|Agreement)\s+of\s+$"
)
_PHRASE_ENDS = re.compile(
    r"\s*(?:[.,;:)!?]|$)|\s+(?:and|on|at|to|for|with|where|which|that|but|as|after|before|when|while)\b"
)
_IN_STATE_AFTER = re.compile(r",?\s+in\s+(?:(?:northern|southern|eastern|western|central)\s+)?")
_LOCATIVE = re.compile(
    r"(?:\b(?:in|on|over|near|around|across|outside|into|at|toward|towards|targeted|attacked|"
    r"struck|hit|shelled|of)\s+(?:the\s+)?(?:city\s+of\s+)?)$",
    re.I,
)
_PLACE_PATTERNS = Guarded(
    re.compile(
        r"\b(?:village|town|city|settlement|port|region|district|hamlet)\s+of\s+"
        r"(?P<a>[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?)"
        r"|\b(?P<b>[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?)\s+(?:region|oblast|Oblast|province|district)\b"
    )
)


@dataclass(frozen=True)
class Enrichment:
    countries: list[str]
    people: list[Person]
    weapons: list[Weapon]
    counts: list[Count]
    quotes: list[Quote]
    places: list[str]
    facts: tuple[Fact, ...] = ()
    speech_quotes: int = 0  # quotes that are whole statements, not fragments inside a sentence
    # the catalogue's own classes of the weapons named ("multiple rocket launcher"), which the router
    # reasons with; ``weapons`` carries the classes TAXONOMY names ("rocket")
    weapon_kinds: frozenset[str] = frozenset()
    official_roles: int = 0  # people with a title other than an occupation ("coach", "teacher")


_VENUE_CONTEXT = Guarded(
    re.compile(
        r"\b(?:olympi\w*|games|match|tournament|championships?|medals?|cup|league|final|festival|concert|"
        r"exhibition|fencer|boxer|athletes?|football|team|fight|bout|museum|film|art)\b"
    )
)
_HOSTED = re.compile(
    r"\b(?:talks|summit|meeting|conference|negotiations|met|meet|meets|visit(?:ed|s)?|forum|held)\b"
    r"[^.]{0,50}?\b(?:in|at)\s+(?:the\s+)?$",
    re.I,
)


def _hosted_before(window: str) -> bool:
    """``_HOSTED`` in the text before a place, searched only when the text ends as the pattern
    does ("in", "at" or "the", then spaces): most places follow other words, and the search
    tries the meeting words at every character."""
    if not fold_case(window.rstrip()[-3:]).endswith(("in", "at", "the")):
        return False
    return _HOSTED.search(window) is not None


# "the Jeddah talks", "travel to Istanbul for a second round of direct talks", "the Munich
# Security Conference", "the Ramstein defence ministers' meeting"
_HOSTED_AFTER = re.compile(
    r"^\s+(?:for\s+(?:[\w-]+\s+){0,6}?)?"
    r"(?:(?:security|peace|defen[cs]e|donors?|recovery|reconstruction|leaders[’']?|ministers[’']?|ministerial)\s+){0,2}"
    r"(?:talks|summit|meeting|conference|negotiations)\b",
    re.I,
)


def _in_order_of_mention(found: list[tuple[int, str]]) -> list[str]:
    """Each value once, in the order the text first gives it."""
    return list(dict.fromkeys(value for _, value in sorted(found, key=lambda x: x[0])))


# a demonym that names a language: "said in English:", "wrote in Russian." adds no state
_LANGUAGES = frozenset(
    "english french german russian ukrainian spanish italian polish chinese japanese korean "
    "portuguese turkish hungarian romanian".split()
)
# ("said in English", "improving their English at a base in Texas")
# (a possessive alone is no sign: "met their Russian and Ukrainian counterparts")
_IN_LANGUAGE = re.compile(
    r"\b(?:in|into|from|(?:fluent|broken|speaks?|spoke|speaking|learn(?:ing|ed|t|s)?|teach(?:ing|es)?|taught|"
    r"stud(?:y|ying|ied)|improv(?:e|es|ed|ing)|practi[sc](?:e|es|ed|ing))(?:\s+(?:their|his|her|our|my|your))?)\s+$"
)
_LANGUAGE_AFTER = re.compile(
    r"\s*(?:[,.;:!?\"”)]|$|\s+(?:and|or|with|on|at|to|as|during|before|after|for)\b)"
)


def _inside(pos: int, spans: Sequence[tuple[int, int]] | None) -> bool:
    """``pos`` falls within one of ``spans`` (a person's name, where no state, weapon or place is read)."""
    return spans is not None and any(s <= pos < e for s, e in spans)


# a city named as a place: "met in Brussels", "a tour of London, Paris and Brussels"
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|at|to|into|near|outside|visit(?:ed|s|ing)?)|[A-Z][\w'’-]*,|[A-Z][\w'’-]*\s+and)\s+$"
)

# a deal named after the capital it was signed in ("the Minsk agreements", "the 2014 Minsk peace
# deal"): only after a capital, for "a US agreement with Ukraine" has the US as a party
_DEAL_AFTER = re.compile(r"\s+(?:peace\s+)?(?:agreements?|deals?|protocols?)\b", re.IGNORECASE)

# the part of the Americas a demonym speaks of ("Latin American", "Central American")
_REGION_BEFORE = re.compile(r"\b(?:Latin|South|North|Central|Meso|Pan)[\s-]$")

# a state's possessive just before a name ("Canada's House of Commons")
_OWNER_BEFORE = re.compile(r"\b([A-Z][\w.-]*(?: [A-Z][\w.-]*)?)['’]s\s+$")


def _countries(text: str, m: Matchers, person_spans: Sequence[tuple[int, int]] = ()) -> list[str]:
    """States that act or are acted on, in order of first mention (TAXONOMY's conventions); none
    inside a person's name ("Energy Minister German Galushchenko")."""
    found: list[tuple[int, str]] = []
    dateline = dateline_end(text)
    venue_post: bool | None = None  # looked for only when a capital or a dateline asks: most posts need not

    def venue() -> bool:
        """A match, a show or an exhibition: its cities and dateline are venues, not parties."""
        nonlocal venue_post
        if venue_post is None:
            venue_post = bool(_VENUE_CONTEXT.search(text.lower()))
        return venue_post

    place_hits = m.place_re.finditer(text) if m.place_re is not None else []
    # a country's name inside a place's ("the Gulf of Finland") names the place, not the state
    inside = [(h.start(), h.end()) for h in place_hits if " " in h.group(0)]
    if m.country_re is not None:
        for hit in m.country_re.finditer(text):
            if _NOT_A_STATE_AFTER.match(text[hit.end() : hit.end() + 36]):
                continue
            if _inside(hit.start(), person_spans):
                continue
            if any(
                s <= hit.start() and hit.end() <= e and (s, e) != (hit.start(), hit.end()) for s, e in inside
            ):
                continue
            key = norm(hit.group(0))
            code = m.country_of.get(key)
            if not code:
                continue
            if dateline is not None and hit.start() < dateline and venue():
                continue  # "WROCLAW, Poland (AP) -" over a match report: where it was played
            if key.startswith("americ") and _REGION_BEFORE.search(
                text, max(0, hit.start() - 10), hit.start()
            ):
                continue  # "a Latin American president", "South American leaders": no US
            owner = _OWNER_BEFORE.search(text, max(0, hit.start() - 30), hit.start())
            if owner and m.country_of.get(norm(owner.group(1))) not in (None, code):
                continue  # "Canada's House of Commons": another state's body of that name
            if key in _LANGUAGES and _IN_LANGUAGE.search(text, max(0, hit.start() - 24), hit.start()):
                if _LANGUAGE_AFTER.match(text, hit.end()):
                    continue  # "said in English", "spoke in Russian and Ukrainian": a language
            if key in m.capital_of:
                if dateline is not None and hit.start() < dateline:
                    continue  # "RIYADH, May 19 (Reuters) -" says where the reporter was
                before = text[max(0, hit.start() - 25) : hit.start()]
                if re.search(r"\b(?:in|at|from|to)\s+$", before) and venue():
                    continue  # a city named as the venue of a match or a show
                if re.match(r"\s+time\b", text[hit.end() : hit.end() + 6]):
                    continue
                if _DOCUMENT_OF.search(before) or _DEAL_AFTER.match(text, hit.end()):
                    # "the Charter of Paris", "the Treaty of Rome", "the Minsk agreements": a text
                    continue
                elsewhere = _IN_STATE_AFTER.match(text, hit.end())
                if elsewhere is not None:
                    window = text[elsewhere.end() : elsewhere.end() + 60]
                    other = m.country_re.search(window[:40])
                    if (
                        other is not None
                        and other.start() == 0
                        and m.country_of.get(norm(other.group(0))) not in (None, code)
                        # the state ends the phrase: not "Kyiv in Russia's biggest attack"
                        and _PHRASE_ENDS.match(window, other.end()) is not None
                    ):
                        continue  # "the port of Tripoli in Lebanon": a city of that name elsewhere
                seat = re.search(r"\b([A-Z][\w'-]*)\s+(?:in|of)\s+$", before)
                if seat and seat.group(1) in m.seat_words:
                    continue  # "Chatham House in London": a body's seat
                if key in m.body_seats and not _PLACE_BEFORE.search(before):
                    continue  # "a stance that has irritated Brussels": the EU, no state
            found.append((hit.start(), code))
    # the host state of a meeting: "talks in Istanbul", "the G20 summit in Rio de Janeiro"
    for hit in place_hits:
        host = m.place_host.get(norm(hit.group(0)))
        if host and (
            _hosted_before(text[max(0, hit.start() - 80) : hit.start()])
            or _HOSTED_AFTER.match(text[hit.end() : hit.end() + 80])
        ):
            found.append((hit.start(), host))
    return _in_order_of_mention(found)


_UNKNOWN_WEAPON = re.compile(
    r"(?<![\w-])((?:[A-Z][A-Za-z]*-?\d[\w/-]*|[A-Z][A-Za-z]{1,4}\s\d{2,4}[A-Za-z]?|[A-Z][a-z]{2,}(?:-\d+\w*)?)"
    r"(?:\s+[A-Z][a-z]{2,})?)\s+$"
)
_MAKER_AFTER = re.compile(
    r"\s+(?:and\s+[a-z]+\s+)?(?:enterprise|plant|factory|works|maker|manufacturer|producer|company|bureau|"
    r"design\s+bureau|corporation|industry|industries)\b",
    re.I,
)
# capitalised words that open a sentence before a weapon word, not a weapon's name; number
# words ("One drone flew back") come from the number reader's own list
_NOT_A_WEAPON_NAME = frozenset(
    """The A An Any All Both Several Some Western Eastern Northern Southern Soviet Foreign Enemy Hostile
    Attack Combat Naval Sea Air Long Short New Modern Heavy Their Its His Her Our These Those Such Other
    Morning Evening Night Overnight Daytime Daylight Massive Deadly Major Large Huge Fresh Latest Record
    Combined Mass Joint Double Triple Twin Multiple Single
    More Most Many Few Which What When Where While Hundreds Thousands Dozen Dozens Only Another Each Every
    No Unknown Unidentified Suspected Downed Incoming Remaining Further Additional Over Around About
    Nearly Almost Roughly Up At By In On Of To Truck Lorry Car Van Parcel Letter
    Scooter Bicycle Bike Motorcycle Motorbike Roadside Suicide Pipe Nail Package Mail Pram Backpack""".split()
) | frozenset(w.capitalize() for w in NUMBER_WORDS)


def _opens_sentence(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" “\"‘'")
    return not before or before[-1] in ".!?\n:"


def _weapons(
    text: str, m: Matchers, skip: set[str] | None = None, person_spans: list[tuple[int, int]] | None = None
) -> tuple[list[Weapon], frozenset[str]]:
    """Catalogue weapons by alias, and unknown ones named right before a class word
    ("Lyutyi drones", "FP-5 Flamingo cruise missiles"); none inside a person's name ("said
    Bradley Smith" names no Bradley vehicle). With them, the catalogue's own classes of those
    weapons (see ``Enrichment.weapon_kinds``)."""
    found: list[tuple[int, str, Weapon]] = []
    seen: set[str] = set()
    spans = []
    for hit in m.weapon_re.finditer(text):
        spans.append((hit.start(), hit.end()))
        if _inside(hit.start(), person_spans):
            continue
        w = m.weapon_of.get(norm(hit.group(0)))
        if w is None or w.name in seen:
            continue
        seen.add(w.name)
        found.append(
            (hit.start(), w.weapon_class, Weapon.model_construct(name=w.name, weapon_class=w.reported_class))
        )
    for hit in m.word_re.finditer(text):
        ww = m.word_of.get(norm(hit.group(0)))
        if ww is None or ww.weapon_class == "air targets":
            continue
        if ww.family == "equipment" and hit.group(0)[0].isupper():
            continue  # "Xiamen Limbach Aircraft Engine Co": a capitalised noun is part of a name
        if _MAKER_AFTER.match(text, hit.end()):
            continue  # "the Artem rocket and space enterprise": a maker, not a weapon
        # the words before the class word on its own line: a headline's last word ("... at Karup")
        # is no name of the drones that open the next paragraph
        window_start = max(0, hit.start() - 40, text.rfind("\n", 0, hit.start()) + 1)
        lead = _UNKNOWN_WEAPON.search(text[window_start : hit.start()])
        if lead is None:
            continue
        name = lead.group(1)
        start = window_start + lead.start(1)
        words = name.split()
        if (
            # inside a catalogue weapon, or its variant right after it ("Leopard 2 A6 tanks")
            any(s <= start <= e + 1 for s, e in spans)
            or words[0] in _NOT_A_WEAPON_NAME
            # a participle opening a sentence: "Flying drones over nuclear plants is banned"
            or (words[0].endswith(("ing", "ed")) and _opens_sentence(text, start))
            or any(norm(w) in m.country_of or w.lower() in m.stop_names for w in words)
            or name in seen
            or (skip and name in skip)
            or m.place_re.search(name)
            or (name.isupper() and len(name) <= 3 and not any(ch.isdigit() for ch in name))
        ):
            continue
        seen.add(name)
        found.append(
            (start, ww.weapon_class, Weapon.model_construct(name=name, weapon_class=ww.reported_class))
        )
    found.sort(key=lambda x: x[0])
    return [w for _, _, w in found], frozenset(kind for _, kind, _ in found)


def _places(text: str, m: Matchers, person_spans: list[tuple[int, int]]) -> list[str]:
    found: list[tuple[int, str]] = []
    if m.place_re is not None:
        for hit in m.place_re.finditer(text):
            if _inside(hit.start(), person_spans):
                continue
            name = m.place_of.get(norm(hit.group(0)))
            if name:
                found.append((hit.start(), name))
    if m.country_re is not None:
        for hit in m.country_re.finditer(text):
            key = norm(hit.group(0))
            if key in m.capital_of and _LOCATIVE.search(text[max(0, hit.start() - 30) : hit.start()]):
                found.append((hit.start(), hit.group(0)))
    for phrase in _PLACE_PATTERNS.finditer(text):
        name = phrase.group("a") or phrase.group("b")
        if name and norm(name) not in m.country_of:
            canonical = m.place_of.get(norm(name), name)
            found.append((phrase.start(), canonical))
    return _in_order_of_mention(found)


def enrich_text(text: str, cat: Catalogue) -> Enrichment:
    """All enrichment fields of one post's text."""
    m = matchers_for(cat)
    folded = fold_quotes(text)
    found = extract_people(folded, m)
    person_spans = [(s, e) for p in found for (s, e, _) in p.mentions]
    facts = extract_counts(folded, m)
    quotes = extract_quotes(text, found, m.country_of)
    weapons, weapon_kinds = _weapons(
        folded, m, {p.name for p in found} | {w for p in found for w in p.name.split()}, person_spans
    )
    return Enrichment(
        countries=_countries(folded, m, person_spans),
        # built from values enrichment made itself: nothing to validate (see pipeline.enrich_post)
        people=[Person.model_construct(name=p.name, role=p.role, country=p.country) for p in found],
        weapons=weapons,
        counts=[Count.model_construct(**f.as_dict()) for f in facts],
        # a few words quoted inside a sentence ("a 'strategic mistake'") are a citation, not a quote:
        # the seed's labels leave them out
        quotes=[Quote.model_construct(text=q.text, speaker=q.speaker) for q in quotes if q.statement],
        places=_places(folded, m, person_spans),
        facts=tuple(facts),
        speech_quotes=sum(1 for q in quotes if not q.fragment),
        official_roles=sum(1 for p in found if p.role and p.role.lower() not in _occupations(cat)),
        weapon_kinds=weapon_kinds,
    )


_OCCUPATIONS: dict[int, tuple] = {}


def _occupations(cat: Catalogue) -> frozenset[str]:
    hit = _OCCUPATIONS.get(id(cat))
    if hit is None or hit[0] is not cat:
        hit = (cat, frozenset(o.lower() for o in cat.occupations))
        _OCCUPATIONS[id(cat)] = hit
    return hit[1]
