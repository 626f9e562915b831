"""Expand a simple regular expression into the literal phrases it matches.

Cue patterns are written as regular expressions because they are easy to
read ("warn(?:s|ed|ing)?"), but matching forty of them one by one is slow.
A pattern made only of literals, small character classes, alternations,
optional parts and word boundaries matches a finite set of phrases; those
phrases go into one Aho-Corasick automaton instead. Patterns with open-ended
parts (``\\w+``, ``[^.]{0,80}``) cannot be expanded: ``expand`` says so with
``None`` and the caller keeps the regular expression.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

try:  # Python 3.11+
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

LIMIT = 5000


class _TooOpen(Exception):
    pass


def _expand(items) -> list[str]:
    out = [""]
    for op, arg in items:
        if op is sre_constants.LITERAL:
            alts = [chr(arg)]
        elif op is sre_constants.IN:
            alts = []
            for kind, value in arg:
                if kind is sre_constants.LITERAL:
                    alts.append(chr(value))
                elif kind is sre_constants.CATEGORY and value is sre_constants.CATEGORY_SPACE:
                    alts.append(" ")
                else:
                    raise _TooOpen
        elif op is sre_constants.BRANCH:
            alts = [p for branch in arg[1] for p in _expand(branch)]
        elif op is sre_constants.SUBPATTERN:
            alts = _expand(arg[-1])
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, high, sub = arg
            inner = _expand(sub)
            if (low, high) == (0, 1):
                alts = ["", *inner]
            elif low == 1 and high == sre_constants.MAXREPEAT and inner == [" "]:
                alts = [" "]  # \s+ : one space (text is normalised)
            elif low == 0 and high == sre_constants.MAXREPEAT and inner == [" "]:
                alts = ["", " "]  # \s*
            elif low == high == 1:
                alts = inner
            else:
                raise _TooOpen
        elif op is sre_constants.AT:
            continue  # word boundaries are checked by the matcher
        else:
            raise _TooOpen
        out = [a + b for a in out for b in alts]
        if len(out) > LIMIT:
            raise _TooOpen
    return out


def expand(pattern: str) -> list[str] | None:
    """All phrases a simple pattern matches, or ``None`` when it is open-ended."""
    try:
        phrases = _expand(sre_parse.parse(pattern))
    except _TooOpen:
        return None
    cleaned = {" ".join(p.split()) for p in phrases}
    return sorted(p for p in cleaned if p)


class PhraseCounter:
    """Counts, per named cue, the whole-word occurrences of its phrases in one pass."""

    def __init__(self, cues: dict[str, list[str]]) -> None:
        import ahocorasick

        table: dict[str, set[str]] = {}
        for name, phrases in cues.items():
            for phrase in phrases:
                table.setdefault(phrase, set()).add(name)
        self._auto = ahocorasick.Automaton()
        for phrase, names in table.items():
            self._auto.add_word(phrase, (len(phrase), tuple(sorted(names))))
        self._empty = not table
        if table:
            self._auto.make_automaton()

    def count(self, low: str, lead_end: int = 0) -> tuple[dict[str, int], dict[str, int]]:
        """(counts in the whole text, counts within its first ``lead_end`` characters)."""
        total: dict[str, int] = {}
        lead: dict[str, int] = {}
        if self._empty:
            return total, lead
        n = len(low)
        for last, (length, names) in self._auto.iter(low):
            start = last - length + 1
            if start > 0 and (low[start - 1].isalnum() or low[start - 1] == "_"):
                continue
            if last + 1 < n and (low[last + 1].isalnum() or low[last + 1] == "_"):
                continue
            for name in names:
                total[name] = total.get(name, 0) + 1
                if last < lead_end:
                    lead[name] = lead.get(name, 0) + 1
        return total, lead


# --- needles: literal strings a regex cannot match without -------------------

_FOLD = str.maketrans({"\u0131": "i", "\u017f": "s", "\u0130": "i", "\u212a": "k"})
_FOLD_CHARS = "\u0131\u017f\u0130\u212a"


def fold_case(text: str) -> str:
    """Lower-case ``text`` so that every character ``re.IGNORECASE`` equates with an
    ASCII letter becomes that letter ("ſ", "ı", "İ" and the Kelvin sign included)."""
    low = text.lower()
    if low.isascii() or not any(ch in text for ch in _FOLD_CHARS):
        return low  # translating is slow, and those four letters are rare
    return text.translate(_FOLD).lower()


_ZERO_WIDTH = (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT)
#: the needle that stands for "any decimal digit" (``\d``), looked for with a regex
DIGIT = "\\d"
_ANY_DIGIT = re.compile(r"\d")


def _is_digit_class(op, arg) -> bool:
    return op is sre_constants.IN and arg == [(sre_constants.CATEGORY, sre_constants.CATEGORY_DIGIT)]


def _exact(items, ignore: bool) -> list[str] | None:
    """The strings a sequence matches, when it is a finite set of literals (zero-width parts skipped)."""
    out = [""]
    for op, arg in items:
        if op in _ZERO_WIDTH:
            continue
        alts: list[str] | None
        if op is sre_constants.LITERAL:
            alts = [chr(arg)]
        elif op is sre_constants.IN:
            if not all(kind is sre_constants.LITERAL for kind, _ in arg):
                return None
            alts = [chr(value) for _, value in arg]
        elif op is sre_constants.BRANCH:
            alts = []
            for branch in arg[1]:
                sub = _exact(branch, ignore)
                if sub is None:
                    return None
                alts.extend(sub)
        elif op is sre_constants.SUBPATTERN:
            alts = _exact(arg[-1], _ignore(arg, ignore))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and arg[:2] in ((0, 1), (1, 1)):
            alts = _exact(arg[2], ignore)
            if alts is not None and arg[0] == 0:
                alts = ["", *alts]
        else:
            return None
        if alts is None:
            return None
        if ignore:
            if not all(a.isascii() for a in alts):
                return None  # non-ASCII letters have case-insensitive kin fold_case does not know
            alts = [a.lower() for a in alts]
        out = list({a + b for a in out for b in alts})
        if len(out) > 200:
            return None
    return out


def _ignore(subpattern_arg, ignore: bool) -> bool:
    _group, add_flags, del_flags, _p = subpattern_arg
    if add_flags & sre_constants.SRE_FLAG_IGNORECASE:
        return True
    if del_flags & sre_constants.SRE_FLAG_IGNORECASE:
        return False
    return ignore


def _score(needles: list[str]) -> tuple[int, int]:
    """Longer needles are rarer, and fewer are quicker to look for."""
    return (min(1 if n == DIGIT else len(n) for n in needles), -len(needles))


def _required(items, ignore: bool) -> list[str] | None:
    """Strings one of which every match of a sequence contains, or ``None`` when none are known."""
    parts = _required_parts(items, ignore)
    return max(parts, key=_score) if parts else None


def _required_parts(items, ignore: bool) -> list[list[str]]:
    """For each part of a sequence that has them, strings one of which every match of the
    part contains: every match of the sequence holds one string of each list."""
    found: list[list[str]] = []

    def consider(candidate: list[str] | None) -> None:
        if candidate and "" not in candidate:
            # a needle that holds another needle adds nothing: "missiles" goes when "missile" is there
            candidate = sorted(
                n
                for n in candidate
                if n == DIGIT or not any(o != n and o != DIGIT and o in n for o in candidate)
            )
            found.append(candidate)

    run: list = []
    for item in [*items, None]:
        if item is not None and _exact([item], ignore) is not None:
            run.append(item)
            continue
        if run:
            consider(_exact(run, ignore))
            run = []
        if item is None:
            break
        op, arg = item
        if _is_digit_class(op, arg):
            consider([DIGIT])
        elif op is sre_constants.BRANCH:
            subs = [_required(branch, ignore) for branch in arg[1]]
            if all(s is not None for s in subs):
                consider(sorted({n for s in subs if s is not None for n in s}))
        elif op is sre_constants.SUBPATTERN:
            consider(_required(arg[-1], _ignore(arg, ignore)))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and arg[0] >= 1:
            consider(_required(arg[2], ignore))
    return found


class Guarded:
    """A compiled regex that skips texts lacking every literal one of its matches must hold.

    Scanning a post with a regex that starts with ``\\b`` and an alternation
    costs the regex engine a try at every character; looking for a few fixed
    strings first costs a fraction of that, and most posts have none of them.
    The needles come from the pattern itself, so the answers are the regex's own.
    """

    __slots__ = ("regex", "needles", "folded", "pattern", "_literals", "_digit", "_more")

    def __init__(self, regex: re.Pattern[str], *, fast: bool = False, every_part: bool = False) -> None:
        """``fast``: run the :func:`skip_ahead` form of the pattern where it has one (the same
        matches); ``every_part``: when the text holds a needle, look for the needles of the
        other parts of the pattern too (for patterns whose parts are each common but rarely
        all there: "allowed", "Ukraine", "strike", "missiles")."""
        self.pattern = regex.pattern
        ignore = bool(regex.flags & re.IGNORECASE)
        parts = sorted(
            _required_parts(sre_parse.parse(regex.pattern, regex.flags), ignore), key=_score, reverse=True
        )
        self.needles = parts[0] if parts else None
        skipping = skip_ahead(regex.pattern) if fast else None
        self.regex = regex if skipping is None else re.compile(skipping, regex.flags)
        # needles were lower-cased wherever case is ignored: compare against folded text then
        self.folded = self.needles is not None and _uses_ignorecase(regex)
        # the literal needles apart from the digit one: ``map`` over ``__contains__`` tests them
        # without a Python frame per needle (this test runs for every post and most cues)
        self._literals = tuple(n for n in self.needles or () if n != DIGIT)
        self._digit = DIGIT in (self.needles or ())
        self._more = tuple(
            (tuple(n for n in part if n != DIGIT), DIGIT in part)
            for part in (parts[1:] if every_part else ())
        )

    def possible(self, text: str) -> bool:
        """False when ``text`` cannot hold a match."""
        if self.needles is None:
            return True
        if self.folded:
            text = fold_case(text)
        if not any(map(text.__contains__, self._literals)) and not (
            self._digit and _ANY_DIGIT.search(text) is not None
        ):
            return False
        for literals, digit in self._more:
            if not any(map(text.__contains__, literals)) and not (
                digit and _ANY_DIGIT.search(text) is not None
            ):
                return False
        return True

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.regex.search(text, pos) if self.possible(text) else None

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.regex.match(text, pos) if self.possible(text) else None

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text, pos) if self.possible(text) else iter(())


def _uses_ignorecase(regex: re.Pattern[str]) -> bool:
    return bool(regex.flags & re.IGNORECASE) or "(?i" in regex.pattern


# --- skipping ahead: a pattern that starts with a character class ---------------------

_QUANTIFIER = "?*+{"


def _structure(pattern: str, start: int = 0):
    """The pattern's ``(``, ``)`` and ``|`` from ``start`` on, each with the group depth it stands
    at (outside a group's own brackets), escapes and character classes skipped; ``None`` is
    yielded once for a class that never closes."""
    depth = 0
    j = start
    while j < len(pattern):
        ch = pattern[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            end = pattern.find("]", j + 2)
            if end == -1:
                yield None
                return
            j = end + 1
            continue
        if ch == "(":
            yield j, ch, depth
            depth += 1
        elif ch == ")":
            depth -= 1
            yield j, ch, depth
        elif ch == "|":
            yield j, ch, depth
        j += 1


def _closing(pattern: str, i: int) -> int | None:
    """Index of the ``)`` that closes the group opening at ``i``, or ``None``."""
    for hit in _structure(pattern, i):
        if hit is None:
            return None
        j, ch, depth = hit
        if ch == ")" and depth == 0:
            return j
    return None


def _top_level(pattern: str) -> list[str] | None:
    """``pattern`` cut at its top-level ``|``."""
    parts: list[str] = []
    start = 0
    for hit in _structure(pattern):
        if hit is None:
            return None
        j, ch, depth = hit
        if ch == "|" and depth == 0:
            parts.append(pattern[start:j])
            start = j + 1
    parts.append(pattern[start:])
    return parts


def _first_token(alt: str) -> tuple[str, str, bool] | None:
    """(first token, its class contents, whether it only matches word characters) of an
    alternative that starts with a lower-case letter, a digit, ``\\d`` or a plain class."""
    if not alt:
        return None
    if alt[0].isascii() and (alt[0].islower() or alt[0].isdigit()):
        token, inner, word = alt[0], alt[0], True
    elif alt.startswith("\\d"):
        token, inner, word = "\\d", "\\d", True
    elif alt[0] == "[":
        end = alt.find("]", 1)
        inner = alt[1:end]
        if end == -1 or not inner or any(ch in inner for ch in "^-[]\\"):
            return None
        token, word = alt[: end + 1], all(ch.isalnum() for ch in inner)
    else:
        return None
    if alt[len(token) : len(token) + 1] in tuple(_QUANTIFIER):
        return None
    return token, inner, word


def _flatten(alts: list[str]) -> list[str] | None:
    """Alternatives that start with a group of alternatives, distributed over it:
    ``(?:sent|send)\\s+troops`` is ``sent\\s+troops|send\\s+troops``, tried in the same order."""
    out: list[str] = []
    for alt in alts:
        if not alt.startswith("(?:"):
            out.append(alt)
            continue
        close = _closing(alt, 0)
        inner = None if close is None else _top_level(alt[3:close])
        if close is None or inner is None or alt[close + 1 : close + 2] in tuple(_QUANTIFIER):
            return None
        flat = _flatten([sub + alt[close + 1 :] for sub in inner])
        if flat is None:
            return None
        out.extend(flat)
    return out


def skip_ahead(pattern: str) -> str | None:
    """The pattern rewritten to start with one character class, or ``None`` when it is not
    made of branches ``[\\b](?:alternative|...)rest`` whose alternatives start with a letter,
    a digit or a plain class.

    The regex engine tries a pattern at every position of the text unless it starts with a
    literal or a class, when it skips ahead in C to where the class matches. The rewrite
    takes the first character with a class of every first character, checks in each
    alternative that it is that alternative's (``(?<=m)issile``) and turns a leading ``\\b``
    into ``(?<!\\w\\w)`` (the first character is a word character), so it matches what the
    pattern matches, at the same places, trying branches and alternatives in the same order.
    """
    body = pattern
    if body.startswith("(?:") and _closing(body, 0) == len(body) - 1:
        body = body[3:-1]
    branches = _top_level(body)
    if branches is None or "(?P" in pattern or re.search(r"\((?!\?)", pattern.replace("\\(", "")):
        return None  # capture groups would be numbered differently
    alternatives: list[tuple[str, str, bool, str]] = []  # (first token, its class, after \b, the rest)
    for branch in branches:
        bounded = branch.startswith("\\b")
        if bounded:
            branch = branch[2:]
        if branch.startswith("(?:"):
            close = _closing(branch, 0)
            if close is None:
                return None
            alts = _top_level(branch[3:close])
            rest = branch[close + 1 :]
            if alts is None or rest[:1] in tuple(_QUANTIFIER):
                return None
        else:
            alts, rest = [branch], ""
        alts = _flatten(alts)
        if alts is None:
            return None
        for alt in alts:
            first = _first_token(alt)
            if first is None or (bounded and not first[2]):
                return None
            token, inner, _word = first
            alternatives.append((token, inner, bounded, alt[len(token) :] + rest))
    if all(len(token) == 1 for token, *_ in alternatives):
        # every alternative starts with a letter: one branch per letter, each starting with it
        # (the engine skips to those letters, and tries only the branch of the letter it finds);
        # alternatives with different letters never both match at a place, so only the order
        # of those with the same letter counts, and it is kept
        by_first: dict[str, list[str]] = {}
        for token, _inner, bounded, tail in alternatives:
            by_first.setdefault(token, []).append(("(?<!\\w\\w)" if bounded else "") + tail)
        return "(?:" + "|".join(f"{c}(?:{'|'.join(tails)})" for c, tails in by_first.items()) + ")"
    firsts: list[str] = []
    out: list[str] = []
    for token, inner, bounded, tail in alternatives:
        if inner not in firsts:
            firsts.append(inner)
        check = "(?<!\\w\\w)" if bounded else ""
        out.append(f"(?<={token}){check}{tail}")
    return f"[{''.join(firsts)}](?:{'|'.join(out)})"
