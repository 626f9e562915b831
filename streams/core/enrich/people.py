"""Find people: catalogue actors by alias, unknown people by titles, context and capitals.

A run of capitalised words is a person when the catalogue knows it, when a
role or honorific stands before it ("Defence Secretary John Healey"), when an
appositive with a role follows it ("Sergei Lavrov, Russia's foreign
minister"), when a speech verb follows it, or when it opens with a known first
name. Runs that contain a country, place, weapon or organisation word are not
people. Titles are stripped; the role and country they carry are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from streams.catalogue import Actor
from streams.core.enrich.matchers import Matchers, norm
from streams.core.enrich.numbers import NUMBER_WORDS

_PARTICLES = frozenset(
    {"de", "van", "von", "der", "den", "bin", "al", "la", "le", "da", "di", "du", "ben", "ter", "do", "dos"}
)
SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|wrote|writes|warned|warns|stated|states|"
    "declared|explained|noted|stressed|insisted|claimed|argued|announced|confirmed|"
    "reported|posted|tweeted|urged|accused|vowed|called|asked|replied|responded|"
    "continued|concluded|admitted|acknowledged|alleged|described|denied|praised|"
    "condemned|criticised|criticized|welcomed|threatened|pledged|promised|saying|voiced|"
    "(?:has|had|have)\\s+(?:also\\s+|previously\\s+|repeatedly\\s+)?(?:said|warned|called|told|vowed|accused|added|"
    "written|claimed|confirmed|announced|urged|stated|insisted|argued|stressed|noted|denied|admitted|acknowledged)|"
    "also said|later said|previously said|separately said"
)
_SPEECH_AFTER = re.compile(
    rf"^(?:’s|'s)?\s*,?\s*(?:,[^,]{{0,80}},\s*)?(?:(?:also|later|earlier|again|has\s+also)\s+)?(?:{SPEECH_VERBS})\b"
)
# "Mykhailo Podolyak, an adviser to President Volodymyr Zelensky, says": the name at the end of
# an appositive is not the one who speaks
IN_APPOSITIVE = re.compile(r",\s+(?:an?|the|his|her|a\s+former|the\s+former)\s+[^,.;“”\"]{0,70}$")
# "..., said Oleksandr X" speaks; "Trump has said Vladimir Putin ..." does not
_SPEECH_BEFORE = re.compile(
    r"(?:[,”\"’]\s*(?:said|says|added|wrote)(?:\s+(?:a|an|the|\d+-year-old|[a-z][\w-]*))*"
    r"|[,”\"’]\s*(?:said|says|added|wrote)(?:\s+[\w’'-]+){1,6}?"
    r"|\baccording\s+to)\s*,?\s*$"
)
# capitalised only because they open a sentence: never the start of a name
_OPENERS = frozenset(
    """But And Or So Yet Still However Meanwhile Today Tonight Yesterday Tomorrow Earlier Later
    Now Then There Here When While After Before Since Although Though Because As If Once Also
    Instead Separately Elsewhere Overnight Asked Speaking Writing Responding Asked According
    Among Under Over Both Neither Either Even Only Just Former Acting Owner Host Hosts Daily
    Local Residents Resident Officials Official Analysts Analyst Sources Source Witnesses Police
    Rescuers Doctors Experts Critics Supporters Lawmakers Reporters Presenter Correspondent
    Chief Head Leader Deputy Senior Top New Veteran Retired Late On In At By For From With During
    Until Last Next This""".split()
)
# an adjective made of a name ("Islands-flagged", "Kremlin-backed"); Korean given names also
# go on in lower case after a hyphen ("Lee Seong-kweun"), so only these endings count
_LOWER_COMPOUND = re.compile(
    r"-(?:flagged|registered|backed|based|born|made|built|installed|led|controlled|owned|linked|"
    r"appointed|affiliated|aligned|funded|run|held|occupied|era|style|type|class|speaking)\b"
)
# never a word of a name: "On Saturday, Volodymyr Zelenskyy, ..." is no list of three people
_WEEKDAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
_MONTHS = frozenset(
    "January February March April May June July August September October November December".split()
)
# words after which a month is a date, not a given name: "In April Muratov was doused ..."
_BEFORE_A_MONTH = frozenset("In Since By Until Before After From Early Late Last Next".split())

_VERB_AFTER = re.compile(
    # ("Brahim Saadoun, who was captured near Volnovakha": a relative clause about a person)
    r"^,\s+who\s|^(?:’s|'s)?\s+(?:has|had|have|was|is|were|will|would|could|won|became|becomes|remains|"
    r"remained|met|visited|arrived|led|leads|joined|signed|spoke|speaks|talks|talked|wants|"
    r"appeared|described|urged|asked|told|explores|discusses|unpick|unpicks|hosts|presents|"
    # verbs only a person does ("Hemil Mangukiya died on February 21")
    r"died|dies|fled|fought|served)\b"
)
# a full stop not after a capital ("U.S. envoy" goes on), or a "!", "?" or ";", before a space
_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?;](?=\s|$)")
_BARE_APPOSITIVE = re.compile(r"^,\s+(?=[a-z])")
_APPOSITIVE = re.compile(r"^,\s+(?:the\s+|a\s+|an\s+|who\s+|whose\s+|\d{1,3},|[A-Z][\w’']+(?:’s|'s)\s+)")


@dataclass
class Found:
    """A person found in a post, and where each mention stands."""

    name: str
    role: str | None = None
    country: str | None = None
    mentions: list[tuple[int, int, bool]] = field(default_factory=list)  # start, end, speaks
    surnames: set[str] = field(default_factory=set)
    # the name as the text writes it in full; False while a known actor was named by surname only
    written: bool = True
    actor: Actor | None = None  # the catalogue entry, when the person is a known actor


# only the tokens a run can hold: capitalised words (and non-ASCII initials) and name particles;
# skipping lower-case words here is what makes people-finding cheap. A particle matters only
# inside a run, right after a word and one space ("Ursula von der Leyen"), so the particles are
# read as a tail of the word before them (group 1). The word's first character comes first and
# the word start is checked after it ("(?<![\w'’\-].)"): the regex engine skips in C to the
# characters that can start a word instead of trying the pattern at every position
_CAND_RE = re.compile(
    r"[^\W\d_a-z](?<![\w'’\-].)[\w'’\-]*\.?"
    rf"((?:[ \u00a0](?:{'|'.join(sorted(_PARTICLES))})(?![\w'’\-]))*)"
)


# abbreviations whose full stop belongs to the word; any other word keeps its stop off ("Kyiv.")
_DOTTED = frozenset(
    {"Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Capt", "Adm", "Sen", "Rep", "St", "Jr", "Sr"}
)


# an Arabic family name with its article joined by a hyphen ("Bashar al-Assad", "el-Sisi"): a
# lower-case start that _CAND_RE, for speed, never looks at
_HYPHEN_PARTICLE = re.compile(r"(?<![\w'’\-])(?:al|el)-[^\W\d_a-z][\w'’\-]*")


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """Capitalised words, each followed by the particles joined to it.

    A particle anywhere else (not after a word and a single space) would end the
    run before it, as the gap before the next word does: leaving it out gives
    ``_runs`` the same runs.
    """
    out = []
    for m in _CAND_RE.finditer(text):
        start, end = m.start(), m.start(1)
        word = text[start:end]
        if (
            len(word) == 2
            and word[1] == "."
            and (text[end : end + 1].isalpha() or text[start - 1 : start] == ".")
        ):
            continue  # a letter of "U.S." or "U.K.": an abbreviation, no initial of a name
        if word[-1] == "." and len(word) > 2 and word[:-1] not in _DOTTED:
            out.append((start, end - 1, word[:-1]))  # "Kyiv.": the stop is no part of it, nor joins it
            continue
        out.append((start, end, word))
        if end != m.end():
            for particle in m.group(1).replace("\u00a0", " ").split(" ")[1:]:
                out.append((end + 1, end + 1 + len(particle), particle))
                end += 1 + len(particle)
    if "l-" in text:  # every match holds it: a cheap first test
        joined = [(h.start(), h.end(), h.group(0)) for h in _HYPHEN_PARTICLE.finditer(text)]
        if joined:
            out = sorted(out + joined)
    return out


def _runs(text: str) -> list[list[tuple[int, int, str]]]:
    """Maximal runs of capitalised tokens separated by single spaces only."""
    runs: list[list[tuple[int, int, str]]] = []
    cur: list[tuple[int, int, str]] = []
    for tok in _tokens(text):
        s, _e, w = tok
        joined = bool(cur) and text[cur[-1][1] : s] in (" ", "\u00a0")
        # tokens are never empty, so w[0] is safe; the particle test only matters inside a run
        if w[0].isupper() or (cur and joined and (w.lower() in _PARTICLES or _HYPHEN_PARTICLE.match(w))):
            if cur and not joined:
                runs.append(cur)
                cur = []
            cur.append(tok)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


def _strip_possessive(word: str) -> str:
    if word[-1:] not in ("s", "’", "'"):
        return word  # every suffix below ends in one of these: most words stop here
    for suffix in ("’s", "'s", "’", "'"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


_AND_BEFORE = re.compile(r"\b([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})\s*(?:,|\s+and)\s+$")
_SPEECH_IN_CLAUSE = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
_ADMINISTRATION = re.compile(r"^\s+administration(?:’s|'s)?\b")
_AGE_AFTER = re.compile(r"^,\s+(?:\d{1,3}|aged\s+\d{1,3}),")
# "who gives only his first name, Bohdan", "identified only as Pawel K."
_NAMED_BEFORE = re.compile(
    r"(?:first\s+name|surname|(?:identified|named|called|introduced)\s+(?:only\s+|himself\s+|herself\s+)?as)"
    r"\s*,?\s*$",
    re.I,
)


def _named_before(before: str) -> bool:
    """``_NAMED_BEFORE`` at the end of ``before``, tested only when the window can match.

    An end-anchored search tries every start of an 80-character window, for every
    run. The pattern ends in "...name" or "...as", then spaces and at most one
    comma: so the last two letters before those must be "me" or "as" in some case
    ("ſ" is the one other letter that matches "s" under ``re.I``).
    """
    tail = before.rstrip()
    if tail.endswith(","):
        tail = tail[:-1].rstrip()
    if len(tail) < 2 or tail[-2] not in "mMaA" or tail[-1] not in "eEsS\u017f":
        return False
    return _NAMED_BEFORE.search(before) is not None


def _speech_before(window: str) -> bool:
    """``_SPEECH_BEFORE`` in ``window``, tested only when a word it needs is there.

    Every branch of the pattern contains one of these words, so a window without
    any cannot match, and a substring test is far cheaper than the anchored search.
    """
    if not (
        "said" in window
        or "says" in window
        or "added" in window
        or "wrote" in window
        or "according" in window
    ):
        return False
    return _SPEECH_BEFORE.search(window) is not None


# a name after "Minister of Youth and Sports", "Minister for Integration" or "Minister of State for
# Petroleum": the last two words of the run
_LONG_TITLE_BEFORE = re.compile(
    r"\b(?:[Mm]inister|[Ss]ecretary|[Cc]ommissioner|[Hh]ead|[Cc]hief|[Dd]irector|[Cc]hair(?:man|woman)?|"
    r"[Pp]resident|[Gg]overnor|[Mm]ayor|[Aa]mbassador)\s+(?:of|for)\s+(?:the\s+)?(?:State\s+(?:for|of)\s+(?:the\s+)?)?"
    r"(?:(?:[A-Z][\w'’-]*\s+)*(?:and|&)\s+)?$"
)
_ORG_CONTINUES = re.compile(r"\b([A-Z][\w'’-]*)\s+(?:of|for|on)\s+(?:the\s+)?$")
_ORG_TAIL = ("of", "for", "on", "the")  # what the text before those spaces must end with
_FOR_ORG_AFTER = re.compile(r"^\s+for\s+(?:the\s+)?[A-Z]")
_INITIAL = re.compile(r"^[A-Z]\.$")
# a regnal number after a name: "Pope Leo XIV", "King Charles III"
_REGNAL = re.compile(r"^(?:X{0,2})(?:I{1,3}|IV|V|VI{1,3}|IX)?$")


def _headline(paragraph: str) -> bool:
    """A title-case line ("Statement from President Joe Biden on Russia's Attack ...")."""
    # the cheap tests first: most paragraphs are long or end with a full stop
    if len(paragraph) > 220 or paragraph.rstrip().endswith((".", '."', ".”")):
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", paragraph) if len(w) > 3]
    if len(words) < 4:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.75


# what makes "Marine" before a name a service and not a given name
_SERVICE_BEFORE = re.compile(r"(?:\bU\.?S\.?|\bformer|\bex-|\bRoyal|\bretired)\s*$")

# quote marks around a title ("Black Box Diaries"), as single characters
_TITLE_MARKS = frozenset("\"'“”‘’«»")


def extract_people(text: str, m: Matchers) -> list[Found]:
    people: list[Found] = []
    by_key: dict[str, Found] = {}
    orgs, first_names, org_heads, title_words = m.organisations, m.first_names, m.org_heads, m.title_words
    thing_before = m.thing_before
    # whole multi-word aliases of countries, places and weapons ("San Marino", "Chasiv Yar"): their
    # single words ("Marino") only stop a name when the whole alias stands in it
    multi_hits = [
        (h.start(), h.end())
        for g in (m.country_re, m.place_re, m.weapon_re)
        if g is not None
        for h in g.finditer(text)
        if " " in h.group(0)
    ]

    def in_multi(s: int, e: int) -> bool:
        return any(hs < e and s < he for hs, he in multi_hits)

    def stop_word(tok: tuple[int, int, str]) -> bool:
        low = _strip_possessive(tok[2]).lower().rstrip(".")
        if low not in m.stop_names:
            return False
        return low not in m.multi_words or in_multi(tok[0], tok[1])

    def country_in(fragment: str) -> str | None:
        if m.country_re is None:
            return None
        hit = m.country_re.search(fragment)
        return m.country_of.get(norm(hit.group(0))) if hit else None

    def place_country_in(fragment: str) -> str | None:
        for hit in m.place_re.scan(fragment):
            host = m.place_host.get(norm(hit.group(0)))
            if host:
                return host
        return None

    def find_existing(words: list[str]) -> Found | None:
        key = norm(" ".join(words))
        if key in by_key:
            return by_key[key]
        last = words[-1]
        if len(words) == 1:
            # of two people the word could name, the one named last ("Kim Jong Un's sister Kim Yo
            # Jong ... Kim said" is the sister)
            for p in reversed(people):
                if last in p.surnames:
                    return p
            # "Lee" after "Lee Seong-kweun": a family name written first, or a given name used again
            for p in reversed(people):
                if len(p.name.split()) > 1 and p.name.split()[0] == last:
                    return p
        else:
            # "Mr Putin" style, or the end of a known name ("Lund Poulsen", "Von der Leyen")
            low = [w.lower() for w in words]
            for p in people:
                parts = [w.lower() for w in p.name.split()]
                if (
                    parts[-1] == low[-1]
                    and (
                        parts[0] == low[0]
                        or parts[-len(low) :] == low
                        # "Lopez Obrador" in a headline, then "Andres Manuel Lopez Obrador"
                        or (len(parts) > 1 and low[-len(parts) :] == parts)
                    )
                ):
                    return p
            # "Mr Ovsyannikov, 44, ..." named first by surname, then in full: one person
            for p in people:
                if p.actor is None and " " not in p.name and p.name.lower() == low[-1]:
                    return p
            # "PM Imran holds talks" in a headline, then "Imran Khan": a given name, then in full
            for p in people:
                if (
                    p.actor is None
                    and " " not in p.name
                    and p.name.lower() == low[0]
                    and p.name in first_names
                ):
                    return p
        return None

    things: set[str] = set()  # names of ships and companies met in this post
    # names with no cue of their own, kept for a second look (lists of names, a surname used again)
    pending: list[tuple[int, int, list[str], str | None]] = []

    for run in _runs(text):
        if text[run[0][0] - 1 : run[0][0]] in _TITLE_MARKS:
            closer = text[run[-1][1] : run[-1][1] + 1]
            if (len(run) > 1 and closer in _TITLE_MARKS) or (len(run) == 1 and closer == ","):
                # a title standing alone in quote marks (the film "Black Box Diaries"), or a name the
                # speaker calls someone by at the head of a quote (“Masha, the strike ...”)
                continue
        if len(run) == 1:
            # one capitalised word ("The", "Kyiv", "Reuters"): four runs in five. With no lead, no
            # opener and no title it is a person only as a catalogue actor, a name already found or
            # a lone given name; the general path below reaches the same `continue` for the rest,
            # only after far more work
            word = _strip_possessive(run[0][2])
            if word.lower() in _PARTICLES or (
                word not in first_names
                and m.actor_of.get(norm(word)) is None
                and find_existing([word]) is None
            ):
                continue
        words = [w for _, _, w in run]
        # leading part: honorifics, roles, demonyms, countries -> context, not name
        i = 0
        lead_words: list[str] = []
        while i < len(words) - 1:
            w = _strip_possessive(words[i])
            low = w.lower().rstrip(".")
            if (
                stop_word(run[i])
                # a known person whose given name is also a demonym ("German Galushchenko")
                and m.actor_of.get(norm(" ".join(_strip_possessive(x) for x in words[i:]))) is None
                or w in m.honorifics
                or w.rstrip(".") in m.honorifics
                or low in org_heads
                # "former U.S. Marine Paul Whelan": a service, where "Marine Le Pen" is a given name
                or (
                    w == "Marine"
                    and _SERVICE_BEFORE.search(text, max(0, run[i][0] - 12), run[i][0]) is not None
                )
                # an agency's acronym before a title: "KAPO Director General Margo Palloson"
                or (w.isupper() and len(w) >= 2 and i < len(words) - 2)
            ):
                lead_words.append(words[i])
                i += 1
                continue
            break
        name_toks = run[i:]
        # "But Margus Tsahkna", "Today David Knowles": drop a sentence opener before a name
        openers: list[str] = []
        # (and a weekday: "On Wednesday Jenssen told VG ...")
        while len(name_toks) > 1 and (
            _strip_possessive(name_toks[0][2]) in _OPENERS
            or name_toks[0][2] in _WEEKDAYS
            or (name_toks[0][2] in _MONTHS and bool(openers) and openers[-1] in _BEFORE_A_MONTH)
        ):
            openers.append(name_toks[0][2])
            name_toks = name_toks[1:]
        # a title inside the run ends the lead: "Chief Cabinet Secretary Yoshimasa Hayashi"
        for k in range(len(name_toks) - 2, -1, -1):
            w = _strip_possessive(name_toks[k][2]).rstrip(".")
            if w.lower() in title_words or w in m.honorifics:
                lead_words.extend(t[2] for t in name_toks[: k + 1])
                name_toks = name_toks[k + 1 :]
                break
        for j in range(1, len(name_toks) - 1):
            if (
                name_toks[j][2] in first_names
                and name_toks[0][2] not in first_names
                # "Musaed bin Mohammed al-Aiban": a father's given name after "bin" is the name's
                and name_toks[j - 1][2].lower() not in _PARTICLES
            ):
                lead_words.extend(w for _, _, w in name_toks[:j])
                name_toks = name_toks[j:]
                break
        if not name_toks:
            continue
        before_run = text[max(0, name_toks[0][0] - 80) : name_toks[0][0]]
        # "Minister of Youth and Sports Matviy Bidnyi"
        if len(name_toks) >= 3 and _LONG_TITLE_BEFORE.search(before_run):
            lead_words.extend(t[2] for t in name_toks[:-2])
            name_toks = name_toks[-2:]
        # trailing possessive ends the name: "Vladimir Putin’s regime"
        cut = len(name_toks)
        for j, (_, _, w) in enumerate(name_toks):
            if _strip_possessive(w) != w:
                cut = j + 1
                break
        name_toks = name_toks[:cut]
        words_n = [_strip_possessive(w) for _, _, w in name_toks]
        while words_n and words_n[-1].lower() in _PARTICLES:
            words_n.pop()
            name_toks = name_toks[:-1]
        if (
            not words_n
            or any(w in _WEEKDAYS or _LOWER_COMPOUND.search(w) for w in words_n)
            or words_n[0].lower().split("-")[0] in NUMBER_WORDS
        ):
            # "On Saturday"; "Cook Islands-flagged", "Kremlin-backed"; "Twenty-four UAVs were
            # destroyed" at the head of a sentence: no names
            continue
        if (
            len(words_n) == 2
            and words_n[0] not in first_names
            and m.actor_of.get(norm(words_n[1])) is not None
            and m.actor_of.get(norm(" ".join(words_n))) is None
        ):
            line_start = text.rfind("\n", 0, name_toks[0][0]) + 1
            line_end = text.find("\n", name_toks[0][0])
            line = text[line_start : line_end if line_end != -1 else len(text)]
            if _headline(line) or (line_start == 0 and not line.rstrip().endswith((".", '."', ".”"))):
                # "Defiant Zelensky vows ...", "Fake Putin address ...": a headline's word before
                # a known surname describes the person, it is no given name
                name_toks = name_toks[1:]
                words_n = words_n[1:]
        start = name_toks[0][0]
        end = name_toks[-1][1]
        key = norm(" ".join(words_n))
        actor: Actor | None = m.actor_of.get(key)  # type: ignore[assignment]
        existing = find_existing(words_n)
        lone = existing is None and actor is None and len(words_n) == 1 and not lead_words
        if lone and words_n[0] not in first_names:
            # most runs are one capitalised word ("The", "Kyiv", "Reuters") that is no known
            # name: it can only be a lone given name (below), so stop before the window tests
            continue
        before = text[max(0, run[0][0] - 80) : run[0][0]]
        after = text[end : end + 160]
        para_start = text.rfind("\n", 0, start) + 1
        para_end = text.find("\n", end)
        headline = _headline(text[para_start : para_end if para_end != -1 else len(text)])
        # the name was written as a possessive ("Vladimir Putin’s")
        possessive = name_toks[-1][2] != words_n[-1]
        if _ADMINISTRATION.match(after) and not possessive:
            # "the Trump administration" names a government, not a person (TAXONOMY); "Donald
            # Trump's administration" names him
            continue
        named = _named_before(before)
        speaks = (
            bool(_SPEECH_AFTER.match(after)) and not (after.startswith(",") and IN_APPOSITIVE.search(before))
        ) or _speech_before(before[-60:])
        if named and existing is not None and len(words_n) == 1 and existing.name != words_n[0]:
            # "who gave only his first name, Volodymyr": someone new, not Volodymyr Zelensky again
            existing = None
            lone = actor is None
        if lone:
            # a lone given name is a person when it speaks or is introduced ("said Serhiy, the commander")
            w0 = words_n[0]
            lone_ok = (
                w0 in first_names
                and not headline
                and not stop_word(name_toks[0])
                # "a visit to Sofia, the first stop": a capital, though Sofia is a given name
                and norm(w0) not in m.capital_of
                and (speaks or named or bool(_AGE_AFTER.match(after)) or bool(_APPOSITIVE.match(after)))
            )
            if not lone_ok:
                continue
        if existing is None and actor is not None:
            # the same known person in another spelling ("Lavrov ... Sergey Lavrov")
            existing = next((p for p in people if p.actor is actor), None)
        if existing is not None:
            shorter = existing.name.lower().split()
            if len(words_n) > len(shorter) > 1 and [w.lower() for w in words_n[-len(shorter) :]] == shorter:
                # "Von der Leyen: ..." in a headline, then "Ursula von der Leyen": the full name
                existing.name = " ".join(words_n)
                by_key[norm(existing.name)] = existing
            if existing.actor is None and " " not in existing.name and len(words_n) >= 2:
                # the full name of someone named so far by surname only: the name the post gives
                existing.name = " ".join(words_n)
                existing.surnames.add(_surname(words_n))
                by_key[norm(existing.name)] = existing
            if (
                not existing.written
                and len(words_n) >= 2
                and existing.actor is not None
                and (actor is existing.actor or actor is None)
            ):
                # named by surname first: the full name as the text first writes it (with a middle
                # initial the catalogue does not hold: "Antony J. Blinken")
                existing.name = " ".join(words_n)
                existing.written = True
                by_key[norm(existing.name)] = existing
            if existing.role is None and lead_words:
                # first named with no title ("Lopez Obrador rules out ..." in a headline), then with
                # one ("Mexican President Andres Manuel Lopez Obrador")
                existing.role = _role_before(before, lead_words, m)
                if existing.role is not None and existing.country is None:
                    existing.country = _context_country(
                        " ".join(lead_words), None, existing.role, before, country_in, place_country_in
                    )
            existing.mentions.append((start, end, speaks))
            continue
        # not people: ships ("the frigate Admiral Makarov"), units ("Khortytsia group"), bodies
        # ("Institute for the Study of War", "Institute of Forensic Expertise")
        if actor is None:
            if thing_before is not None and thing_before.search(before[-40:]):
                things.add(key)  # "the patrol ship Sergei Kotov": later "the Sergei Kotov" too
                continue
            if (
                m.vessel_after is not None
                and before.endswith(("the ", "The "))
                and m.vessel_after.search(after[:90])
            ):
                things.add(key)  # "the Sergei Kotov, a Russian Black Sea Fleet patrol ship"
                continue
            if key in things:
                continue
            listed = _AND_BEFORE.search(before[-60:]) if things else None
            if listed and norm(listed.group(1)) in things:
                things.add(key)  # "the patrol ships Sergei Kotov and Vasily Bykov"
                continue
            if before.endswith(("the ", "The ")) and lead_words and lead_words[0].rstrip(".") in m.honorifics:
                continue
            nxt = re.match(r"^\s+([a-z][\w-]*)", after)
            # "Azov brigade" is a unit, but "President Cyril Ramaphosa's office" is his
            owner = possessive and (bool(lead_words) or words_n[0] in first_names)
            if nxt and nxt.group(1) in m.unit_words and not owner:
                continue
            if _FOR_ORG_AFTER.match(after):
                continue
            # the pattern ends in "of", "for", "on" or "the" and spaces: test that before searching
            oc = _ORG_CONTINUES.search(before_run) if before_run.rstrip().endswith(_ORG_TAIL) else None
            if oc and oc.group(1) in orgs and not lead_words and before_run.endswith(oc.group(0)):
                continue
        lead_text = " ".join(lead_words)
        role = _role_before(before, lead_words, m)
        appositive = None
        ap = _APPOSITIVE.match(after)
        if ap is None and m.role_re is not None and (bare := _BARE_APPOSITIVE.match(after)):
            # "Oleh Hryhorenko, head of the regional police,": a role with no article
            title = m.role_re.search(after[bare.end() : bare.end() + 60])
            if title is not None and title.start() == 0:
                ap = bare
        if ap:
            # the appositive ends with its sentence: "In February, the same unit sank a ship. The
            # frigate Admiral Makarov ..." gives February no title
            inside = _SENTENCE_END.split(after[1:], maxsplit=1)[0]
            clause = inside.split(",")[0] if not inside.lstrip().startswith(("who", "whose")) else ""
            if len(ap.group(0)) > 0 and clause:
                clause2 = inside.split(",")
                frag = (
                    ",".join(clause2[:2])
                    if clause2 and clause2[0].strip()[-2:] in ("’s", "'s")
                    else clause2[0]
                )
                # ", the prime minister said: ..." is the next sentence's subject, not an appositive
                if m.role_re is not None and not _SPEECH_IN_CLAUSE.search(frag):
                    r = m.role_re.search(frag)
                    if r:
                        appositive = frag
                        role = role or r.group(0)
        cue_lead = [w for w in lead_words if w not in openers]
        is_person = False
        if actor is not None:
            is_person = True
        elif len(words_n) == 1:
            w0 = words_n[0]
            bad = stop_word(name_toks[0]) or w0 in orgs or (w0.isupper() and not _INITIAL.match(w0))
            titled = bool(cue_lead) and any(
                lw.rstrip(".") in m.honorifics or (m.role_re and m.role_re.fullmatch(lw)) for lw in cue_lead
            )
            if headline:
                titled = titled and w0 in first_names
            lone = w0 in first_names and not cue_lead
            is_person = not bad and (titled or (role is not None and bool(cue_lead)) or lone)
        else:
            bad = (
                any(
                    stop_word(t)
                    # a weapon's name as a family name after a known given name: "Igor Kornet"
                    and not (
                        k == 1 == len(words_n) - 1
                        and words_n[0] in first_names
                        and norm(words_n[1]) in m.weapon_of
                    )
                    for k, t in enumerate(name_toks)
                )
                # a body's name, unless it is the family name after a known given name ("Anatoly Antonov")
                or any(w in orgs for w in words_n[1:] if len(words_n) != 2 or words_n[0] not in first_names)
                # "Saint Sophia Cathedral", "35th Marine Brigade": a building or a unit, though
                # Sophia and Marine are given names
                or words_n[-1] in m.landmark_words
                or (words_n[0] in orgs and words_n[0] not in first_names)  # "Bill" Blair, not a Bill
                or " ".join(words_n) in orgs  # "Truth Social"
                or any(
                    w.isupper() and len(w) > 1 and not _INITIAL.match(w) and not (k and _REGNAL.match(w))
                    for k, w in enumerate(words_n)
                )
                # particles do not count: "Mohamed bin Zayed Al Nahyan"
                or sum(w.lower() not in _PARTICLES for w in words_n) > 4
            )
            if not bad:
                strong = (
                    role is not None
                    or any(w.rstrip(".") in m.honorifics for w in cue_lead)
                    or words_n[0] in first_names
                )
                cue = (
                    strong
                    or speaks
                    or named
                    or appositive is not None
                    or bool(_AGE_AFTER.match(after))
                    or (not headline and bool(cue_lead))
                    or (len(words_n) <= 3 and bool(_VERB_AFTER.match(after)))
                )
                is_person = strong if headline else cue
                if not is_person and not headline and len(words_n) <= 3:
                    pending.append((start, end, words_n, role))
        if not is_person:
            # a role with no name yet ("the Estonian foreign minister") waits for one
            continue
        person = _new_person(words_n, actor, role)
        ctx = _context_country(lead_text, appositive, role, before, country_in, place_country_in)
        if ctx is not None:
            person.country = ctx
        person.mentions.append((start, end, speaks))
        people.append(person)
        by_key[norm(person.name)] = person
        by_key[key] = person
    _second_look(text, people, by_key, pending)
    people.sort(key=lambda p: min(s for s, _e, _sp in p.mentions))
    return people


def _role_before(before: str, lead_words: list[str], m: Matchers) -> str | None:
    """The role written right before a name ("Defence Secretary John Healey", "Russia's deputy
    foreign minister, Sergei Vershinin", "the governor of Poltava region, Filip Pronin")."""
    if m.role_re is None:
        return None
    lead_text = " ".join(lead_words)
    hits = m.role_re.scan(before[-60:] + " " + lead_text)
    if not hits or not (lead_words or re.search(r"(?:^|[\s,(])(?:the\s+)?[\w’' -]*$", before[-60:])):
        return None
    # role only when it stands right before the name
    tail = (before[-60:] + " " + lead_text).rstrip()
    last = hits[-1]
    rest = tail[last.end() :]
    # with title words before the name, the role must be among them or right before them ("press
    # secretary Maj. Gen. Pat Ryder"): "condemned by UN Secretary-General António Guterres and by
    # Pope Francis" gives Francis no role
    if (
        rest.strip(" ,") == ""
        or (lead_words and lead_text.endswith(rest.strip(" ,")))
        or re.fullmatch(r"\s*(?:of|for|in|at|to)\s+(?:the\s+)?[\w’' -]{1,40},\s*", rest)
    ):
        return last.group(0)
    return None


_SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})


