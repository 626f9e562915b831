"""In-process speed of split + enrich + route on one core, no Kafka.

Generates seed-like pages (the seed page and the development set's live-blog pages,
reused with new ids), runs ``process_page`` on each, and prints posts/s, plus the
time it takes to load the catalogues and compile the matchers, measured apart.

    .venv/bin/python bench/inprocess.py [--pages 400] [--json FILE]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pages_for_bench() -> list[str]:
    """The seed, then the dev pages laid out as it is: live blogs of several posts (gold files
    with more than one post), in name order. Single reports are left out, so the mix does not
    shift as report families join the dev set."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    pages = ROOT / "tests" / "devset" / "pages"
    for gold_path in sorted((ROOT / "tests" / "devset" / "gold").glob("*.json")):
        gold = orjson.loads(gold_path.read_bytes())
        if len(gold.get("posts", [])) > 1:
            texts.append((pages / f"{gold_path.stem}.txt").read_text(encoding="utf-8"))
    return texts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=600, help="pages to process (default 600)")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    t0 = time.perf_counter()
    from schemas.models import RawPost
    from streams.catalogue import load
    from streams.core.enrich.matchers import matchers_for
    from streams.core.pipeline import process_page

    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    cat = load()
    matchers_for(cat)
    t_load = time.perf_counter() - t1
    texts = pages_for_bench()
    now = datetime(2024, 11, 18, tzinfo=UTC)
    pages = [RawPost(id=f"bench-{i}", text=texts[i % len(texts)]) for i in range(args.pages)]
    for page in pages[:20]:  # warm caches
        process_page(page, now, cat)
    posts = 0
    t2 = time.perf_counter()
    for page in pages:
        posts += len(process_page(page, now, cat))
    elapsed = time.perf_counter() - t2
    result = {
        "machine": f"{platform.machine()} {platform.processor() or ''} {os.cpu_count()} cpu, Python {platform.python_version()}".strip(),
        "pages": len(pages),
        "posts": posts,
        "seconds": round(elapsed, 3),
        "posts_per_s": round(posts / elapsed, 1),
        "pages_per_s": round(len(pages) / elapsed, 1),
        "catalogue_load_s": round(t_load, 3),
        "import_s": round(t_import, 3),
    }
    print(f"machine           {result['machine']}")
    print(f"pages / posts     {result['pages']} / {result['posts']}")
    print(
        f"in-process        {result['posts_per_s']:.0f} posts/s ({result['pages_per_s']:.0f} pages/s) on one core"
    )
    print(
        f"catalogue load    {result['catalogue_load_s']:.3f} s (compile matchers included), imports {t_import:.3f} s"
    )
    if args.json:
        Path(args.json).write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
