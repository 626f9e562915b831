"""Split a page into posts: drop site chrome, read timestamp lines, group paragraphs.

A page is one paragraph a line. A paragraph opens a new post unless it reads
as the continuation of the post before it: a quote on a line of its own, a
sentence opening with a pronoun or a connective, a surname already named in
the post, or a sentence that shares the post's rarer names. Timestamp lines
always open a new post. Each cue carries a weight; the weights were set on the
development set in ``tests/devset``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from streams.catalogue import Catalogue
from streams.core.text import clean_line
from streams.core.timestamps import parse_relative_line, parse_timestamp_line

LineKind = Literal["content", "timestamp", "boilerplate"]


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based line number in the page
    text: str
    kind: LineKind
    when: datetime | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    """A post before it gets ids: its lines and the time it was published."""

    first: int
    last: int
    paragraphs: tuple[str, ...]
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class SplitResult:
    drafts: tuple[Draft, ...]
    lines: tuple[Line, ...]

    @property
    def boilerplate_lines(self) -> list[int]:
        return [ln.number for ln in self.lines if ln.kind == "boilerplate"]

    @property
    def timestamp_lines(self) -> dict[int, datetime | None]:
        return {ln.number: ln.when for ln in self.lines if ln.kind == "timestamp"}


def classify_lines(text: str, page_time: datetime | None, catalogue: Catalogue) -> list[Line]:
    """Label every non-blank line of a page as content, timestamp or boilerplate."""
    lines: list[Line] = []
    context = page_time
    for number, raw in enumerate(text.split("\n"), start=1):
        line = clean_line(raw)
        if not line:
            continue
        when = parse_timestamp_line(line, context)
        if when is not None:
            context = when
            lines.append(Line(number, line, "timestamp", when))
            continue
        if parse_relative_line(line):
            lines.append(Line(number, line, "timestamp", context))
            continue
        if catalogue.is_boilerplate(line):
            lines.append(Line(number, line, "boilerplate"))
            continue
        lines.append(Line(number, line, "content"))
    return lines


# --- continuation cues --------------------------------------------------------

_QUOTE_OPEN = "\"“‘'«„"
_ANAPHOR_OPENERS = frozenset(
    """he she they it his her their its this that these those such but and however
    yet also still instead meanwhile nevertheless nonetheless moreover furthermore
    besides then there here both neither either some others another earlier later
    previously separately additionally so thus therefore because since while although
    though according asked speaking responding adding writing in on at after before
    as last during""".split()
)
# openers that usually start the lead of a new entry despite being in the list above
_LEAD_OPENERS = frozenset({"in", "on", "at", "after", "as", "during", "meanwhile", "last"})
_DEFINITE_ANAPHORS = re.compile(
    r"^(?:the|this|that|these|those)\s+(?:comments?|remarks?|statement|move|decision|"
    r"announcement|attack|strike|strikes|incident|call|talks|meeting|visit|news|report|"
    r"official|minister|ministry|spokes(?:man|woman|person)|president|leader|governor|"
    r"mayor|agency|military|army|air force|package|aid|deal|plan|letter|blast|explosion|"
    r"victim|suspect|man|woman|officer|source|sources|company|firm|plant|facility|"
    r"building|city|region|village|town|area|country|government|kremlin|\d+-year-old|"
    r"latest|new|same|former|two|three|development|warning|threat|claim|claims|video|"
    r"footage|images|photos|pictures|podcast|episode|programme|show|host|bombardment|"
    r"barrage|assault|offensive|operation|raid|drone|drones|missile|missiles|"
    r"investigation|probe|court|case|trial|sentence|arrest|arrests|detention|"
    r"fire|damage|casualties|toll|death toll|wounded|injured|dead|bodies|"
    r"shelling|fighting|battle|counteroffensive|troops|soldiers|forces|units|brigade)\b",
    re.IGNORECASE,
)
_PRONOUN_SAID = re.compile(
    r"\b(?:he|she|they|it|the (?:minister|president|official|spokes\w+|governor|mayor|"
    r"ministry|leader|source|agency))\s+(?:said|added|told|wrote|stressed|noted|"
    r"continued|went on|explained|warned|insisted|argued|claimed)\b",
    re.IGNORECASE,
)
_NAME_RE = re.compile(r"\b([A-Z][\w'’\-]+(?:\s+(?:[A-Z][\w'’\-]+|de|van|von|bin|al-\w+))+)")
_CAPWORD_RE = re.compile(r"\b([A-Z][a-z][\w'’\-]{2,})")
_COMMON_CAPS = frozenset(
    """Russia Russian Russians Ukraine Ukrainian Ukrainians Kyiv Kiev Moscow Kremlin
    The This That These Those There Their They He She His Her It Its And But In On At
    After Before As When While With Without For From Since During Over Under Into
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
    April May June July August September October November December Mr Mrs Ms Dr Sir
    President Minister Prime Defence Defense Foreign Secretary Ministry Government
    Western West European Europe NATO US UK EU Britain British American America
    United States Kingdom Army Air Force Navy General Staff Council Union""".split()
)


def _opener(line: str) -> str:
    m = re.match(r"[\w'’\-]+", line)
    return m.group(0).lower() if m else ""


def _names(text: str) -> set[str]:
    return {m.group(1) for m in _NAME_RE.finditer(text)}


def _surnames(names: set[str]) -> set[str]:
    out = set()
    for name in names:
        parts = name.split()
        if len(parts) >= 2 and parts[-1] not in _COMMON_CAPS:
            out.add(parts[-1].rstrip("’'s").rstrip("’'"))
    return out


def _keywords(text: str) -> set[str]:
    return {w for w in _CAPWORD_RE.findall(text) if w not in _COMMON_CAPS}


def continuation_score(line: str, post_lines: list[str], prev_line: str) -> float:
    """Evidence that ``line`` continues the post made of ``post_lines`` (> 0: continue)."""
    score = -0.5  # a lone paragraph with no cue starts a new entry
    stripped = line.lstrip()
    first_char = stripped[:1]
    opener = _opener(stripped)
    if first_char in _QUOTE_OPEN:
        score += 5.0
    if prev_line.rstrip().endswith(":"):
        score += 5.0
    if opener in _ANAPHOR_OPENERS and opener not in _LEAD_OPENERS:
        score += 3.0
    elif opener in _LEAD_OPENERS:
        score += 0.3
    if _DEFINITE_ANAPHORS.match(stripped):
        score += 2.0
    if _PRONOUN_SAID.search(stripped):
        score += 1.5
    post_text = " ".join(post_lines)
    post_names = _names(post_text)
    surnames = _surnames(post_names)
    head = stripped[:60]
    first_token = re.match(r"[\w'’\-]+", stripped)
    if first_token and first_token.group(0).rstrip("’'s") in surnames:
        score += 3.5
    elif any(re.search(rf"\b{re.escape(s)}\b", head) for s in surnames):
        score += 1.5
    shared = _keywords(stripped) & _keywords(post_text)
    score += min(len(shared), 3) * 0.8
    line_names = _names(stripped)
    new_full_names = {n for n in line_names if n not in post_names and n.split()[-1] not in surnames}
    if new_full_names and not shared and opener not in _ANAPHOR_OPENERS:
        score -= 0.8
    if re.search(
        r"\b(?:has|have)\s+(?:said|announced|warned|claimed|vowed|joined|called|"
        r"confirmed|reported|accused|added|urged|told|signed|launched)\b",
        stripped,
    ):
        score -= 0.8
    return score


def split_lines(lines: list[Line], page_time: datetime | None) -> list[Draft]:
    """Group content lines into posts; timestamps date the posts under them."""
    drafts: list[Draft] = []
    current: list[Line] = []
    current_time = page_time
    post_time = page_time
    force_new = True
    prev_text = ""

    def close() -> None:
        if current:
            drafts.append(
                Draft(
                    first=current[0].number,
                    last=current[-1].number,
                    paragraphs=tuple(ln.text for ln in current),
                    published_at=post_time,
                )
            )

    for ln in lines:
        if ln.kind == "timestamp":
            current_time = ln.when or current_time
            force_new = True
            continue
        if ln.kind == "boilerplate":
            continue
        new = force_new or not current
        if not new:
            new = continuation_score(ln.text, [c.text for c in current], prev_text) <= 0
        if new:
            close()
            current = []
            post_time = current_time
        current.append(ln)
        prev_text = ln.text
        force_new = False
    close()
    return drafts


def split_text(text: str, page_time: datetime | None, catalogue: Catalogue) -> SplitResult:
    """Classify a page's lines and split its content into post drafts."""
    lines = classify_lines(text, page_time, catalogue)
    return SplitResult(drafts=tuple(split_lines(lines, page_time)), lines=tuple(lines))
