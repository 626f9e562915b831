"""Dump the pipeline's output for every dev page and the seed, for checking a refactor changes nothing.

Runs each page through the same path as ``python -m streams pipe --text``
(``pipe_bytes``: parse, split, enrich, route, encode) with a fixed ingest
time, and also records what the splitter dropped (chrome and timestamp
lines), which ``bench/quality.py`` scores. Pages: ``seeds/*.txt``,
``tests/devset/pages/*.txt`` and the pages ``bench/devpages.py`` builds from
them (as ``quality.py --built`` does). One JSON line per post or page summary,
in a stable order, so two runs compare with ``cmp``:

    .venv/bin/python bench/fingerprint.py /tmp/fp-before.jsonl
    ... change code ...
    .venv/bin/python bench/fingerprint.py /tmp/fp-after.jsonl && cmp /tmp/fp-before.jsonl /tmp/fp-after.jsonl
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

INGESTED_AT = datetime(2025, 1, 1, tzinfo=UTC)


def pages() -> list[tuple[str, str]]:
    """(name, text) of every page to fingerprint, in a fixed order."""
    from bench.quality import load_cases

    out = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    out += [
        (p.name, p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "tests" / "devset" / "pages").glob("*.txt"))
    ]
    out += [(f"built:{name}", text) for name, text, _gold in load_cases(None, augment=True)]
    return out


def fingerprint_lines() -> list[bytes]:
    """The pipe output and the splitter's dropped lines of every page, as JSON lines."""
    from streams.catalogue import get_catalogue
    from streams.commands.pipe import pipe_bytes
    from streams.core.split import split_text

    cat = get_catalogue()
    out: list[bytes] = []
    for name, text in pages():
        lines, errors = pipe_bytes(text.encode("utf-8"), True, INGESTED_AT)
        result = split_text(text, INGESTED_AT, cat)
        summary = {
            "page": name,
            "posts": len(lines),
            "errors": errors,
            "boilerplate_lines": sorted(result.boilerplate_lines),
            "timestamp_lines": {str(k): v for k, v in sorted(result.timestamp_lines.items())},
            "drafts": [[d.first, d.last, d.published_at] for d in result.drafts],
        }
        out.append(orjson.dumps(summary, option=orjson.OPT_SORT_KEYS))
        out.extend(lines)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="file to write the JSON lines to")
    args = ap.parse_args()
    lines = fingerprint_lines()
    Path(args.out).write_bytes(b"\n".join(lines) + b"\n")
    print(f"{len(lines)} lines written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
