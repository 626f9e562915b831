"""Tie numbers to weapon classes and say what happened to them.

"shot down eight out of 11 Russian drones" gives one fact: drone, destroyed 8,
launched 11. A number binds to the class word or weapon name that follows it
through a few modifiers ("23 Shahed-131/136 attack drones"). What happened
comes from a passive right after the phrase ("... were shot down"), else from
the nearest verb before the number in its clause ("air defence destroyed 21
UAVs"), else it is a launch. Elliptical numbers take the class and verb of
the fact before them: "six over Kursk and three over Bryansk", "two of them
hit", "the remaining four were suppressed".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from streams.core.enrich.matchers import Matchers, norm
from streams.core.enrich.numbers import NUMBER, NUMBER_RE, WORDS, to_int
from streams.core.phrases import Guarded, fold_case


def _for_folded(pattern: str) -> re.Pattern[str]:
    """A case-blind pattern made case-sensitive, to run on text as ``fold_case`` gives it.

    Its letters are all lower case, so it finds the same matches at the same places
    (``fold_case`` keeps the length of the text), three to four times faster than
    with IGNORECASE, which folds every character the engine compares.
    """
    case_free = pattern.replace("(?i:", "(?:")
    assert not re.search(r"(?<!\\)(?<!\(\?)[A-Z]", case_free), pattern  # no capital it would miss
    return re.compile(case_free)


COUNT_CLASSES = frozenset(
    {
        "drone",
        "ballistic missile",
        "cruise missile",
        "guided missile",
        "anti-aircraft missile",
        "missile",
        "rocket",
        "glide bomb",
        "aerial bomb",
        "air targets",
    }
)
GENERIC_WORDS = frozenset({"missile", "missiles", "rocket", "rockets", "bomb", "bombs"})

# what a number word starts with; a count with its qualifier starts with one of these or a
# digit: a look-ahead for them first lets the engine pass over other places at once (searching
# with the pattern alone tries its two dozen qualifiers and numbers at every place)
_NUM_FIRST = "".join(sorted({w[0] for w in WORDS}))
_NUM = rf"(?<![\w\-/.,:£$€])(?i:{NUMBER})(?![\w\-/])(?!\s*(?:%|per\s*cent|percent))"
_QUAL = (
    r"(?i:(?P<qual>about|around|some|nearly|almost|approximately|roughly|over|more\s+than|"
    r"at\s+least|up\s+to|a\s+total\s+of|total\s+of|a\s+record|another|a\s+further|further|"
    r"only|all|all\s+of\s+the|all\s+the|all\s+of\s+its|just|as\s+many\s+as|"
    r"no\s+fewer\s+than|at\s+most|the\s+remaining|the\s+other|the\s+last)\s+)?"
)
_MOD_WORDS = (
    r"(?i:russian|ukrainian|iranian|enemy|hostile|attack|strike|kamikaze|combat|decoy|"
    r"imitation|imitator|unmanned|uncrewed|autonomous|aerial|air|sea|naval|surface|maritime|marine|underwater|long-range|short-range|"
    r"medium-range|air-launched|sea-launched|ground-launched|guided|unguided|more|"
    r"additional|new|of|the|type|types|and|or|various|different|heavy|fixed-wing|"
    r"reconnaissance|jet|jet-powered|anti-aircraft|anti-ship|anti-radar|hypersonic|ballistic|cruise|"
    r"tactical|operational|operational-tactical|modified|its|their|his|enemy's|russia's|ukraine's|incoming|"
    r"[\w'’.]+-(?:type|made|built|designed|supplied|launched|class|style|based|guided|range|wing))"
)
_MOD = rf"(?:{_MOD_WORDS}|[A-Z][\w'’#]*(?:[-/][\w#]+)*|\w*#\w*(?:[-/][\w#]+)*)"
_QUAL_FIRST = "afjmnorstu"  # about, further, just, more than, nearly, over, roughly, some, the other, up to
_LEAD = Guarded(
    re.compile(
        rf"(?=(?i:[\d{_NUM_FIRST}{_QUAL_FIRST}])){_QUAL}(?P<num>{_NUM})(?:\s+\(?(?i:out\s+)?(?i:of)\s+(?i:the\s+|a\s+total\s+of\s+|all\s+)?"
        rf"(?:{_QUAL.replace('qual', 'qual2')})?(?P<total>{_NUM})\)?)?(?P<mods>(?:\s+{_MOD}){{0,6}}?)\s*$"
    )
)

# "every one of the 18 missiles": the whole salvo with its number
_EVERY_ONE_OF_THE = re.compile(rf"\b(?i:every\s+one\s+of\s+the)(?=\s+{_NUM}\s)")
# "All 35 of the Shahed drones": the whole salvo with its number ("of the" is blanked for _LEAD)
_ALL_N_OF_THE = re.compile(rf"\b(?i:all)\s+{_NUM}(\s+(?i:of)\s+(?i:the)\s+)(?:{_MOD}\s+){{0,6}}?$")


def _splice(text: str, start: int, end: int, new: str) -> str:
    """``text`` with ``text[start:end]`` replaced by ``new`` padded to the same length, so every
    position after it stays where it was."""
    return text[:start] + new.ljust(end - start) + text[end:]


def _as_all_n(window: str) -> str:
    """The window before a weapon with "every one of the 18" and "All 35 of the" written as
    "all 18" and "All 35", which ``_LEAD`` reads as a whole salvo with its number."""
    every = _EVERY_ONE_OF_THE.search(window)
    if every is not None:
        window = _splice(window, every.start(), every.end(), "all")
    of_the = _ALL_N_OF_THE.search(window)
    if of_the is not None:
        window = _splice(window, of_the.start(1), of_the.end(1), "")
    return window


# "both drones", "all the missiles", "both of the Kh-59s": a whole salvo without its number
_WHOLE_SALVO = Guarded(
    re.compile(rf"\b(?i:(?P<both>both)|all)\s+(?i:of\s+)?(?i:the\s+)?(?P<mods>(?:{_MOD}\s+){{0,4}}?)$")
)

# "... by the military using electronic warfare systems": what makes "disabled" a loss, not a kill
_BY_EW = r"[^.;]{0,80}electronic\s+warfare"
_DESTROYED = (
    r"shot\s+down|shoot\s+down|shoots\s+down|shooting\s+down|downed|downs|brought\s+down|bring\s+down|destroyed|destroy|"
    r"destroying|intercepted|intercept|intercepting|neutrali[sz]ed|eliminated|repelled|took\s+down|"
    r"knocked\s+out|defeated|hit\s+by\s+air\s+defen[cs]e|downing(?:\s+of)?|accounted\s+for|"
    # disabled or put out of action by electronic warfare: lost
    rf"(?:disabled|put\s+out\s+of\s+action)(?!{_BY_EW})"
)
_LOST = (
    r"locationally\s+lost|lost\s+locationally|location(?:ally)?[\s-]lost|lost|losing|suppressed|jammed|"
    # "were disabled by the military using electronic warfare systems"
    rf"(?:disabled|put\s+out\s+of\s+action)(?={_BY_EW})|"
    r"left\s+(?:the\s+)?(?:[\w'’]+\s+){0,2}?airspace|did\s+not\s+reach|failed\s+to\s+reach|failing\s+to\s+reach|disappeared|"
    r"went\s+missing|vanished|vanishing|disappearing|redirected|diverted|flew\s+back|"
    # "flew into Belarus", "flew towards Russia": away from their targets ("five missiles flew into
    # our city" reached theirs)
    r"flew\s+out\s+of\s+(?:the\s+)?(?:[\w'’]+\s+){0,2}?airspace|"
    # "two drones turned back into Russian airspace and one flew off in the direction of Belarus"
    r"turned\s+back|"
    r"flew\s+(?:off\s+|away\s+)?(?:towards?|into|in\s+the\s+direction\s+of)\s+(?:the\s+)?(?:belarus|russia|moldova|romania|poland|"
    r"occupied|enemy|neighbouring|neighboring|black\s+sea|sea|airspace|territory\s+of\s+(?:belarus|russia))"
)
_HIT = r"hit|hits|struck|reached|landed|fell|exploded|slammed|smashed|got\s+through|hits\s+(?:by|from|of)"
_LAUNCHED = (
    r"launched|launches|launch|launching|fired|firing|fire|used|uses|using|sent|sends|send|deployed|dropped|drops|dropping|"
    r"attacked|attacking|struck|targeted|unleashed|released|tracked|detected|recorded"
)
_VERBS = {"d": "destroyed", "l": "lost", "h": "hit", "x": "launched"}
# _PASSIVE, _SKIP, _STOCK, _ANY_VERB, _BEFORE_VERB, _ELLIPTIC, _TOTAL_BEFORE and _NOT_COUNT_BEFORE are
# case-blind: they run on ``fold_case`` text (see _for_folded)
_PASSIVE = _for_folded(
    rf"\b(?:were|was|are|is|have\s+been|had\s+been|has\s+been|been|being|got)\s+(?:all\s+|also\s+|either\s+|\w+ly\s+|"
    rf"confirmed\s+(?:as\s+)?|then\s+|later\s+)?[“\"'‘]?(?:(?P<d>{_DESTROYED})|(?P<l>{_LOST})|(?P<h>{_HIT}))\b"
)
_ACTIVE_AFTER = re.compile(
    rf"^\s*(?:(?:all|also|then|later|had|have|has|reportedly|reported)\s+)?[“\"'‘]?(?:(?P<l>{_LOST})|"
    rf"(?P<h>hit|hitting|struck|striking|reached|landed|fell|exploded|slammed|slamming\s+into|crashing\s+into|smashing\s+into|got\s+through)|"
    rf"(?P<d>downed|shot\s+down|destroyed|intercepted|brought\s+down|neutrali[sz]ed|knocked\s+out|eliminated))\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(
    rf"(?=[\s,\d{_NUM_FIRST}])(?:(?<=\s){_NUM}\s+(?:of\s+(?:them|which|these)|more|others?)\b|"
    r",?\s+(?:while|but|whereas|although)\s|,\s+(?:adding|saying|noting|stating|and\s+said|and\s+added)\b|"
    # "..., where a plant was hit": a clause about the place, not the weapons; "... before contact
    # with his aircraft was lost": a clause of its own
    r",\s+where\s|\s+(?:before(?!\s+(?:dawn|daybreak|sunrise|midnight|noon)\b)|until|because|once)\s|"
    # "launched 15 drones, and some of them were shot down": the verb is the part's
    r"\s+(?:(?:about|around|nearly|roughly|almost)\s+)?(?:some|most|many|several|none|half|part|a\s+dozen|dozens|"
    r"the\s+majority|a\s+number)\s+of\s+(?:them|which|these|those)\s+(?=(?:were|was|had|have|are|got)\b)|"
    r",\s+(?:and\s+)?(?:a\s+further|another|the\s+remaining|the\s+other)\s"
    r"|\s+and\s+(?:a\s+further|another|the\s+remaining)\s|\s+and\s+that\s)",
    re.IGNORECASE,
)
# "All 31 missiles launched at Kyiv were destroyed": a participle that only says which missiles
_WHICH_PARTICIPLE = r"(?:launched|fired|used|sent|aimed)"
_WHICH_PREPOSITION = r"(?:at|against|on|from|over|towards?|by|into|in|during|overnight)"
_WHICH_ONES = re.compile(rf"\s*{_WHICH_PARTICIPLE}(?:\s+{_WHICH_PREPOSITION}\b[^,;]{{0,60}}|\s*)$")
_SKIP = Guarded(
    _for_folded(
        # (not an adjective: "US-supplied launchers", "Western-made missiles")
        r"(?<![-‑])\b(?:suppl(?:y|ies|ied|ying)|deliver(?:s|ed|ing)?|pledg(?:e|es|ed|ing)|provid(?:e|es|ed|ing)|"
        r"donat(?:e|es|ed|ing)|produc(?:e|es|ed|ing)|manufactur(?:es|ed|ing)|to\s+manufacture|purchas(?:e|es|ed|ing)|"
        r"buy|bought|order(?:ed)?|build|built|making|to\s+make|will\s+send|to\s+send|would\s+send|transfer(?:red)?|"
        r"give|gives|giving|gave|given|hand(?:ed|ing)?\s+over|"
        r"(?:sent|sends?|sending)\s+(?:to\s+)?(?:ukraine|kyiv)\b|assistance|packages?\b|tranches?\b|sales?\b|"
        r"(?:carry(?:ing)?|carried)(?!\s+out)|smuggl(?:e|ed|ing)|seized|found|possession|sold|selling|"
        # what a launcher is able to do, no launch: "a HIMARS can fire six guided rockets", "two
        # carriers with a total salvo of up to 16 missiles"
        r"(?:can|could|able\s+to|capable\s+of)\s+(?:fire|firing|launch|launching)|(?:total|combined)\s+salvo|"
        r"salvo\s+of\s+up\s+to)\b[^.;]{0,60}$"
    )
)
# a stockpile or an output, no salvo: "has accumulated more than 800 missiles", "turning out about
# 100 missiles a month", "increase annual output to about 650 missiles"; unlike the words above, any
# verb of a count after it takes over ("amassed troops on the border and launched 40 drones")
_STOCK = Guarded(
    _for_folded(
        r"\b(?:accumulat(?:e|es|ed|ing)|stockpil(?:e|es|ed|ing)|amass(?:ed|ing)?|arsenal\s+of|"
        r"turn(?:s|ed|ing)?\s+out|churn(?:s|ed|ing)?\s+out|output)\b[^.;]{0,60}$"
    )
)
_ANY_VERB = _for_folded(rf"\b(?:{_DESTROYED}|{_LAUNCHED}|said|says|added)\b")
# a sentence about an aid package ("The package also includes ... 600 Brimstone missiles"): a
# number with no verb of its own in it is a delivery, however far back the package was named
_AID_SENTENCE = Guarded(
    _for_folded(
        r"\b(?:packages?|tranches?|shipments?|consignments?|aid|assistance|suppl(?:y|ies|ied|ying)|deliver(?:y|ies|ed|ing|s)?|"
        r"pledg(?:e|es|ed|ing)|donat(?:e|es|ed|ing|ion)|will\s+send|to\s+send|would\s+send|"
        r"(?:will|to|would)\s+(?:ship|transfer)|(?:from\s+its|army's|military's)\s+stocks?|"
        # the next sentence of a package's list: "It also contains ... 300 Switchblades"
        r"it\s+(?:also\s+)?(?:contains|comprises|includes))\b"
    )
)
_BEFORE_VERB = _for_folded(
    rf"(?<![-‑])\b(?:(?P<h2>hits?\s+(?:by|from|of))|(?P<d>{_DESTROYED}|"
    rf"losses\b(?:[^.;:]|\.(?=\d)){{0,90}}?\b(?:amounted\s+to|totall?ed|stood\s+at|included|are|were)|"
    # "put Russia's losses over the past day at 1,420 troops, ... 76 drones"
    rf"\bput\s+(?:[\w'’]+\s+){{0,3}}?losses\b(?:[^.;:]|\.(?=\d)){{0,60}}?\bat)|(?P<l>{_LOST})|(?P<h>{_HIT})|(?<!will\s)(?<!would\s)(?<!to\s)(?P<x>{_LAUNCHED}))\b"
)
# what opens the parts of a total just told, which share its verb: "shot down all 12 missiles –
# six Kinzhals and six Kalibrs – as well as two drones", "brought down 72 of 99, including all 10 Kinzhals"
_PART_OPENS = re.compile(r"(?:\bincluding|\bas\s+well\s+as|\s[–—]|\()\s*$")
_OF_WHICH = re.compile(
    rf"^[^.;,]{{0,90}},\s*(?:(?P<num>{_NUM})\s+of\s+(?:which|them|these)|of\s+which\s+(?P<num2>{_NUM})(?:\s+[\w'’#-]+){{0,3}}?)\s+"
    rf"(?:were\s+|was\s+|had\s+been\s+|have\s+been\s+)?"
    rf"(?:(?P<d>{_DESTROYED})|(?P<l>{_LOST})|(?P<h>{_HIT}))",
    re.IGNORECASE,
)
_ELLIPTIC = Guarded(
    _for_folded(
        rf"(?=[\d{_NUM_FIRST}taf])(?:(?P<rem>the\s+remaining|the\s+other|another|a\s+further|further)\s+)?(?P<num>{_NUM})"
        # "shot down 58 of the 59": the part of a salvo just told, its number written again
        rf"(?P<tail>\s+(?:out\s+)?of\s+(?:(?:them|these|those)\b|(?:the\s+)?{_NUM}(?=\s*[,.;)]|\s+(?P<ofverb>had|have|has|were|was|hit|struck|landed|reached|got\s+through)\b))|\s+(?:[–—-]\s+)?(?:more\s+|others?\s+)?(?:each\s+)?"
        # (the number's own verb, when it has one, is in "ofverb", "passive" or "verb")
        rf"(?:(?P<passive>were|was|had\s+been|have\s+been|(?:had|have)(?=\s+(?:failed|not\s+reached|gone\s+missing|disappeared|vanished)))\s+|(?=(?:over|in|above|across|near|around|off|on|towards?|after|before|during|overnight)\b|(?P<verb>flew|"
        rf"hit|struck|landed|exploded|slammed|crashed|reached|launched|fired|left|remain|flying|heading|headed|approaching|failed|failing|did\s+not|"
        rf"lost|downed|destroyed|intercepted|neutrali[sz]ed|shot\s+down|suppressed|jammed|went\s+missing|disappeared|vanished|"
        rf"disappearing|vanishing)\b)))?"
        # with no such tail, only the rest of a salvo as an object, its verb before it: "... while
        # air defences shot down the remaining one."
        r"(?(tail)|(?(rem)(?=\s*(?:[.;,)]|$))|(?!)))"
    )
)
_OF_THE_BEFORE = re.compile(r"\b(?:of\s+the|out\s+of(?:\s+the)?)\s+$", re.IGNORECASE)
_NUMBER_AFTER = re.compile(
    r"\s*(?:%|per\s*cent|people|civilians|soldiers|troops|of\s+(?:us|the\s+(?:crew|people)))", re.IGNORECASE
)
_PASSIVE_TAIL = re.compile(r"\s+(?:were|was|had\s+been|have\s+been)\s", re.IGNORECASE)
_DONE_JUST_BEFORE = _for_folded(
    rf"\b(?:(?P<d>{_DESTROYED})|(?P<l>{_LOST}))\s+(?:(?:about|some|nearly|more\s+than|at\s+least|over|all)\s+)?$"
)
# "one" opening a sentence or a clause as its subject: "One drone hit ...", "..., where one missile
# landed" (not "fired two Iskanders and one Kh-59", nor "struck with one missile")
_ONE_AS_SUBJECT = re.compile(r"(?:^\s*|[.;:!?\n]\s*|\b(?:while|where|when)\s+)\Z")
# weapons still to come: "would follow", "will arrive", "are to be delivered"
_PROMISED_AFTER = re.compile(
    r"\s+(?:(?:would|will|are\s+to|were\s+to)\s+(?:follow|arrive|be\s+(?:sent|delivered|supplied|shipped|provided|handed|transferred))|"
    r"(?:are|were)\s+(?:due|expected)\s+to\s+(?:follow|arrive|be\s+delivered))\b",
    re.IGNORECASE,
)
_REMAIN_AFTER = re.compile(r"\s*(?:remain|were\s+still)")
_OF_TOTAL = re.compile(rf"\s+of\s+the\s+(?P<total>{_NUM})")
_ALL_OF_THEM = re.compile(
    rf"^(?:[^.;]|\.(?=\s*\d)){{0,120}}?(?:,\s*(?:and\s+)?|\s+and\s+|;\s*)(?:that\s+)?"
    # (", and Ukraine's air force said every one of them ...", "... and that every one of them ...")
    rf"(?:(?:[\w’'-]+\s+){{1,4}}(?:said|says|reported)\s+(?:that\s+)?)?"
    # "all of which it said had been shot down", ", and all were intercepted"
    rf"(?:(?:all\s+(?:of\s+)?|every\s+one\s+of\s+)(?:them|which|these|those)\s+|all\s+(?=(?:were|had\s+been|have\s+been)\s))"
    rf"(?:(?:it|they|he|she|officials)\s+(?:said|says|claimed|claims)\s+)?"
    rf"(?:were|was|had\s+been|have\s+been)\s+(?:\w+ly\s+)?(?:{_DESTROYED})\b",
    re.IGNORECASE,
)
# "six attack drones and three reconnaissance drones, which were also all destroyed": the salvo
# just listed, so the list before the clause is short
_ALL_WHICH = re.compile(
    rf"^[^.;]{{0,60}}?,\s*which\s+(?:were|had\s+been|have\s+been)\s+(?:also\s+)?all\s+(?:{_DESTROYED})\b",
    re.IGNORECASE,
)
# "shortly after 01:00", "on 1 January", "on Jan. 1": a time or a date, not a number
_TIME_OR_DATE = re.compile(
    r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b",
    re.IGNORECASE,
)
_ALL_BUT = re.compile(r"\ball\s+but\s+$", re.IGNORECASE)
_ATTACK_BY = re.compile(
    r"\b(?:attack|attacks|strike|strikes|raid|assault)\s+(?:on\s+[\w’' -]{1,40}?\s+)?by\s+$", re.I
)
_INCLUDING_BEFORE = re.compile(
    r"\bincluding\s+(?:(?:about|around|some|at\s+least|nearly|almost|more\s+than|over|up\s+to|all)\s+)?$",
    re.IGNORECASE,
)
_DOWNED_AT_END = re.compile(
    rf"\b(?:(?:shot|brought|knocked)\s+down|downed|intercepted)\s+(?P<num>{_NUM})(?=\s*[.;,](?:\s|$)|\s*$)",
    re.IGNORECASE,
)
# "between 60 and 80 bombs", "40 to 60 drones", "10-15 missiles": a range is no count
# (a hyphen with spaces round it is a dash: "on April 24 — 70 missiles and 145 drones")
_RANGE_BEFORE = re.compile(
    rf"(?:\bbetween\s+(?P<lo>{_NUM})\s+and|(?P<lo2>{_NUM})\s*(?:to|or)|(?P<lo3>{_NUM})[-–])\s*$",
    re.IGNORECASE,
)
_RATE_AFTER = re.compile(
    r"\s+(?:a|per|each|every)\s+(?:day|night|week|month|year)\b|\s+(?:daily|nightly|weekly|monthly)\b", re.I
)
# "Out of 81 drones, 61 were shot down": the number after "of" is the whole salvo
_TOTAL_BEFORE = _for_folded(
    r"(?:\bout\s+of|^\s*of|\b(?:most|some|half|majority|all|none|many|several|rest|remainder)\s+of"
    r"|\d\s*(?:%|per\s*cent|percent)\s+of)"
    r"\s+(?:the\s+|all\s+)?$"
)
# what a class word names when it is not a weapon being counted: "two missile strikes",
# "578 anti-aircraft missile systems", "drone attacks", "the 1962 missile crisis"
_NOT_WEAPON_AFTER = re.compile(
    r"^\s*(?:strikes?|attacks?|systems?|launchers?|troops|units?|carriers?|complex(?:es)?|batter(?:y|ies)|"
    r"divisions?|brigades?|regiments?|operators?|production|plants?|factor(?:y|ies)|components?|engines?|"
    r"warheads?|alerts?|threats?|sirens?|raids?|waves?|sites?|bases?|crews?|pilots?|hits|cris[ie]s)\b",
    re.IGNORECASE,
)
# a quantity without a number starts a new phrase: "dozens of missiles", "several drones"
_VAGUE_QUANTITY = re.compile(
    r"\b(?:dozens?|scores?|hundreds|thousands|several|many|some|few|numerous|multiple|countless)\b", re.I
)
# a number of people: what a number after it with its noun left out ("two people were killed in
# Mykolaiv and two in the Odesa region") also counts
_PEOPLE_AFTER = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:people|civilians|children|persons|residents|adults|men|women|soldiers|troops|"
    r"servicemen|workers|passengers|others)\b",
    re.IGNORECASE,
)
_WRECK_BEFORE = re.compile(r"\b(?:fragments?|debris|wreckage|remains|parts?)\s+of\s+$", re.IGNORECASE)
_NOT_COUNT_BEFORE = _for_folded(
    # ("a second one had been brought down": "one" after an ordinal is a pronoun, and "a" no count)
    r"(?:[$€£]|\b(?:group|unit|brigade|no\.?|number|page|km|aged?|every|each|not)\s*$|"
    r"\b(?:a|another)\s+(?:second|third|fourth|fifth|sixth)\s+$|"
    r"\b(?:kill(?:ing|ed|s)?|injur(?:ing|ed|es)|wound(?:ing|ed|s)?|hurt(?:ing)?|leaving)\s+"
    r"(?:at\s+least\s+|about\s+|some\s+|another\s+|more\s+than\s+|over\s+|nearly\s+|almost\s+|up\s+to\s+)?$)"
)


KINDS = ("launched", "destroyed", "lost", "hit")


@dataclass(frozen=True)
class Fact:
    weapon_class: str
    weapon: str | None
    launched: int | None = None
    destroyed: int | None = None
    lost: int | None = None
    hit: int | None = None

    def numbers(self) -> dict[str, int]:
        """What the fact says happened, and to how many: {"launched": 11, "destroyed": 8}."""
        return {k: v for k in KINDS if (v := getattr(self, k)) is not None}

    def as_dict(self) -> dict:
        d: dict = {"weapon_class": self.weapon_class, "weapon": self.weapon}
        d.update(self.numbers())
        return d


@dataclass
class _Anchor:
    start: int
    end: int
    weapon_class: str
    weapon: str | None
    word: str


def _mask_codes(text: str, m: Matchers) -> str:
    """Hide the digits of weapon codes ("Kh-101", "Shahed-136") so they are not read as counts."""
    if m.weapon_re is None:
        return text
    chars = list(text)
    for hit in m.weapon_re.finditer(text):
        for i in range(hit.start(), hit.end()):
            if chars[i].isdigit():
                chars[i] = "#"
    # codes the catalogue does not know: "R-73", "Kh-59/69", "131/136"
    masked = "".join(chars)
    return _mask_unknown_codes(masked)


# digits of a code: "R-73", "Kh-59/69", "131/136"
_CODE_DIGITS = re.compile(r"(?<=[A-Za-z#]-)\d+|(?<=[A-Za-z]{1})\d+(?=-)|(?<=[\d#]/)\d+|\d+(?=/[\d#])")
_DIGIT_RUN = re.compile(r"\d+")


def _mask_unknown_codes(text: str) -> str:
    """``_CODE_DIGITS.sub`` with every digit run masked, tried only where digit runs start.

    Each alternative needs a non-digit (or nothing) before its first digit and
    takes the whole run, so a match can only start where a run starts; trying
    the pattern there spares the engine a try at every character of the post.
    """
    parts: list[str] = []
    done = 0
    for run in _DIGIT_RUN.finditer(text):
        code = _CODE_DIGITS.match(text, run.start())
        if code is not None:
            parts.append(text[done : code.start()])
            parts.append("#" * (code.end() - code.start()))
            done = code.end()
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


_VERB_IN_GAP = re.compile(r"\b(?:were|was|is|are|been|by|with|had|have|has)\b", re.IGNORECASE)
_TARGETS = Guarded(re.compile(r"\btargets\b"))


def _anchors(text: str, m: Matchers) -> list[_Anchor]:
    anchors: list[_Anchor] = []
    dropped: list[tuple[int, int]] = []
    if m.word_re is not None:
        for hit in m.word_re.finditer(text):
            ww = m.word_of.get(norm(hit.group(0)))
            if ww is not None and ww.family == "equipment":
                continue  # "14 tanks": equipment names a weapon, it is never counted
            if ww is not None and _NOT_WEAPON_AFTER.match(text[hit.end() : hit.end() + 20]):
                dropped.append((hit.start(), hit.end()))  # "two missile strikes": not a weapon count
            elif ww is not None:
                anchors.append(_Anchor(hit.start(), hit.end(), ww.weapon_class, None, hit.group(0).lower()))
    for target in _TARGETS.finditer(text):
        anchors.append(_Anchor(target.start(), target.end(), "air targets", None, "targets"))
    anchors.sort(key=lambda a: a.start)
    if m.weapon_re is not None:
        for hit in m.weapon_re.finditer(text):
            w = m.weapon_of.get(norm(hit.group(0)))
            if (
                w is None
                or w.weapon_class not in COUNT_CLASSES
                and w.family not in ("drone", "missile", "bomb")
            ):
                continue
            if _NOT_WEAPON_AFTER.match(text[hit.end() : hit.end() + 20]) or any(
                d0 <= hit.start() < d1
                or (
                    0 <= d0 - hit.end() <= 40
                    and not re.search(r"[,;.:]|\band\b|\bor\b|\d", text[hit.end() : d0])
                )
                for d0, d1 in dropped
            ):
                continue
            merged = False
            for a in anchors:
                gap = text[hit.end() : a.start]
                if (
                    0 <= a.start - hit.end() <= 40
                    and not re.search(r"[,;.:\n]|\band\b|\bor\b|\d", gap)
                    and not _VERB_IN_GAP.search(gap)  # "296 Shaheds were shot down by interceptor drones"
                    # "16 Shaheds downed" ending a headline, "launched four Kalibr cruise missiles" after
                    # it: a number between them counts another weapon
                    and not NUMBER_RE.search(gap)
                ):
                    # "Kh-59 guided missile": one anchor with the name and the class word
                    a.weapon = a.weapon or w.name
                    if w.weapon_class in COUNT_CLASSES and (
                        a.word in GENERIC_WORDS or _family(a.weapon_class) == _family(w.weapon_class)
                    ):
                        a.weapon_class = w.weapon_class  # "Kinzhal aeroballistic missiles" are Kinzhals
                    a.start = min(a.start, hit.start())
                    merged = True
                    break
                if a.start <= hit.start() and hit.end() <= a.end:
                    merged = True
                    break
            if not merged and w.weapon_class in COUNT_CLASSES:
                anchors.append(_Anchor(hit.start(), hit.end(), w.weapon_class, w.name, norm(hit.group(0))))
    anchors.sort(key=lambda a: a.start)
    return [a for a in anchors if a.weapon_class in COUNT_CLASSES]


def _sentence(text: str, pos: int) -> tuple[int, int]:
    starts = [text.rfind(sep, 0, pos) for sep in (". ", "\n", "; ", "? ", "! ")]
    start = max(starts)
    start = 0 if start == -1 else start + 1
    ends = [i for i in (text.find(sep, pos) for sep in (". ", "\n", "; ")) if i != -1]
    return start, (min(ends) if ends else len(text))


# a destroyed verb joined to a lost one by "or", right before it
_OR_DESTROYED = _for_folded(rf"\b(?:{_DESTROYED})(?:\s+or\s+|\s*/\s*)$")
# "detected and destroyed": the sighting before the verb that says what became of them
_SIGHTED_AND = re.compile(r"\b(?:detected|tracked|spotted|recorded)\s+and\s+", re.IGNORECASE)


# an army as the subject of "lost": its losses, not drones that lost their way
_OWNER_LOST = _for_folded(
    r"\b(?:russia|ukraine|the\s+enemy|the\s+occupiers|(?:russian|ukrainian)\s+(?:forces|troops|army)|"
    r"(?:its|their)\s+(?:forces|troops|army))(?:'s|’s)?\s+(?:\w+\s+){0,2}$"
)


_LOSSES_LIST = _for_folded(
    r"\b(?:troops|servicemen|personnel|soldiers|tanks|artillery\s+systems|armou?red)\b"
)


# where a new clause with its own verb starts: "..., but that nine missiles struck"
_CLAUSE_TURN = re.compile(r",\s+(?:but|while|whereas|although)\b|;", re.IGNORECASE)


_DESCRIBING_PARTICIPLE = re.compile(r"\b(?:fired|launched)\s+(?=(?:from|by)\s)")


_AUX_BEFORE = re.compile(r"\b(?:will|would|to|shall|can|could|may|might|must|not)\s+$", re.IGNORECASE)


def _tail(segment: str, n: int = 160) -> str:
    """The last ``n`` characters of a sentence before a number, from a word's start and with the
    auxiliary before that word (a cut "ll send" would read as a launch where "will send" is aid)."""
    if len(segment) <= n:
        return segment
    start = len(segment) - n
    space = segment.find(" ", start)
    start = space + 1 if space != -1 else start
    aux = _AUX_BEFORE.search(segment, 0, start)
    return segment[aux.start() if aux else start :]


# "the HIMARS multiple launch rocket system", "launch sites": a noun, no verb of the clause
_NOUN_LAUNCH = re.compile(
    r"\blaunch(?=\s+(?:rocket\s+)?(?:systems?|sites?|pads?|vehicles?|platforms?|tubes?|complex|areas?|positions?)\b)"
)


# "fired 71 cruise missiles, 61 of which were destroyed, as well as 35 S-300 missiles", "six Kinzhal
# missiles, which Ukraine has no means of intercepting, and six Kh-22 cruise missiles": an aside on
# the object before, closed by its comma, then the next object of the clause's own verb ("which
# said it had shot down 102 of the missiles and 99 of the drones" is no aside)
_ASIDE_THEN_AND = re.compile(
    r",\s+(?:(?:[\w,]+\s+of\s+(?:which|them|these)|of\s+(?:which|them|these)\s+[\w,]+)\s+"
    r"(?:were|was|had\s+been|have\s+been)\s+[^,;]{1,60}|which\s+[^,;]{1,80}),\s+"
    r"(?:as\s+well\s+as|and|plus|along\s+with)\s+$",
    re.IGNORECASE,
)


def _verb_before(segment: str) -> str | None:
    turns = list(_CLAUSE_TURN.finditer(segment))
    if turns:
        segment = segment[turns[-1].end() :]  # a verb before the turn belongs to the other clause
    if ", " in segment:
        aside = _ASIDE_THEN_AND.search(segment)
        if aside is not None:
            segment = segment[: aside.start()]
    # "eight rockets fired from HIMARS launchers and 15 drones": a participle describes the
    # weapons before it, the clause's verb is further back
    folded = _NOUN_LAUNCH.sub(" ", _DESCRIBING_PARTICIPLE.sub(" ", fold_case(segment)))
    skip = _SKIP.search(folded)
    last = None
    for v in _BEFORE_VERB.finditer(folded):
        last = v
    stock = _STOCK.search(folded)
    if stock is not None and (last is None or last.start() < stock.start()):
        return "skip"
    if skip is not None and (
        last is None
        or last.start() < skip.start()
        or not (last.group("d") or last.group("l") or last.group("h"))
    ):
        return "skip"  # "supplied 11 missiles", not "jets supplied by allies had shot down 11 missiles"
    if last is None:
        return None
    if last.group("h2"):
        return "hit"
    if last.group("l") and _OR_DESTROYED.search(folded, 0, last.start()):
        return "destroyed"  # "shot down or suppressed 58 of the drones": the tally's own heading
    if (
        folded[last.start() : last.end()] == "lost"
        and _OWNER_LOST.search(folded, 0, last.start())
        and _LOSSES_LIST.search(folded, last.end())
    ):
        # "Russia lost 1,050 troops ..., three tanks and 115 drones": a losses tally, destroyed by
        # the other side ("Ukraine's military lost three more drones on its radars" stays lost)
        return "destroyed"
    if (last.group("h") or last.group("x")) and re.search(
        r"(?<!along\s)(?<!together\s)\bwith\b", segment[last.end() :], re.IGNORECASE
    ):
        return "launched"  # "struck Ukraine with 2 ballistic missiles and 145 drones"
    for key, verb in _VERBS.items():
        if last.group(key):
            return verb
    return None


# "Seven drones packed with explosives hit the station": what they carried, then the verb
_LADEN = r"(?:packed|loaded|laden|armed|stuffed|fitted|equipped|rigged)\s+with"
# "five of the missiles fired at Kyiv got through": the participle says which ones; the verb follows
_WHICH_ONES_LEAD = re.compile(
    rf"^\s*(?:{_WHICH_PARTICIPLE}\s+{_WHICH_PREPOSITION}|{_LADEN})\s+"
    r"(?:[\w'’-]+\s+){0,4}?(?=[\w'’-]+\s+(?:got|hit|struck|landed|fell|exploded|reached)\b)[\w'’-]+"
)


_LIST_ITEM = re.compile(r"\s*(?:[–—•*·-]\s*)?\d")


def _list_heading_verb(text: str, pos: int) -> str | None:
    """The verb of the line a list hangs from ("air defence shot down/suppressed 751 targets:",
    then "– 747 enemy UAVs;", "– 4 Iskander-K cruise missiles."): each item is that verb's."""
    end = text.rfind("\n", 0, pos)
    if end == -1 or not _LIST_ITEM.match(text, end + 1):
        return None
    heading = _heading_above(text, end + 1, _LIST_ITEM)
    return _verb_before(_tail(text[heading[0] : heading[1]])) if heading else None


