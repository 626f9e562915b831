"""Quoted speech and who said it.

A quote is direct speech: a quoted passage that opens its paragraph, follows a
colon or a speech verb, or runs to several words. Its speaker is the person
named next to it ("..., Razvozhayev said"), else, for "he said" or a quote on
a line of its own, the last person the post named as speaking (or, failing
that, the last person it named). Quotes by ministries or "the air force" are
left out: only named people speak here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from streams.core.enrich.matchers import norm
from streams.core.enrich.people import IN_APPOSITIVE, SPEECH_VERBS, Found

_QUOTE_RE = re.compile(
    r"“([^”\n]{2,2000})”?|\"([^\"\n]{2,2000})\"|‘([^’\n]{8,2000})’(?!\w)"
    # straight single quotes, told apart from apostrophes ("Ukraine's", "I'm"): no letter or
    # apostrophe before the opening one. Tested after the quote mark (the same condition), so that
    # every branch opens with a quote character and the engine skips straight to those (5x faster)
    r"|'(?<![\w']')((?:[^'\n]|'(?=\w)){3,2000}?)'(?!\w)"
    # a quote that runs on into the next paragraph, which opens with a quotation mark again
    r"|\"([^\"\n]{2,2000})(?=\n\")"
)
_PRONOUN_AFTER = re.compile(
    rf"^\s*,?\s*(?:(?:he|she)\s+(?:{SPEECH_VERBS})|(?:{SPEECH_VERBS})\s+(?:he|she))\b", re.I
)
_GROUP_AFTER = re.compile(
    rf"^\s*,?\s*(?:the\s+)?(?:[\w-]+\s+){{0,3}}(?:ministry|force|forces|agency|office|"
    rf"statement|command|staff|service|military|army|kremlin|government|spokes\w+|they)\s+"
    rf"(?:{SPEECH_VERBS})\b",
    re.I,
)


_VERB_BEFORE_QUOTE = re.compile(rf"\b(?:{SPEECH_VERBS})\s*$", re.I)
# how far back a speech verb can start on text without trailing spaces: the longest phrase the
# alternation holds ("have repeatedly acknowledged") is under 40 characters
_LONGEST_VERB = 40
# "..., he said", "..., Rutte said", "..., said Igor Girkin", "..., the French president told ..."
_TOLD = "said|says|told|tells|added|adds|wrote|writes|asked|replied|continued|concluded|posted|tweeted"
_ATTRIBUTION_AFTER = re.compile(rf"^\s*[,.!?]?\s*(?:[\w’'.-]+\s+){{0,5}}?(?:{_TOLD})\b")
# "..., the US president wrote": a description, not a name, stands for the last speaker
_DESCRIPTION_AFTER = re.compile(rf"^\s*,?\s*the\s+(?:[A-Za-z][\w’'.-]*\s+){{0,5}}?(?:{SPEECH_VERBS})\b")
# words that report speech between a speaker and a quoted fragment of the same sentence
_REPORTING = re.compile(
    rf"\b(?:{SPEECH_VERBS}|call(?:s|ed|ing)?|cast|dismiss(?:es|ed|ing)|hail(?:s|ed|ing)?|brand(?:s|ed|ing)?|"
    r"term(?:s|ed|ing)?|label(?:s|led|ling)?|describ(?:e|es|ed|ing)|tweet(?:s|ed|ing)?|promis(?:e|es|ed|ing)|"
    r"vow(?:s|ed|ing)?|warn(?:s|ed|ing)?|warning|remarks?|comments?|words|admitt(?:ed|ing)|hint(?:s|ed|ing)?|"
    r"cit(?:e|es|ed|ing)|accus(?:e|es|ed|ing)|condemn(?:s|ed|ing)?|tell(?:s|ing)?|telling|saying|writing|"
    r"insist(?:s|ed|ing)?|stress(?:es|ed|ing)?|suggest(?:s|ed|ing)?|predict(?:s|ed|ing)?|repl(?:y|ies|ied))\b",
    re.I,
)
_CLAUSE = re.compile(r"\b(?:while|and|but|whereas|although|though|after|as|when)\b")
_PRONOUN_SUBJECT = re.compile(r"[\s,.!?]*(?:he|she)\s", re.I)
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z“\"‘'])")
_VERB_OPENS_QUOTE = re.compile(rf"(?:{SPEECH_VERBS})[^.“\"]*$|:\s*$", re.I)


@dataclass(frozen=True)
class QuoteHit:
    text: str
    speaker: str
    fragment: bool = False  # a few quoted words inside a sentence, or a short quote told by what follows it
    statement: bool = True  # direct speech by its place or its attribution ("'A calm night,' he wrote")


# a scene set before the subject: "At a Group of Seven summit in Hiroshima, Japan, President X ..."
_SETTING = re.compile(r"^(?:At|In|During|On|After|Speaking|Addressing|Writing)\b[^.;:“”\"]{2,80},\s+")


_RELAYED = re.compile(
    r"\s+(?:had\s+)?(?:told|said\s+to|warned|assured)\s+(?:him|her|them|me|us)\b[^:“\"]{0,40}:"
)
_CLAUSE_OPENS = re.compile(r",\s+(?:but|while|whereas|though|although)\s+|;\s+")


def _opens_paragraph(text: str, pos: int) -> bool:
    """A name near the start of its paragraph is its subject: the one who goes on to speak."""
    para_start = text.rfind("\n", 0, pos) + 1
    head = text[para_start:pos]
    # the subject of a second clause: "Ukraine did not claim responsibility, but Mykhailo Podolyak ..."
    turns = list(_CLAUSE_OPENS.finditer(head))
    if turns:
        head = head[turns[-1].end() :]
    head = _SETTING.sub("", head, count=1)
    # a title set off before the name: "Ukraine's air force commander, Mykola Oleshchuk, ..."
    head = head.rstrip()
    head = head[:-1] if head.endswith(",") else head
    return (
        len(head) <= 60
        and not re.search(r"[.,;:“\"]", head)
        and not re.search(rf"\b(?:{SPEECH_VERBS}|that)\b", head, re.I)
    )


def _possessive(text: str, s: int, e: int) -> bool:
    """The mention at ``s:e`` is a possessive ("Navalny's wife"): it names whose, not who."""
    return text[s:e].endswith(("’s", "'s")) or text.startswith(("’s", "'s"), e)


def _named_before(mentions: list[tuple[int, int, bool, Found]], text: str, pos: int) -> bool:
    """Someone is named earlier in ``pos``'s paragraph: in "Zelensky thanked Macron" the
    paragraph's subject is Zelensky, though Macron too stands within its first words ("Navalny's
    wife, Yulia Navalnaya, ..." names whose wife: she is the subject)."""
    para_start = text.rfind("\n", 0, pos) + 1
    return any(para_start <= s < pos and not _possessive(text, s, e) for s, e, _sp, _p in mentions)