def _surname(words: list[str]) -> str:
    """The family name of a full name: "Kambosos" in "George Kambosos Jr."."""
    if len(words) > 1 and words[-1] in _SUFFIXES:
        return words[-2]
    return words[-1]


def _new_person(words_n: list[str], actor: Actor | None, role: str | None) -> Found:
    """A person as first named: a known actor keeps its catalogue country and every surname."""
    if actor is not None:
        name = actor.name
        # keep the spelling the text uses: the full name as written, or the catalogue's given
        # names before the surname as written ("Zelenskyy" alone: Volodymyr Zelenskyy)
        if len(words_n) >= 2:
            name = " ".join(words_n)
        elif (
            words_n[0] != _surname(actor.name.split())
            # a family name written first ("Xi" of Xi Jinping) is the catalogue's name already
            and words_n[0] != actor.name.split()[0]
            and words_n[0] in actor.aliases
        ):
            name = " ".join([*actor.name.split()[:-1], words_n[0]])
        person = Found(name=name, role=role or actor.role, country=actor.country, actor=actor)
        person.written = len(words_n) >= 2
        person.surnames.update(_surname(a.split()) for a in (actor.name, *actor.aliases))
    else:
        person = Found(name=" ".join(words_n), role=role)
    person.surnames.add(_surname(words_n))
    return person