def _heading_above(text: str, line_start: int, item: re.Pattern[str]) -> tuple[int, int] | None:
    """The span (colon left out) of the line ending with a colon that heads the run of ``item``
    lines above the line starting at ``line_start``; ``None`` when another line comes first."""
    end = line_start - 1
    for _ in range(40):  # up through the items before this one, to the heading
        if end <= 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].rstrip()
        if line.endswith(":"):
            return start, start + len(line) - 1
        if not item.match(line):
            return None
        end = start - 1
    return None


# a part of the number before it starts here: its verb is the part's, not the whole's
_SUBSET_BETWEEN = re.compile(r",\s*(?:of\s+which|of\s+them|of\s+these)\b", re.IGNORECASE)


# an official tally's item: "Shahed and decoy drones – 50 (of 67)", "Kharkiv region – 12",
# "cruise missiles – 3,060", "UAVs – 26,898 (+112)": a label, a dash, the number (of the whole,
# and the day's rise) at the end of its line or before a ";"
_TALLY_ITEM = re.compile(
    r"(?P<label>[^\n–—‒:;|()]{2,80}?)\s+[–—‒-]\s+(?:about\s+|approximately\s+)?(?P<num>\d[\d,]*)"
    r"(?:\s*\((?:of|out\s+of)\s+(?P<total>\d[\d,]*)\))?(?:\s*\(\+(?P<plus>\d[\d,]*)\))?"
    r"(?:\s+[a-z]+)?\s*(?=[,;.]?\s*(?:$|;))",
    re.MULTILINE,
)


