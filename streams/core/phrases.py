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

try:  # Python 3.11+
    from re import _constants as sre_constants
    from re import _parser as sre_parse
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
    best: list[str] | None = None

    def consider(candidate: list[str] | None) -> None:
        nonlocal best
        if candidate and "" not in candidate:
            # a needle that holds another needle adds nothing: "missiles" goes when "missile" is there
            candidate = sorted(
                n
                for n in candidate
                if n == DIGIT or not any(o != n and o != DIGIT and o in n for o in candidate)
            )
            if best is None or _score(candidate) > _score(best):
                best = candidate

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
                consider(sorted({n for s in subs for n in s}))
        elif op is sre_constants.SUBPATTERN:
            consider(_required(arg[-1], _ignore(arg, ignore)))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and arg[0] >= 1:
            consider(_required(arg[2], ignore))
    return best


class Guarded:
    """A compiled regex that skips texts lacking every literal one of its matches must hold.

    Scanning a post with a regex that starts with ``\\b`` and an alternation
    costs the regex engine a try at every character; looking for a few fixed
    strings first costs a fraction of that, and most posts have none of them.
    The needles come from the pattern itself, so the answers are the regex's own.
    """

    __slots__ = ("regex", "needles", "folded", "pattern", "_literals", "_digit")

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        self.pattern = regex.pattern
        ignore = bool(regex.flags & re.IGNORECASE)
        self.needles = _required(sre_parse.parse(regex.pattern, regex.flags), ignore)
        # needles were lower-cased wherever case is ignored: compare against folded text then
        self.folded = self.needles is not None and _uses_ignorecase(regex)
        # the literal needles apart from the digit one: ``map`` over ``__contains__`` tests them
        # without a Python frame per needle (this test runs for every post and most cues)
        self._literals = tuple(n for n in self.needles or () if n != DIGIT)
        self._digit = DIGIT in (self.needles or ())

    def possible(self, text: str) -> bool:
        """False when ``text`` cannot hold a match."""
        if self.needles is None:
            return True
        if self.folded:
            text = fold_case(text)
        if any(map(text.__contains__, self._literals)):
            return True
        return self._digit and _ANY_DIGIT.search(text) is not None

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.regex.search(text, pos) if self.possible(text) else None

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.regex.match(text, pos) if self.possible(text) else None

    def finditer(self, text: str, pos: int = 0):
        return self.regex.finditer(text, pos) if self.possible(text) else iter(())


def _uses_ignorecase(regex: re.Pattern[str]) -> bool:
    return bool(regex.flags & re.IGNORECASE) or "(?i" in regex.pattern