def _is_speech(text: str, start: int, end: int, inner: str, told: bool = True) -> bool:
    """Direct speech by its place and length; with ``told``, also any quote an attribution
    follows ("'Otherwise a calm night,' he wrote")."""
    before = text[max(0, start - 80) : start].rstrip()
    para_start = text.rfind("\n", 0, start) + 1
    if not text[para_start:start].strip():
        return True
    if told and _ATTRIBUTION_AFTER.match(text[end : end + 80]):
        return True
    if before.endswith(":"):
        return True  # 'Trump replied: "Absolutely"': a colon hands the floor over, whatever the length
    # ``before`` is stripped, so a verb must end at its end: search only its last characters
    # (from a position, so that \b still sees the character before them)
    if before.endswith(",") or _VERB_BEFORE_QUOTE.search(before, max(0, len(before) - _LONGEST_VERB)):
        return len(inner.split()) >= 3
    # a phrase of a few words ("a strategic mistake") is a citation, not a quote
    return len(inner.split()) >= 6


# a sentence whose subject is "he" or "she" opens the quote: "Later he wrote on Truth Social:"
_PRONOUN_OPENS = re.compile(
    rf"(?:^|[.!?]\s+)(?:\w+\s+)?(?:he|she)\s+(?:\w+\s+)?(?:{SPEECH_VERBS})[^.“\"]*$", re.I
)
_DESCRIPTION = re.compile(
    rf"\bthe\s+((?:[A-Za-z][\w’'.-]*\s+){{0,4}}?[A-Za-z][\w’'.-]*)\s+(?:as\s+)?(?:{SPEECH_VERBS})\b", re.I
)