_TALLY_DASH = re.compile(r"\s[–—‒-]\s+(?:about\s+|approximately\s+)?\d")


def _tally_items(work: str, anchors: list[_Anchor], used: set[int]) -> list[tuple[int, Fact]]:
    """The items of a tally set out under a heading that ends with a colon: each takes the
    heading's verb, and its class from its own label or, for a list of regions, the heading's."""
    if ":" not in work or _TALLY_DASH.search(work) is None:
        return []  # every tally hangs from a heading with a colon and sets a dash before a number
    out: list[tuple[int, Fact]] = []
    verbs: dict[tuple[int, int], str | None] = {}  # a heading's verb, read once for all its items
    for item in _TALLY_ITEM.finditer(work):
        pos = item.start("num")
        if pos in used:
            continue
        heading = _tally_heading(work, item.start())
        if heading is None:
            continue
        h0, h1 = heading
        if heading not in verbs:
            verbs[heading] = _verb_before(_tail(work[h0:h1]))
        verb = verbs[heading]
        if verb not in ("destroyed", "lost", "hit", "launched"):
            continue
        own = [a for a in anchors if item.start("label") <= a.start and a.end <= item.end("label")]
        over = [a for a in anchors if h0 <= a.start and a.end <= h1]
        anchor = own[-1] if own else over[-1] if over else None
        if anchor is None:
            continue  # "tanks – 10,184": no weapon count
        num = to_int(item.group("num"))
        total = to_int(item.group("total")) if item.group("total") else None
        if num is None:
            continue
        out.append((pos, _fact(anchor.weapon_class, anchor.weapon, verb, num, total, "")))
        used.add(pos)
        if item.group("plus"):
            plus = to_int(item.group("plus"))
            if plus is not None:
                out.append((item.start("plus"), Fact(anchor.weapon_class, anchor.weapon, **{verb: plus})))
    return out