def _context_country(lead_text, appositive, role, before, country_in, place_country_in) -> str | None:
    """The state the text gives a person: in the title ("Lithuanian foreign minister"), the
    appositive ("..., Russia's envoy"), the words of the title before the name, or a place."""
    ctx = country_in(lead_text) if lead_text else None
    if ctx is None and appositive:
        ctx = country_in(appositive)
    if ctx is None and role is not None:
        # only the words of the title itself: "Germany's defence minister X", not the sentence before
        zone = re.split(r"[.;:“”\"(]", before)[-1]
        if zone.rstrip().endswith(","):
            zone = zone.rstrip()[:-1]
        zone = zone.split(",")[-1]
        if len(zone) <= 60:
            ctx = country_in(zone) or place_country_in(zone + " " + lead_text)
    if ctx is None and lead_text:
        ctx = place_country_in(lead_text)  # "Kharkiv mayor Ihor Terekhov"
    return ctx


_LIST_GAP = re.compile(r"^(?:,\s*(?:\d{1,3},\s*)?(?:and\s+)?|\s+and\s+|,\s+(?:\d{1,3},\s+)?and\s+)$")


# what may follow or precede a surname used again on its own; matched at a found position, so
# no pattern is built per surname (building one per name cost more than all the rest of people)
# "Chernov said", "Chernov has", or his age after the surname ("Fury, 35, insisted")
_ECHO_TAIL = re.compile(
    rf"(?:’s|'s)?\s+(?:{SPEECH_VERBS}|has|had|was|is|who|will)\b|,\s+(?:\d{{1,3}}|aged\s+\d{{1,3}}),|,\s+who\b"
)
_SPEECH_TAIL = re.compile(rf"(?:’s|'s)?\s+(?:{SPEECH_VERBS})\b")
_HONORIFIC_END = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+$")