def _described(
    clause: str,
    people: list[Found],
    before: int,
    near: list[Found],
    country_of: Mapping[str, str] | None = None,
) -> Found | None:
    """The one person named before ``before`` whose title the clause's "the prime minister said"
    gives: every word of the description stands in that person's role ("Prime Minister"), but a
    demonym, which names the person's state ("the Russian president")."""
    found = list(_DESCRIPTION.finditer(clause))
    if not found:
        return None
    m = found[-1]
    words = {w.lower().strip("’'.") for w in m.group(1).split()} - {"country's", "nation's", "us", "uk"}
    # a demonym names the person's state, the other words the title
    state_of = {w: code for w in words if country_of and (code := country_of.get(norm(w)))}
    states = set(state_of.values())
    words -= state_of.keys()
    fits = [
        p
        for p in people
        if p.role
        and words
        and words <= set(p.role.lower().split())
        and (not states or p.country in states)
        and p.mentions
        and p.mentions[0][0] < before
    ]
    if len(fits) > 1:
        # several presidents: the one named in the same paragraph ("Serhiy Nykyforov, Volodymyr
        # Zelensky's spokesman, quoted the president as saying: ...")
        fits = [p for p in fits if p in near]
    return fits[0] if len(fits) == 1 else None


def _sentence_start(text: str, pos: int, spans: list[tuple[int, int]]) -> int:
    """Where the sentence holding ``pos`` begins (a full stop inside a quote ends nothing)."""
    para_start = text.rfind("\n", 0, pos) + 1
    start = para_start
    for m in _SENTENCE_END.finditer(text, para_start, pos):
        if not any(qs <= m.start() < qe for qs, qe in spans):
            start = m.end()
    return start


def _subject_speaker(
    text: str,
    start: int,
    spans: list[tuple[int, int]],
    mentions: list[tuple[int, int, bool, Found]],
    last_speaker: Found | None,
) -> Found | None:
    """The speaker of a quoted fragment inside a sentence: its first named person, when a
    reporting word stands between that person and the fragment ("Peskov told reporters the
    attack would 'not go unpunished'"); "He suggested ..." falls back on the last speaker."""
    sent = _sentence_start(text, start, spans)
    for s, e, _sp, p in mentions:
        if sent <= s < start:
            between = text[e:start]
            if _REPORTING.search(between) and not _GROUP_SUBJECT.search(between):
                return p
            return None
    head = text[sent:start]
    if last_speaker is not None and re.match(r"\s*(?:he|she)\b", head, re.I) and _REPORTING.search(head):
        return last_speaker
    return None


# "the ministry said" between a person and a fragment: the fragment is the ministry's
_GROUP_SUBJECT = re.compile(
    rf"\b(?:ministry|office|command|staff|service|kremlin|government|army|military)\s+(?:{SPEECH_VERBS})\b",
    re.I,
)