def _tally_heading(work: str, start: int) -> tuple[int, int] | None:
    """Where the heading of the tally item at ``start`` is: the text before a colon on the
    item's own line ("Destroyed: Kh-59 – 1 (of 1); ..."), or a line ending with a colon above
    the run of items ("Drones were shot down over the following regions:")."""
    line_start = work.rfind("\n", 0, start) + 1
    colon = work.rfind(":", line_start, start)
    if colon != -1:
        return line_start, colon
    return _heading_above(work, line_start, _TALLY_ITEM)


_NONE_BEFORE = re.compile(r"\b(?:none|not|never|no\s+one|neither)\b(?:\s+of\s+(?:them|these|those))?\s*$")


# a number just before a passive verb, with no noun of its own: the verb's subject
_OTHER_SUBJECT = re.compile(
    rf"(?:[,;]\s*|\band\s+|\bbut\s+)(?:[a-z]+\s+){{0,2}}?(?:all\s+|only\s+|another\s+)?{_NUM}\s*$",
    re.IGNORECASE,
)
_ALL_JUST_BEFORE = re.compile(r"\ball\s+$", re.IGNORECASE)


# "The two drones that were not shot down hit an energy facility": the ones that got through,
# then their verb
_GOT_THROUGH_CLAUSE = re.compile(
    r"^\s*(?:that|which)\s+(?:were\s+not\s+(?:shot\s+down|intercepted|downed|destroyed|stopped)|"
    r"got\s+through|broke\s+through|evaded\s+(?:the\s+)?air\s+defen[cs]es?)\s+",
    re.IGNORECASE,
)


