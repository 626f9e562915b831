"""Fit each topic's cue weights on the gold posts of the development set.

Every gold post (its gold lines, so splitting errors do not leak in) is
enriched and described by ``topic_features``; for each topic a logistic
regression learns from the posts labelled with it (positives) and those
labelled without it and without it in ``also_ok`` (negatives). ``--folds K``
first prints cross-validated per-topic F1 (weights fitted without the page).
``--write`` saves ``streams/core/route_weights.json``.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fitting import fit, prf, probability, write_weights  # noqa: E402
from bench.quality import load_cases  # noqa: E402
from schemas.models import Post  # noqa: E402
from streams.catalogue import get_catalogue  # noqa: E402
from streams.core.enrich import enrich_text  # noqa: E402
from streams.core.route import NONE, NONE_VETO, TOPICS, WORD_MIN_POSTS, topic_features  # noqa: E402

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def gold_posts(cat) -> list[tuple[str, dict, dict]]:
    """(page name, features, gold post, its text) for every gold post."""
    out = []
    for name, text, gold in load_cases(None):
        lines = text.split("\n")
        for gp in gold["posts"]:
            body = "\n".join(lines[gp["lines"][0] - 1 : gp["lines"][1]])
            Post(post_id="x", page_id="x", seq=1, text=body, published_at=NOW)
            out.append((name, topic_features(body, enrich_text(body, cat)), gp, body))
    return out


def rare_words_dropped(posts):
    """The posts with their word features kept only for words in at least ``WORD_MIN_POSTS`` of
    them: a word seen once or twice would only learn the page it came from."""
    df: dict[str, int] = {}
    for _, f, _, _ in posts:
        for k in f:
            if k.startswith("w:"):
                df[k] = df.get(k, 0) + 1
    keep = {k for k, n in df.items() if n >= WORD_MIN_POSTS}
    return [
        (name, {k: v for k, v in f.items() if not k.startswith("w:") or k in keep}, gp, body)
        for name, f, gp, body in posts
    ]


def examples(posts, topic):
    data = []
    for _, f, gp, _ in posts:
        if topic in gp["categories"]:
            data.append((f, 1))
        elif topic not in gp.get("also_ok", []):
            data.append((f, 0))
    return data


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, default=0.003)
    ap.add_argument("--pos-weight", type=float, default=3.0, help="most a positive example weighs")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--errors", metavar="TOPIC", help="print the cross-validated errors of one topic")
    ap.add_argument(
        "--by-family",
        action="store_true",
        help="fold whole families of pages (the name before the first '_'): how routing does on a "
        "style of writing it was not fitted on, as the held-out set will be",
    )
    args = ap.parse_args()
    cat = get_catalogue()
    posts = gold_posts(cat)
    pages = sorted({p[0] for p in posts})
    random.Random(5).shuffle(pages)
    fold_of = {p: i % args.folds for i, p in enumerate(pages)}
    if args.by_family:
        families = sorted({p.split("_")[0] for p in pages})
        random.Random(5).shuffle(families)
        fold_of = {p: families.index(p.split("_")[0]) % args.folds for p in pages}
    if args.folds > 1:
        # every post is predicted by weights fitted without its page, all topics at once,
        # so "uncategorized" (no topic) is judged too
        predicted: dict[int, set[str]] = {}
        for k in range(args.folds):
            train = rare_words_dropped([p for p in posts if fold_of[p[0]] != k])
            fitted = {
                t: fit(examples(train, t), l2=args.l2, max_pos_weight=args.pos_weight)
                for t in (*TOPICS, NONE)
            }
            for i, (name, f, _, _) in enumerate(posts):
                if fold_of[name] == k:
                    prob = {t: probability(f, w) for t, w in fitted.items()}
                    predicted[i] = {t for t in TOPICS if prob[t] >= 0.5}
                    if prob[NONE] >= NONE_VETO[0] and all(prob[t] < NONE_VETO[1] for t in TOPICS):
                        predicted[i] = set()
        total = [0, 0, 0]
        for topic in (*TOPICS, "uncategorized"):
            tp = fp = fn = 0
            for i, (_, _, gp, _) in enumerate(posts):
                pred = predicted[i] or {"uncategorized"}
                gold = set(gp["categories"])
                if topic in pred and topic in gold:
                    tp += 1
                elif topic in pred and topic not in gp.get("also_ok", []):
                    fp += 1
                elif topic not in pred and topic in gold:
                    fn += 1
                else:
                    continue
                if topic == args.errors:
                    text = " ".join(posts[i][3].split())[:220]
                    print(f"  {posts[i][0]} gold {sorted(gold)} got {sorted(pred)}: {text}")
            p, r, f1 = prf(tp, fp, fn)
            if topic != "uncategorized":
                total = [total[0] + tp, total[1] + fp, total[2] + fn]
            print(f"cv {topic:<22} P {p:.3f} R {r:.3f} F1 {f1:.3f}")
        p, r, f1 = prf(*total)
        print(f"cv {'micro (6 topics)':<22} P {p:.3f} R {r:.3f} F1 {f1:.3f}")
    train = rare_words_dropped(posts)
    weights = {
        topic: {
            k: v
            for k, v in fit(examples(train, topic), l2=args.l2, max_pos_weight=args.pos_weight).items()
            if v  # a word feature that rounds to 0 need not be shipped
        }
        for topic in (*TOPICS, NONE)
    }
    if args.write:
        print(f"wrote {write_weights('route_weights.json', weights).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