def _wordish(ch: str) -> bool:
    """A character of a word or a hyphen: what a surname must not touch."""
    return ch.isalnum() or ch in "_-"


def _occurrences(text: str, word: str):
    i = text.find(word)
    while i != -1:
        yield i
        i = text.find(word, i + 1)


def _whole_word_at(text: str, word: str) -> list[int]:
    """Starts of ``word`` where it stands alone (not inside a longer or hyphenated word)."""
    out: list[int] = []
    for i in _occurrences(text, word):
        j = i + len(word)
        if (i == 0 or not _wordish(text[i - 1])) and (j == len(text) or not _wordish(text[j])):
            if not out or i >= out[-1] + len(word):
                out.append(i)
    return out


def _echoed_after(text: str, last: str) -> bool:
    """ "Mr Chernov" or "Chernov said / has / was / who" somewhere in ``text``."""
    for i in _occurrences(text, last):
        j = i + len(last)
        end_ok = j == len(text) or not (text[j].isalnum() or text[j] == "_")
        if end_ok and last[-1:].isalnum() and _HONORIFIC_END.search(text, 0, i):
            return True
        if (i == 0 or not _wordish(text[i - 1])) and _ECHO_TAIL.match(text, j):
            return True
    return False


def _speaks_before(text: str, last: str) -> bool:
    """ "..., Chernov said" earlier in the post: the surname after punctuation, then a speech verb."""
    for i in _occurrences(text, last):
        q = i
        while q > 0 and text[q - 1].isspace():
            q -= 1
        if q > 0 and (_wordish(text[q - 1]) or text[q - 1].isspace()):
            continue
        if _SPEECH_TAIL.match(text, i + len(last)):
            return True
    return False