_LAUNCHER_NAME = re.compile(
    r"\bmultiple[- ]launch(?:ed)?\s+rocket\s+(?:systems?|launchers?)\b", re.IGNORECASE
)


def _verb_after(after: str) -> str | None:
    active = _ACTIVE_AFTER.match(after)
    if active is None and (lead := _WHICH_ONES_LEAD.match(after) or _GOT_THROUGH_CLAUSE.match(after)):
        active = _ACTIVE_AFTER.match(after[lead.end() :])
    if active:
        return "lost" if active.group("l") else "hit" if active.group("h") else "destroyed"
    end = _CLAUSE_END.search(after)
    if end:
        after = after[: end.start()]
    after = _SIGHTED_AND.sub("", after)
    # "rockets from a Vilkha multiple launch rocket system had been destroyed": a launcher's name, no verb
    after = _LAUNCHER_NAME.sub(lambda n: " " * len(n.group(0)), after)
    passive = _PASSIVE.search(fold_case(after))
    between = after[: passive.start()] if passive else ""
    if re.match(r"\s*(?:that|which)\s", between) or _WHICH_ONES.match(between):
        between = ""  # "14 missiles that Russia fired ... were intercepted"
    if _OTHER_SUBJECT.search(between):
        return None  # "launched 42 drones, and 38 were shot down": the passive is the 38's
    if _SUBSET_BETWEEN.search(between):
        return None  # "122 missiles and 36 drones, of which 87 missiles and 27 drones were shot down"
    if passive and " than " in between:
        return None  # "dropped 56 bombs on the region, more than it had ever been hit with": a comparison
    if passive and _NONE_BEFORE.search(fold_case(between)):
        return None  # "fired six Kinzhals, and none was intercepted": the number was launched
    if passive and not _ANY_VERB.search(fold_case(between)):
        for key in ("d", "l", "h"):
            if passive.group(key):
                return _VERBS[key]
    return None


def _coordinated_verb(text: str, a: _Anchor, anchors: list[_Anchor], s1: int) -> str | None:
    """ "Two glide bombs and an Iskander missile hit the city": the verb after a coordinated subject."""
    nxt = [b for b in anchors if b.start > a.end]
    if not nxt or nxt[0].end > s1:
        return None
    gap = text[a.end : nxt[0].start]
    if not re.fullmatch(r"\s+(?:and|or|as\s+well\s+as)\s+(?:[\w'’-]+\s+){0,4}", gap):
        return None
    active = _ACTIVE_AFTER.match(text[nxt[0].end : s1])
    if active is None:
        return None
    return "lost" if active.group("l") else "hit" if active.group("h") else "destroyed"


def _fact(cls: str, weapon: str | None, verb: str, num: int, total: int | None, qual: str) -> Fact:
    if total is not None:
        key = verb if verb in ("hit", "lost") else "destroyed"
        return Fact(cls, weapon, launched=total, **{key: num})
    if qual.startswith("all") and verb == "destroyed":
        return Fact(cls, weapon, launched=num, destroyed=num)
    return Fact(cls, weapon, **{verb: num})


_SALVO_END = re.compile(r"\s(?:and|or)\s|[.;,:]")
# the word after "and" that joins a second noun to a salvo's ("both drones and missiles"), and the
# quantities that open a phrase of its own instead ("both Kh-59s and all 13 drones")
_PAIRED_AFTER = re.compile(r",?\s(?:and|or|&)\s+([\w-]+)")
_QUANTITY_WORD = re.compile(rf"(?i:all|the|both|each|every|{NUMBER})\b")


def _whole_salvo(
    work: str, a: _Anchor, window: str, window_start: int, facts: list[tuple[int, Fact]]
) -> tuple[int, Fact] | None:
    """ "Twenty-one of the missiles and both drones were destroyed", "all the aerial drones were
    shot down": what became of a whole salvo, whose number is two ("both") or the one the
    post gave when it told of the launch ("all")."""
    hit = _WHOLE_SALVO.search(window)
    if hit is None:
        return None
    pair = _PAIRED_AFTER.match(work, a.end)
    # "both drones and missiles": two kinds, no number ("both Kh-59s and all 13 drones" is two salvoes)
    if re.search(r"\s(?:and|or|&)\s", work[a.start : a.end]) or (
        pair is not None and not _QUANTITY_WORD.match(pair.group(1))
    ):
        return None
    s0, s1 = _sentence(work, a.start)
    verb = _verb_after(work[a.end : s1]) or _verb_before(_tail(work[s0 : window_start + hit.start()]))
    if verb not in ("destroyed", "lost", "hit"):
        return None
    pos = window_start + hit.start()
    told = [
        (p, f)
        for p, f in reversed(facts)
        if p < pos
        and pos - p < 400
        and f.launched is not None
        and _family(f.weapon_class) == _family(a.weapon_class)
    ]
    # "all the aerial drones" are the "nine aerial drones", not the "seven maritime drones" told later
    mods = hit.group("mods").strip().lower()
    if mods:
        told.sort(key=lambda pf: mods not in _SALVO_END.split(work[pf[0] : pf[0] + 60].lower(), 1)[0])
    # the launch of the same class; "all enemy missiles" takes the class of the launch it follows
    launch = next((f for _, f in told if f.weapon_class == a.weapon_class), None)
    if launch is None and a.weapon_class == "missile" and told:
        launch = told[0][1]
    cls, weapon = (launch.weapon_class, a.weapon or launch.weapon) if launch else (a.weapon_class, a.weapon)
    num = 2 if hit.group("both") else launch.launched if launch else None
    if num is None:
        return None
    return pos, Fact(cls, weapon, **{verb: num})


def _family(cls: str) -> str:
    if cls == "drone":
        return "drone"
    if "bomb" in cls:
        return "bomb"
    return "other" if cls == "air targets" else "missile"


def _merge_pairs(
    anchors: list[_Anchor], text: str, joined: Callable[[_Anchor, _Anchor, str], str | None]
) -> list[_Anchor]:
    """Neighbouring anchors that one number counts together become one anchor, of the class
    ``joined`` gives for the pair and the text between them (``None``: they stay apart)."""
    out: list[_Anchor] = []
    skip = -1
    for i, a in enumerate(anchors):
        if i == skip:
            continue
        nxt = anchors[i + 1] if i + 1 < len(anchors) else None
        cls = joined(a, nxt, text[a.end : nxt.start]) if nxt is not None else None
        if cls is not None and nxt is not None:
            out.append(_Anchor(a.start, nxt.end, cls, None, "mixed"))
            skip = i + 1
            continue
        out.append(a)
    return out


_LIST_COMMA = re.compile(r"\s*,\s*")
_LIST_LAST = re.compile(r",?\s+(?:and|or|&)\s+")


def _mixed_lists(anchors: list[_Anchor], text: str) -> list[_Anchor]:
    """ "537 drones, decoys and missiles": one number for a list of three or more weapon words of
    mixed families, which is a total of air targets (two words are ``_mixed_families``'s)."""
    out: list[_Anchor] = []
    i = 0
    while i < len(anchors):
        j = i
        while j + 1 < len(anchors) and _LIST_COMMA.fullmatch(text[anchors[j].end : anchors[j + 1].start]):
            j += 1
        if (
            j > i
            and j + 1 < len(anchors)
            and _LIST_LAST.fullmatch(text[anchors[j].end : anchors[j + 1].start])
            and len({_family(a.weapon_class) for a in anchors[i : j + 2]}) > 1
        ):
            out.append(_Anchor(anchors[i].start, anchors[j + 1].end, "air targets", None, "mixed"))
            i = j + 2
            continue
        out.append(anchors[i])
        i += 1
    return out