def extract_quotes(
    text: str, people: list[Found], country_of: Mapping[str, str] | None = None
) -> list[QuoteHit]:
    found = list(_QUOTE_RE.finditer(text))
    spans = [(q.start(), q.end()) for q in found]
    # people named inside a quote are spoken about, not speaking
    mentions: list[tuple[int, int, bool, Found]] = sorted(
        (
            (s, e, speaks, p)
            for p in people
            for (s, e, speaks) in p.mentions
            if not any(qs < s < qe for qs, qe in spans)
        ),
        key=lambda x: (x[0], x[1]),
    )
    hits: list[QuoteHit] = []
    last_speaker: Found | None = None
    cursor = 0
    for qm in found:
        inner = next(g for g in qm.groups() if g is not None).strip()
        start, end = qm.start(), qm.end()
        # speakers mentioned since the last quote update the running speaker
        for s, e, speaks, p in mentions:
            if cursor <= s < start and (
                speaks
                or last_speaker is None
                or (
                    _opens_paragraph(text, s)
                    and not _possessive(text, s, e)
                    and not _named_before(mentions, text, s)
                )
            ):
                last_speaker = p
        cursor = max(cursor, start)
        para_end = text.find("\n", end)
        para_end = len(text) if para_end == -1 else para_end
        para_start = text.rfind("\n", 0, start) + 1
        after = text[end:para_end]
        if _GROUP_AFTER.match(after):
            continue
        speaker: Found | None = None
        if not _is_speech(text, start, end, inner):
            # a fragment quoted inside a sentence is speech when a named person reports it
            speaker = _subject_speaker(text, start, spans, mentions, last_speaker)
            if speaker is None:
                continue
        # a name right after the quote ("..., Fico said") or before it ("Fico said: ...")
        pronoun = _PRONOUN_AFTER.match(after) or _DESCRIPTION_AFTER.match(after)
        near = [p for s, e, _sp, p in mentions if para_start <= s < start]
        # "Morawiecki went further, telling Polsat News: '...'": a verb or a colon before the quote
        # hands it to the speaker named before it, whoever the next sentence names
        opener = _VERB_OPENS_QUOTE.search(text[para_start:start]) if near else None
        if opener is not None:
            # "X said it showed ..., while Y wrote: '...'": the verb of the clause the quote closes
            turns = list(_CLAUSE_OPENS.finditer(text, para_start + opener.start(), start))
            if turns:
                shift = turns[-1].end() - para_start
                opener = _VERB_OPENS_QUOTE.search(text[para_start:start], shift) or opener
        if speaker is None and not pronoun and opener is not None:
            # the one named last before the verb: "... with Prime Minister Donald Tusk, Volodymyr
            # Zelensky said: '...'" is Zelensky's; not a possessive inside an appositive ("Dmitry
            # Peskov, Mr Putin's spokesman, told reporters: ..."); before a colon with no speech
            # verb, the sentence's subject ("Trump rebukes Putin after the strike: '...'")
            cut = para_start + opener.start()
            named = [
                p
                for s, e, _sp, p in mentions
                if para_start <= s < cut
                and not _possessive(text, s, e)
                # nor a name inside an appositive: "X, an adviser to President Y, wrote"
                and not (IN_APPOSITIVE.search(text, para_start, s) and text[e:cut].lstrip().startswith(","))
            ]
            described = _described(
                text[para_start : para_start + opener.end()], people, start, near, country_of
            )
            speaking = [p for s, _e, sp, p in mentions if para_start <= s < cut and sp]
            if described is not None:
                speaker = described
            elif speaking and _PRONOUN_OPENS.search(text, para_start, para_start + opener.end()):
                # "Trump said he was not happy with Putin. Later he wrote: ..." is Trump's
                speaker = speaking[-1]
            elif named and opener.group(0).startswith(":"):
                start_of = _sentence_start(text, cut, spans)
                in_sentence = [p for s, _e, _sp, p in mentions if start_of <= s < cut]
                speaker = in_sentence[0] if in_sentence else named[-1]
            else:
                speaker = named[-1] if named else near[-1]
            # "Johnson said Putin had told him: '...'": the words are the one who told them
            for s, e, _sp, p in mentions:
                if para_start <= s < start and _RELAYED.match(text, e, start):
                    speaker = p
        if speaker is None and not pronoun:
            for s, _e, _speaks, p in mentions:
                gap = text[end:s]
                if end <= s <= end + 60 and s < para_end and not re.search(r"[“\"]", gap):
                    if _CLAUSE.search(gap) or _PRONOUN_SUBJECT.match(gap):
                        # "..., while Kaja Kallas called ...": a new clause, a new subject; "...,"
                        # he recalled telling Kirill": the pronoun speaks, the name is spoken to
                        break
                    speaker = p
                    break
        if speaker is None and not pronoun and near:
            # "Zelensky quickly blamed Moscow, writing that '...'": the sentence's subject reports it
            speaker = _subject_speaker(text, start, spans, mentions, None)
        if speaker is None and pronoun and near and last_speaker not in near:
            # "'...,' she said" after a paragraph that names a new person: that person speaks
            # ("Maria Zakharova went further. '...,' she said"), not the speaker of a paragraph before
            speaker = near[-1]
        if (
            speaker is None
            and pronoun is not None
            and not pronoun.group(0).lstrip(" ,").lower().startswith(("he ", "she "))
        ):
            # ", the prime minister said": the person the post gave that title
            speaker = _described(pronoun.group(0), people, start, near, country_of)
        if speaker is None and not pronoun and not text[para_start:start].strip():
            # a quote on its own line under "..., the Russian president said:": the one described
            prev_start = text.rfind("\n", 0, max(0, para_start - 1)) + 1
            prev = text[prev_start : max(prev_start, para_start - 1)].rstrip()
            if prev.endswith(":"):
                near_prev = [p for s, _e, _sp, p in mentions if prev_start <= s < para_start]
                speaker = _described(prev, people, start, near_prev, country_of)
        if speaker is None:
            speaker = last_speaker
            if speaker is None:
                prior = [p for s, _e, _sp, p in mentions if s < start]
                speaker = prior[-1] if prior else None
        if speaker is None:
            continue
        last_speaker = speaker
        full = _is_speech(text, start, end, inner, told=False)
        statement = full or _is_speech(text, start, end, inner)
        hits.append(QuoteHit(text=inner, speaker=speaker.name, fragment=not full, statement=statement))
        cursor = end
    return hits
