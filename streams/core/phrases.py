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