def _mixed_families(a: _Anchor, b: _Anchor, gap: str) -> str | None:
    """ "63 drones and missiles" is one number for targets of mixed kinds."""
    if (
        _family(a.weapon_class) != _family(b.weapon_class)
        and re.fullmatch(r"\s+(?:and|or|&)\s+(?:[\w'’-]+\s+){0,2}", gap)
        and not NUMBER_RE.search(gap)
        # "two bombs and an Iskander missile", "21 of the missiles and both drones"
        and not re.search(r"\b(?:an?|the|both|all|each|every)\s", gap, re.I)
        and not _VAGUE_QUANTITY.search(gap)  # "1,100 glide bombs and dozens of missiles"
    ):
        return "air targets"
    return None


_TWO_CLASSES_GAP = re.compile(
    r"\s*(?:(?:ballistic|cruise|guided|hypersonic|anti-aircraft|anti-ship)(?:\s+missiles?)?)?\s*"
    r"(?:/|(?<=\s)(?:and|or)(?=\s))\s*",
    re.IGNORECASE,
)


def _two_missile_classes(a: _Anchor, b: _Anchor, gap: str) -> str | None:
    """ "three S-400 or Iskander-M missiles": named weapons of two missile classes counted as one
    number are missiles of both, no single weapon ("Iskander-M or KN-23 ballistic missiles", of
    one class, keep it)."""
    if (
        a.weapon
        and b.weapon
        and a.weapon_class != b.weapon_class
        and _family(a.weapon_class) == _family(b.weapon_class) == "missile"
        # "Iskander-M ballistic and Iskander-K cruise missiles"
        and _TWO_CLASSES_GAP.fullmatch(gap)
    ):
        return "missile"
    return None


_KIND_AND = re.compile(
    r"\b(?:ballistic|cruise|guided|hypersonic|anti-aircraft|anti-ship|air-launched|sea-launched)\s+(?:and|or|&)\s+$",
    re.IGNORECASE,
)


def _two_kinds_generic(anchors: list[_Anchor], text: str) -> list[_Anchor]:
    """ "40 ballistic and cruise missiles" are missiles of two kinds: the family, not the last kind."""
    for a in anchors:
        if (
            not a.weapon
            and _family(a.weapon_class) == "missile"
            and _KIND_AND.search(text[max(0, a.start - 40) : a.start])
        ):
            a.weapon_class = "missile"
    return anchors


# "nine aerial and seven maritime drones", "two ballistic and four cruise missiles": the first
# number shares the noun of the second; a missile kind names the first number's class
_KIND_CLASS = {
    "ballistic": "ballistic missile",
    "cruise": "cruise missile",
    "hypersonic": "hypersonic missile",
    "guided": "guided missile",
    "anti-aircraft": "anti-aircraft missile",
}
_SHARED_NOUN = re.compile(
    rf"(?<![\w-])(?:{_NUM})\s+(?P<adj>(?i:aerial|air|sea|naval|maritime|marine|surface|underwater|attack|strike|"
    rf"kamikaze|decoy|reconnaissance|jet|long-range|short-range|{'|'.join(_KIND_CLASS)}))\s+(?:and|or)\s+"
    rf"(?:(?i:about|around|some|nearly|over|more\s+than|at\s+least|another)\s+)?{_NUM}\s+(?:{_MOD}\s+){{0,3}}$"
)


def _shared_noun(anchors: list[_Anchor], text: str) -> list[_Anchor]:
    """An anchor for the first number of "nine aerial and seven maritime drones", which names
    its kind but leaves the noun to the second."""
    added = []
    for a in anchors:
        lo = max(0, a.start - 90)
        if text.find(" and ", lo, a.start) == -1 and text.find(" or ", lo, a.start) == -1:
            continue  # no pair before this weapon (most weapons)
        hit = _SHARED_NOUN.search(text, lo, a.start)
        if hit is None:
            continue
        adj = hit.group("adj").lower()
        kind = _KIND_CLASS.get(adj)
        if kind is not None and _family(a.weapon_class) != "missile":
            continue  # "two cruise and 40 attack drones" is no such pair
        cls = kind or a.weapon_class
        added.append(_Anchor(hit.start("adj"), hit.end("adj"), cls, None if kind else a.weapon, adj))
    if not added:
        return anchors
    return sorted([*anchors, *added], key=lambda a: a.start)


# "seven of the missiles", "five of the six missiles"
# "seven of the missiles", "three out of four missiles": some of a salvo just named
_PARTITIVE_BEFORE = re.compile(
    rf"\bof\s+the\s+(?:[\w-]+\s+)?$|(?<![\w-]){_NUM}\s+(?:out\s+)?of\s+(?:the\s+)?{_NUM}\s+$", re.IGNORECASE
)


# what opens a part of a salvo: "including six Kinzhals", "among them four Kh-101s"
_A_PART_BEFORE = re.compile(
    r"\b(?:including|among\s+them|among\s+which|of\s+which|of\s+them)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE
)
# "all six missiles": the number of a salvo told before
_ALL_N_BEFORE = re.compile(
    rf"\ball\s+(?:the\s+|of\s+the\s+)?(?P<num>{_NUM})\s+(?:[\w-]+\s+)?$", re.IGNORECASE
)


def _inherit_specific_class(anchors: list[_Anchor], text: str) -> list[_Anchor]:
    """ "KAB-500 glide bombs ... two bombs hit": a bare "bombs" or "missiles" takes the class just named."""
    for i, a in enumerate(anchors):
        if a.weapon:
            continue
        last_of_family = next(
            (b for b in reversed(anchors[:i]) if _family(b.weapon_class) == _family(a.weapon_class)), None
        )
        if (
            a.word in ("missile", "missiles")
            and _PARTITIVE_BEFORE.search(text[max(0, a.start - 40) : a.start])
            # "93 missiles ... 81 of the missiles": the plain salvo just told, whatever a headline named
            and not (
                last_of_family is not None
                and last_of_family.word in GENERIC_WORDS
                and not last_of_family.weapon
            )
        ):
            # "shot down seven of the missiles" after "10 cruise missiles": the ones just counted,
            # when they were of one class (not "94 missiles, among them Kh-101s and Iskanders")
            named = {
                b.weapon_class
                for b in anchors[:i]
                if b.start >= a.start - 500
                and _family(b.weapon_class) == _family(a.weapon_class)
                and (b.word not in GENERIC_WORDS or b.weapon)
                # "all 18 missiles ..., including six Kinzhals": a part names no class for the whole
                and not _A_PART_BEFORE.search(text, max(0, b.start - 40), b.start)
            }
            if len(named) > 1:
                # "S-400 and Pantsir systems shot down five of the missiles": the defenders'
                # missiles are not the ones counted
                named.discard("anti-aircraft missile")
            if len(named) == 1:
                a.weapon_class = named.pop()
            continue
        if a.word in ("missile", "missiles") and (
            every := _ALL_N_BEFORE.search(text, max(0, a.start - 40), a.start)
        ):
            # "used six Kalibr cruise missiles ... shot down all six missiles": the six just named
            num = to_int(every.group("num"))
            for b in reversed(anchors[:i]):
                lead = _LEAD.search(text[max(0, b.start - 60) : b.start])
                if (
                    b.start >= a.start - 500
                    and b.weapon_class != "missile"
                    and _family(b.weapon_class) == "missile"
                    and lead is not None
                    and to_int(lead.group("num")) == num
                ):
                    a.weapon_class, a.weapon = b.weapon_class, b.weapon
                    break
            continue
        if a.word not in ("bomb", "bombs"):
            continue
        s0, _ = _sentence(text, a.start)
        for b in reversed(anchors[:i]):
            if b.start < s0 - 300 or _family(b.weapon_class) != _family(a.weapon_class):
                continue
            if b.word in GENERIC_WORDS and not b.weapon:
                break
            counted = _LEAD.search(text[max(0, b.start - 60) : b.start]) is not None
            if b.start >= s0 and not counted:
                a.weapon_class = b.weapon_class
            break
    return anchors


_OF_THE = re.compile(r"\s*(?:of|among)\s+(?:the|these|those)\s+$", re.IGNORECASE)


def _named_at_sentence_start(work: str, pos: int, anchors: list[_Anchor]) -> _Anchor | None:
    """The weapons an "Of the drones, 296 were shot down" sentence opens with: they, not the
    fact told last, are what its numbers count."""
    s0, _ = _sentence(work, pos)
    for a in anchors:
        if s0 < a.start < pos and _OF_THE.fullmatch(work[s0 : a.start]) and work[a.end : pos].strip() == ",":
            return a
    return None


def _total_over_its_parts(before: list[tuple[int, Fact]]) -> Fact | None:
    """ "fired 537 drones, decoys and missiles, including 477 drones and 60 missiles ... 249 were
    shot down": a number with no noun after a mixed total and the parts it was broken into counts
    the total, not the last part."""
    ordered = sorted(before, key=lambda pf: pf[0])
    for k in range(len(ordered) - 1, -1, -1):
        total = ordered[k][1]
        if total.weapon_class != "air targets" or total.launched is None:
            continue
        parts = [f for _, f in ordered[k + 1 :]]
        if (
            len(parts) > 1
            and all(f.launched is not None and f.destroyed is None for f in parts)
            and len({_family(f.weapon_class) for f in parts}) > 1
            and sum(f.launched or 0 for f in parts) == total.launched
        ):
            return Fact(total.weapon_class, None)
        return None
    return None


def _after_people_count(work: str, pos: int) -> bool:
    """The nearest number before ``pos`` in its sentence counts people, so an elliptic number
    at ``pos`` does too."""
    s0, _ = _sentence(work, pos)
    before = _TIME_OR_DATE.sub(lambda t: " " * len(t.group(0)), work[s0:pos])
    numbers = list(NUMBER_RE.finditer(before))
    return bool(numbers) and _PEOPLE_AFTER.match(work, s0 + numbers[-1].end()) is not None


