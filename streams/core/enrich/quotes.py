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
from dataclasses import dataclass

from streams.core.enrich.people import SPEECH_VERBS, Found

_QUOTE_RE = re.compile(
    r"“([^”\n]{2,2000})”?|\"([^\"\n]{2,2000})\"|‘([^’\n]{8,2000})’(?!\w)"
    # straight single quotes, told apart from apostrophes ("Ukraine's", "I'm")
    r"|(?<![\w'])'((?:[^'\n]|'(?=\w)){3,2000}?)'(?!\w)"
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
_VERB_OPENS_QUOTE = re.compile(rf"(?:{SPEECH_VERBS})[^.“\"]*$|:\s*$", re.I)


@dataclass(frozen=True)
class QuoteHit:
    text: str
    speaker: str


def _opens_paragraph(text: str, pos: int) -> bool:
    """A name near the start of its paragraph is its subject: the one who goes on to speak."""
    para_start = text.rfind("\n", 0, pos) + 1
    head = text[para_start:pos]
    return len(head) <= 60 and not re.search(r"[.,;:“\"]", head)


def _is_speech(text: str, start: int, end: int, inner: str) -> bool:
    before = text[max(0, start - 80) : start].rstrip()
    para_start = text.rfind("\n", 0, start) + 1
    if not text[para_start:start].strip():
        return True
    if before.endswith((":", ",")) or _VERB_BEFORE_QUOTE.search(before):
        return len(inner.split()) >= 3
    # a phrase of a few words ("a strategic mistake") is a citation, not a quote
    return len(inner.split()) >= 6


def extract_quotes(text: str, people: list[Found]) -> list[QuoteHit]:
    found = list(_QUOTE_RE.finditer(text))
    spans = [(q.start(), q.end()) for q in found]
    # people named inside a quote are spoken about, not speaking
    mentions: list[tuple[int, int, bool, Found]] = sorted(
        (s, e, speaks, p)
        for p in people
        for (s, e, speaks) in p.mentions
        if not any(qs < s < qe for qs, qe in spans)
    )
    hits: list[QuoteHit] = []
    last_speaker: Found | None = None
    cursor = 0
    for qm in found:
        inner = next(g for g in qm.groups() if g is not None).strip()
        start, end = qm.start(), qm.end()
        # speakers mentioned since the last quote update the running speaker
        for s, _e, speaks, p in mentions:
            if cursor <= s < start and (speaks or last_speaker is None or _opens_paragraph(text, s)):
                last_speaker = p
        cursor = max(cursor, start)
        if not _is_speech(text, start, end, inner):
            continue
        para_end = text.find("\n", end)
        para_end = len(text) if para_end == -1 else para_end
        para_start = text.rfind("\n", 0, start) + 1
        after = text[end:para_end]
        speaker: Found | None = None
        if _GROUP_AFTER.match(after):
            continue
        # a name right after the quote ("..., Fico said") or before it ("Fico said: ...")
        pronoun = _PRONOUN_AFTER.match(after)
        for s, _e, _speaks, p in mentions:
            if pronoun:
                break
            if end <= s <= end + 60 and s < para_end and not re.search(r"[“\"]", text[end:s]):
                speaker = p
                break
        if speaker is None and not pronoun:
            near = [p for s, e, _sp, p in mentions if para_start <= s < start]
            if near and _VERB_OPENS_QUOTE.search(text[para_start:start]):
                speaker = near[-1]
        if speaker is None:
            speaker = last_speaker
            if speaker is None:
                prior = [p for s, _e, _sp, p in mentions if s < start]
                speaker = prior[-1] if prior else None
        if speaker is None:
            continue
        last_speaker = speaker
        hits.append(QuoteHit(text=inner, speaker=speaker.name))
        cursor = end
    return hits