def _second_look(
    text: str,
    people: list[Found],
    by_key: dict[str, Found],
    pending: list[tuple[int, int, list[str], str | None]],
) -> None:
    """Names with no cue of their own: one listed beside a person ("Evan Gershkovich, Paul
    Whelan and Alsu Kurmasheva"), or whose surname the post uses again on its own as a
    subject ("Chernov said", "Mr Chernov")."""
    changed = True
    while changed and pending:
        changed = False
        spans = sorted((s, e) for p in people for s, e, _sp in p.mentions)
        for cand in list(pending):
            s, e, words, role = cand
            listed = any(
                _LIST_GAP.match(text[pe:s])
                # "..., Maliar said" after it is the sentence's speaker, not the next of a list
                or (_LIST_GAP.match(text[e:ps]) and not _SPEECH_TAIL.match(text, pe))
                for ps, pe in spans
                if 0 <= s - pe <= 12 or 0 <= ps - e <= 12
            )
            last = words[-1]
            echo = _echoed_after(text[e:], last) or _speaks_before(text[:s], last)
            if not (listed or echo):
                continue
            pending.remove(cand)
            person = Found(name=" ".join(words), role=role)
            person.surnames.add(_surname(words))
            person.mentions.append((s, e, False))
            for start in _whole_word_at(text, last):
                if any(ms <= start < me for ms, me, _ in person.mentions):
                    continue
                if any(ps <= start < pe for ps, pe in spans):
                    continue
                end = start + len(last)
                speaks = bool(_SPEECH_AFTER.match(text[end : end + 160]))
                person.mentions.append((start, end, speaks))
            person.mentions.sort()
            people.append(person)
            by_key[norm(person.name)] = person
            changed = True