def _referent(num: int, pos: int, anchors: list[_Anchor], facts: list[tuple[int, Fact]]) -> Fact | None:
    """What "them" means in "shot down 30 of them": the weapons named last, or the total they belong to."""
    last = [a for a in anchors if a.end <= pos]
    if not last:
        return None
    a = last[-1]
    at = [
        f
        for p, f in facts
        if a.start - 140 <= p <= a.start and _family(f.weapon_class) == _family(a.weapon_class)
    ]
    if not at:
        return Fact(a.weapon_class, a.weapon)
    if (at[-1].launched or 0) >= num:
        return at[-1]
    totals = [f for p, f in facts if p < pos and (f.launched or 0) >= num]
    return max(totals, key=lambda f: f.launched or 0) if totals else None


def _drop_subsumed(facts: list[Fact]) -> list[Fact]:
    """A launch repeated inside a fuller fact ("eight drones ... all eight were shot down") is one
    fact, as is a whole salvo told twice, once with its weapon's name; so is a plain "missiles"
    telling again what a named class told before ("shot down four
    of five ATACMS missiles ... 'Four missiles were shot down,' the statement said")."""
    out: list[Fact] = []
    for i, f in enumerate(facts):
        if f in out:
            continue
        fields = f.numbers()
        if len(fields) > 1 and any(
            g.weapon_class == f.weapon_class and None in (g.weapon, f.weapon) and g.numbers() == fields
            for g in out
        ):
            continue  # "all 13 Shahed drones ... 'All 13 Shaheds were shot down'": one salvo told twice
        vague = f.weapon_class == "missile" and f.weapon is None
        covered = any(
            g is not f
            and all(getattr(g, k) == v for k, v in fields.items())
            and (
                (
                    g.weapon_class == f.weapon_class
                    and (f.weapon is None or g.weapon in (None, f.weapon))
                    and len(g.numbers()) > len(fields)
                )
                or (vague and j < i and g.weapon_class != "missile" and _family(g.weapon_class) == "missile")
            )
            for j, g in enumerate(facts)
        )
        if not covered:
            out.append(f)
    return out


def _first_count_of_named(work: str, em: re.Match[str], anchors: list[_Anchor]) -> Fact | None:
    """A number told of weapons the post named without one: "The Shahed drones were launched
    from ... Thirty of the 35 were destroyed"; "The missiles, mostly Kh-101s, came from the
    Caspian. The air force said four were shot down"."""
    pos, num_end = em.span("num")
    tail_start, tail_end = em.span("tail")
    num = to_int(work[pos:num_end])
    if num is None:
        return None
    s0, s1 = _sentence(work, pos)
    of_total = _OF_TOTAL.fullmatch(work[tail_start:tail_end])
    if of_total is not None:
        named = [a for a in anchors if a.end <= pos and pos - a.end < 260]
        total = to_int(of_total.group("total"))
        if (
            not named
            or total is None
            or total <= num
            or _REMAIN_AFTER.match(work, em.end())
            or _WRECK_BEFORE.search(work[max(0, pos - 30) : pos])
        ):
            return None
        said = _verb_after(work[em.end() : s1]) or _verb_before(_tail(work[s0:pos]))
        if said not in ("destroyed", "lost", "hit"):
            return None
        return Fact(named[-1].weapon_class, named[-1].weapon, launched=total, **{said: num})
    # a passive only: "One destroyed the school" tells what a bomb did, not its fate
    named = [a for a in anchors if a.end <= pos and pos - a.end < 200]
    if not named or not _PASSIVE_TAIL.match(work, tail_start) or _NUMBER_AFTER.match(work, em.end()):
        return None
    said = _verb_after(work[em.end() : s1])
    if said not in ("destroyed", "lost"):
        return None
    return Fact(named[-1].weapon_class, named[-1].weapon, **{said: num})


# a named place that opens its sentence as the one "hit by" the weapons: "Kharkiv hit by 12 S-300
# missiles", "Odesa region hit by nearly 30 drones" (the labels read an attack on a city or region
# as a launch, and a ship or a plant "hit by two missiles" as hits)
_PLACE_HIT_BY = re.compile(
    r"^\s*(?P<place>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)(?:\s+(?:region|oblast|province))?\s+"
    r"(?:was\s+|were\s+|has\s+been\s+|had\s+been\s+)?(?:hit|struck|pounded)\s+(?:again\s+|overnight\s+)?by\s+"
    r"(?:(?:more\s+than|at\s+least|about|nearly|up\s+to|some)\s+)?$"
)


def _place_hit_by(before: str, m: Matchers) -> bool:
    hit = _PLACE_HIT_BY.match(before)
    if hit is None or m.place_re is None:
        return False
    place = hit.group("place")
    return any(h.start() == 0 and h.end() == len(place) for h in m.place_re.finditer(place))


def extract_counts(text: str, m: Matchers) -> list[Fact]:
    """Count facts of one post, in order of mention, without repeats."""
    raw_anchors = _anchors(text, m)
    if not raw_anchors:
        return []  # no weapon named: nothing to count (most posts)
    work = _mask_codes(text, m)
    facts: list[tuple[int, Fact]] = []
    used: set[int] = set()
    prev_end = 0
    merged = _merge_pairs(
        _merge_pairs(_mixed_lists(raw_anchors, work), work, _mixed_families), work, _two_missile_classes
    )
    anchors = _inherit_specific_class(_shared_noun(_two_kinds_generic(merged, work), work), work)
    for a in anchors:
        window_start = max(prev_end, a.start - 140)
        window = work[window_start : a.start]
        cut = max(window.rfind(". "), window.rfind(";"), window.rfind("\n"), window.rfind(":"))
        if cut != -1:
            window_start += cut + 1
            window = window[cut + 1 :]
        prev_end = a.end
        window = _as_all_n(window)
        lead = _LEAD.search(window)
        if lead is None:
            whole = _whole_salvo(work, a, window, window_start, facts)
            if whole is not None:
                facts.append(whole)
                used.add(whole[0])
            continue
        num = to_int(lead.group("num"))
        if num is None or _NOT_COUNT_BEFORE.search(fold_case(window[: lead.start("num")])):
            continue
        total = to_int(lead.group("total")) if lead.group("total") else None
        if _ALL_BUT.search(window[: lead.start("num")]):
            if total is not None:
                num = total - num  # "all but one of 75 drones" were shot down: 74
            else:
                # "launched 27 Shahed drones ... All but four of the drones were shot down": 23
                whole = next(
                    (
                        f.launched
                        for _, f in reversed(facts)
                        if f.launched is not None and _family(f.weapon_class) == _family(a.weapon_class)
                    ),
                    None,
                )
                if whole is None or whole <= num:
                    continue
                num = whole - num
        qual = (lead.group("qual") or "").lower()
        num_pos = window_start + lead.start("num")
        span = _RANGE_BEFORE.search(window[: lead.start("num")]) if total is None else None
        if span is not None:
            used.add(num_pos)
            low = to_int(span.group("lo") or span.group("lo2") or span.group("lo3"))
            if low is None:
                continue
            num = low  # "between 40 and 50 drones" were sent: at least 40, as "more than 40" gives 40
        s0, s1 = _sentence(work, a.start)
        if _RATE_AFTER.match(work[a.end : a.end + 24]) and (
            span is not None
            or _verb_before(_tail(work[s0:num_pos])) not in ("launched", "destroyed", "lost", "hit")
        ):
            # "to build 1,000 interceptor drones a day": an output, no salvo; "between 60 and 80
            # bombs a day": an estimate. Weapons used at a rate are counts by the labels
            # ("dropping up to 60 glide bombs a day", "shooting down 10 drones every day")
            used.add(num_pos)
            continue
        if num == 1 and re.sub(r"\s+", " ", qual) == "at least":
            continue  # "at least one missile landed" tells where, not how many
        after = work[a.end : s1]
        if _PROMISED_AFTER.match(after):
            used.add(num_pos)
            continue  # "600 Brimstone missiles would follow the tanks": a delivery to come
        if total is None and (
            _ALL_OF_THEM.match(work[a.end : a.end + 260]) or _ALL_WHICH.match(work[a.end : a.end + 140])
        ):
            facts.append((num_pos, Fact(a.weapon_class, a.weapon, launched=num, destroyed=num)))
            used.add(num_pos)
            continue
        of_which = _OF_WHICH.match(after)
        if of_which and NUMBER_RE.search(_TIME_OR_DATE.sub(" ", after[: after.find(",")])):
            of_which = (
                None  # "2 ballistic missiles and 145 drones, of which 84 ...": the part is of the last total
            )
        part = to_int(of_which.group("num") or of_which.group("num2")) if of_which else None
        if of_which and total is None and part is not None:
            verb = next(_VERBS[k] for k in ("d", "l", "h") if of_which.group(k))
            right_before = _DONE_JUST_BEFORE.search(fold_case(work[max(s0, num_pos - 40) : num_pos]))
            done = None if right_before is None else "lost" if right_before.group("l") else "destroyed"
            if done is not None:
                # "shot down 81 of the missiles, 11 of them by F-16s": the 81 were shot down too,
                # and the 11 are a part of them
                facts.append((num_pos, Fact(a.weapon_class, a.weapon, **{done: num})))
                facts.append((num_pos + 1, Fact(a.weapon_class, a.weapon, **{verb: part})))
            else:
                facts.append((num_pos, _fact(a.weapon_class, a.weapon, verb, part, num, "")))
            used.update({num_pos, a.end + of_which.start("num" if of_which.group("num") else "num2")})
            continue
        included = (
            [f for p, f in facts if s0 <= p < num_pos] if _PART_OPENS.search(window[: lead.start()]) else []
        )
        if _ACTIVE_AFTER.match(after):
            verb = _verb_after(after) or "launched"
        elif included and _verb_after(after) is None:
            # "brought down 72 of the 99 missiles fired, including all 10 Kinzhals": the part shares the
            # verb; after an aside on the part shot down ("launched 40 drones, 30 of which were downed,
            # as well as three missiles") it shares the launch
            aside = included[-1].launched is not None and _ASIDE_THEN_AND.search(work[s0:num_pos])
            verb = (
                "launched"
                if aside
                else next(
                    k
                    for k in ("destroyed", "lost", "hit", "launched")
                    if getattr(included[-1], k) is not None
                )
            )
        elif re.search(r"(?<!along\s)(?<!together\s)\bwith\s+$", window[: lead.start()]) and not _SKIP.search(
            fold_case(_tail(work[s0:num_pos]))
        ):
            verb = "launched"  # "hit Ukraine with a record 188 drones"
        elif total is None and _TOTAL_BEFORE.search(fold_case(window[: lead.start()])):
            verb = "launched"  # "Out of 81 drones, 61 were shot down"
        elif _ATTACK_BY.search(window[: lead.start()]):
            verb = "launched"  # "repelled a mass attack on Crimea by 42 drones"
        elif _place_hit_by(window[: lead.start()], m):
            verb = "launched"  # "Kharkiv hit by 12 S-300 missiles": the city attacked, the labels' launch
        else:
            verb = (
                _verb_after(after)
                or _verb_before(_tail(work[s0:num_pos]))
                or _coordinated_verb(work, a, anchors, s1)
                or _list_heading_verb(work, a.start)
                or ("skip" if _AID_SENTENCE.search(fold_case(work[s0:num_pos])) else "launched")
            )
        if verb == "skip" or (a.word == "targets" and verb != "destroyed"):
            used.add(num_pos)
            continue
        if (
            verb in ("hit", "launched")
            and total is None
            and work[num_pos : num_pos + 4].lower() == "one "
            and _ONE_AS_SUBJECT.search(work[s0:num_pos])
        ):
            # "One missile struck a clinic": where one weapon fell, told as a scene, not a count (what
            # was shot down still counts)
            used.add(num_pos)
            continue
        facts.append((num_pos, _fact(a.weapon_class, a.weapon, verb, num, total, qual)))
        used.add(num_pos)
        if lead.group("total"):
            used.add(window_start + lead.start("total"))
    facts.extend(_tally_items(work, anchors, used))
    facts.sort(key=lambda x: x[0])
    # numbers whose class is understood from the facts before them
    # an elliptic number needs a fact or a named weapon before it
    first = min([a.start for a in anchors] + [p for p, _ in facts[:1]], default=0)
    for em in _ELLIPTIC.finditer(fold_case(work), first):
        # matched on folded text: the words themselves are read from ``work``
        pos, num_end = em.span("num")
        tail_start, tail_end = em.span("tail")
        if pos in used or _NOT_COUNT_BEFORE.search(fold_case(work[max(0, pos - 28) : pos])):
            continue
        if tail_start == -1 and not _DONE_JUST_BEFORE.search(
            fold_case(work[max(0, em.start() - 40) : em.start()])
        ):
            continue  # "the remaining two" as an object counts only after "shot down" or "lost"
        if _OF_THE_BEFORE.search(work, max(0, pos - 12), pos):
            continue  # "three of the 20 hit": the 20 is the whole, told already
        before = [(p, f) for p, f in facts if p < pos and pos - p < 260]
        if not before:
            # weapons named before the number but not counted yet
            first_count = _first_count_of_named(work, em, anchors)
            if first_count is not None:
                facts.append((pos, first_count))
                used.add(pos)
            continue
        num = to_int(work[pos:num_end])
        if num is None or _REMAIN_AFTER.match(work, em.end()):
            continue
        if _WRECK_BEFORE.search(work[max(0, pos - 30) : pos]):
            continue  # "fragments of one of them fell ..."
        own_verb = em.group("ofverb") or em.group("passive") or em.group("verb")
        if not own_verb and _after_people_count(work, pos):
            # "four people died in Khmelnytskyi and four in Kyiv", "five people, four of them ...":
            # people, not weapons (a number with its own verb, "killing two people, and 30 were
            # shot down", "30 of the 40 were shot down", is still read)
            continue
        prev = max(before, key=lambda pf: pf[0])[1]  # the nearest before it (elliptic facts come last)
        if "of" in work[tail_start:tail_end]:
            prev = _referent(num, pos, anchors, facts) or prev
            # "76 missiles, 72 of them cruise missiles": the part names its own class
            named_part = next((a for a in anchors if tail_end <= a.start <= tail_end + 2), None)
            if named_part is not None and _family(named_part.weapon_class) == _family(prev.weapon_class):
                prev = Fact(named_part.weapon_class, named_part.weapon)
        elif named := _named_at_sentence_start(work, pos, anchors):
            prev = Fact(named.weapon_class, named.weapon)
        else:
            prev = _total_over_its_parts(before) or prev
        if _ALL_BUT.search(work[max(0, pos - 12) : pos]):
            # "launched 75 drones ... and all but one of them were shot down": 74 of 75
            whole = prev.launched
            if whole is None or "of" not in work[tail_start:tail_end] or whole <= num:
                continue
            num = whole - num
        s0, s1 = _sentence(work, pos)
        said = _verb_after(work[em.end() : s1]) or _verb_before(_tail(work[s0:pos]))
        tail = work[tail_start:tail_end].lower()
        if (
            said == "hit"
            and "of" in tail
            and re.match(r"\s*(?:fell|landed)\b", work[em.end() : em.end() + 12])
        ):
            continue  # "one of them fell near the plant": where debris came down, not a count
        if _INCLUDING_BEFORE.search(work[max(0, pos - 40) : pos]):
            said = None  # "destroyed 47 of the 55 missiles fired, including about 20 over Kyiv": destroyed
        if said is None or said == "skip":
            if "of" in tail or re.search(r"\b(?:were|was|been)\s*$", tail):
                continue  # "17 were killed", "one of them carrying cluster munitions"
            said = next(k for k in ("destroyed", "lost", "hit", "launched") if getattr(prev, k) is not None)
        launches = [f for _, f in before if f.launched is not None and f.destroyed is None]
        if (
            len({f.weapon_class for f in launches}) > 1
            and sum(f.launched or 0 for f in launches) == num
            and "of" not in work[tail_start:tail_end]
        ):
            # "six Kinzhals and six Kalibrs ... all 12 had been shot down": the sum of kinds told
            # before, so a total of mixed kinds
            mixed = all(_family(f.weapon_class) == "missile" for f in launches)
            prev = Fact("missile" if mixed else "air targets", None)
        if said == "destroyed" and _ALL_JUST_BEFORE.search(work, max(0, pos - 8), pos):
            # "... and claims all 16 were destroyed": all N were shot down, so N were launched
            facts.append((pos, Fact(prev.weapon_class, prev.weapon, launched=num, destroyed=num)))
        else:
            facts.append((pos, Fact(prev.weapon_class, prev.weapon, **{said: num})))
        used.add(pos)
    if not facts:
        return []
    # "... and that air defences brought down 60.": the number ends its clause, the verb says it
    for dm in _DOWNED_AT_END.finditer(work, facts[0][0]):
        pos = dm.start("num")
        num = to_int(dm.group("num"))
        before = [(p, f) for p, f in facts if p < pos and pos - p < 260]
        if pos in used or num is None or not before:
            continue
        # the sentence's first salvo, its total ("launched 76 missiles, 72 of them cruise
        # missiles, and ... brought down 60"), else the nearest before
        s0, _ = _sentence(work, pos)
        in_sentence = [pf for pf in before if pf[0] >= s0]
        prev = (
            min(in_sentence, key=lambda pf: pf[0])[1] if in_sentence else max(before, key=lambda pf: pf[0])[1]
        )
        facts.append((pos, Fact(prev.weapon_class, prev.weapon, destroyed=num)))
        used.add(pos)
    facts.sort(key=lambda x: x[0])
    return _drop_subsumed(
        [f for _, f in _quoted_repeats_dropped(text, _headline_repeats_dropped(text, facts))]
    )


# what a quote holds, for its echoes of numbers: double quotes only (the quote finder also reads
# single quotes, which in count sentences are mostly a name's marks: "121 new 'Phoenix Ghost' drones")
_QUOTED = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")


def _echoes_dropped(facts: list[tuple[int, Fact]], echo: Callable[[int], bool]) -> list[tuple[int, Fact]]:
    """Facts at an echo's position (a headline, a quote) whose numbers the rest of the text tells
    again, of the same family: one fact, told by the rest, which says what happened."""
    told = {(_family(f.weapon_class), n) for p, f in facts if not echo(p) for n in f.numbers().values()}
    return [
        (p, f)
        for p, f in facts
        if not echo(p) or not all((_family(f.weapon_class), n) in told for n in f.numbers().values())
    ]


def _quoted_repeats_dropped(text: str, facts: list[tuple[int, Fact]]) -> list[tuple[int, Fact]]:
    """A number a quote gives again ("dropped 56 guided bombs ... “Fifty-six guided aerial bombs
    were used against the people of the region”"): TAXONOMY's one fact for the same number
    repeated in a quote of the same statement."""
    if "“" not in text and '"' not in text:
        return facts
    spans = [(q.start(), q.end()) for q in _QUOTED.finditer(text)]
    if not spans:
        return facts
    return _echoes_dropped(facts, lambda pos: any(s < pos < e for s, e in spans))


def _headline_repeats_dropped(text: str, facts: list[tuple[int, Fact]]) -> list[tuple[int, Fact]]:
    """A headline's numbers that the body gives again ("Three Russian missiles kill 17" above
    "Three Russian missiles slammed into ...")."""
    head_end = text.find("\n")
    if head_end <= 0 or head_end > 160 or text[:head_end].rstrip()[-1:] in '.!?"”’':
        return facts
    return _echoes_dropped(facts, lambda pos: pos < head_end)
