"""Measure splitting, routing and enrichment against gold labels (TAXONOMY.md).

Reads every page under ``tests/devset/pages`` with its gold file in
``tests/devset/gold`` (and the seed page with its labels, ``tests/data/seeds-gold.json``
when present), runs the same core functions that ``pipe`` runs, and prints
the figures the quality issue asks for. ``--json FILE`` also writes them.

    .venv/bin/python bench/quality.py [--only PREFIX] [--errors TOPIC|counts|people|...]
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import orjson
from tqdm import tqdm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from schemas.models import Post  # noqa: E402
from streams.catalogue import get_catalogue  # noqa: E402
from streams.core.pipeline import enrich_post  # noqa: E402
from streams.core.split import split_text  # noqa: E402
from streams.settings import OUTPUT_TOPICS as TOPICS  # noqa: E402


def load_cases(only: str | None, augment: bool = False) -> list[tuple[str, str, dict]]:
    """Gold pages; with ``augment``, also pages built from the single reports (bench/devpages.py)."""
    from bench.devpages import built_pages, without_timestamps

    cases = []
    gold_dir = ROOT / "tests" / "devset" / "gold"
    for gold_path in sorted(gold_dir.glob("*.json")):
        if only and not gold_path.stem.startswith(only):
            continue
        gold = orjson.loads(gold_path.read_bytes())
        page = ROOT / "tests" / "devset" / gold.get("page", f"pages/{gold_path.stem}.txt")
        cases.append((gold_path.stem, page.read_text(encoding="utf-8"), gold))
    seed_gold = ROOT / "tests" / "data" / "seeds-gold.json"  # the repository's copy of ../shared's
    if (not only or "seed".startswith(only)) and seed_gold.exists():
        gold = orjson.loads(seed_gold.read_bytes())
        cases.append(("seed", (ROOT / gold["seed"]).read_text(encoding="utf-8"), gold))
    if augment:
        extra = [v for c in cases if (v := without_timestamps(*c))]
        cases = cases + extra + built_pages(cases)
    return cases


def page_kind(name: str, gold: dict) -> str:
    """Which kind of page this is, for the boundary figures per kind: a page of one gold post
    is a single report, a page of several a live blog."""
    if name.startswith("built_"):
        return "built, stamps " + name.rsplit("_", 1)[-1]
    if name.endswith("-nots"):
        return "live blog, no stamps"
    if len(gold["posts"]) > 1:
        return "live blog"
    return "single report"


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def name_key(name: str) -> str:
    n = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z ]", "", n.replace("-", " ")).strip()


def count_facts(counts: list[dict]) -> Counter:
    out: Counter = Counter()
    for c in counts:
        for k in ("launched", "destroyed", "lost", "hit"):
            if c.get(k) is not None:
                out[(c["weapon_class"], k, int(c[k]))] += 1
    return out


def family(cls: str) -> str:
    if cls == "drone":
        return "drone"
    if "bomb" in cls:
        return "bomb"
    if cls in ("air targets", "other"):
        return "other"
    return "missile"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="only gold files whose name starts with this")
    ap.add_argument(
        "--errors",
        help="print errors of one kind: a topic, boundaries, counts (counts-family: only where the family differs), people, countries, quotes, weapons",
    )
    ap.add_argument("--json", help="write the figures as JSON to this file")
    ap.add_argument("--built", action="store_true", help="also pages built from the single reports")
    ap.add_argument(
        "--held-out-like",
        action="store_true",
        help="only the single reports and the pages built from them (what the held-out set is made of)",
    )
    ap.add_argument(
        "--gold-split", action="store_true", help="enrich and route the gold posts (no splitting errors)"
    )
    args = ap.parse_args()
    cat = get_catalogue()
    now = datetime(2025, 1, 1, tzinfo=UTC)
    b = Counter()
    by_kind: dict[str, Counter] = {}
    chrome = Counter()
    topic_c = {t: Counter() for t in TOPICS}
    ent = {k: Counter() for k in ("countries", "people", "weapons", "places")}
    counts_c = Counter()
    counts_fam = Counter()
    quotes_c = Counter()
    roles_c = Counter()
    ts_c = Counter()
    n_posts = 0
    show = args.errors
    cases = load_cases(args.only, args.built or args.held_out_like)
    if args.held_out_like:
        cases = [c for c in cases if page_kind(c[0], c[2]) == "single report" or c[0].startswith("built_")]
    for name, text, gold in tqdm(cases, desc="pages", unit="page", file=sys.stderr, disable=None):
        page_time = None
        if gold.get("page_published_at"):
            page_time = datetime.fromisoformat(gold["page_published_at"])
        result = split_text(text, page_time or now, cat)
        drafts = result.drafts
        lines = text.split("\n")
        # chrome and timestamps
        gold_chrome = set(gold.get("boilerplate_lines", []))
        pred_chrome = set(result.boilerplate_lines)
        pred_ts = result.timestamp_lines
        gold_ts = {int(k): v for k, v in gold.get("timestamp_lines", {}).items()}
        chrome["gold"] += len(gold_chrome)
        chrome["dropped"] += len(gold_chrome & pred_chrome)
        # a post's lines but any chrome or stamp inside its range ("Photograph: Reuters", a byline)
        news_lines = (
            {ln for p in gold["posts"] for ln in range(p["lines"][0], p["lines"][1] + 1)}
            - gold_chrome
            - set(gold_ts)
        )
        lost = news_lines & (pred_chrome | set(pred_ts))
        chrome["news_lines"] += len(news_lines)
        chrome["news_dropped"] += len(lost)
        if show == "chrome":
            for ln in sorted(gold_chrome - pred_chrome):
                print(f"{name}:{ln} chrome kept: {lines[ln - 1][:100]}")
            for ln in sorted(lost):
                print(f"{name}:{ln} NEWS DROPPED: {lines[ln - 1][:100]}")
        for ln, iso in gold_ts.items():
            ts_c["gold"] += 1
            if ln in pred_ts:
                ts_c["found"] += 1
                got = pred_ts[ln]
                if not iso:
                    ts_c["right"] += 1
                elif got and abs((got - datetime.fromisoformat(iso)).total_seconds()) < 61:
                    ts_c["right"] += 1
                elif show == "timestamps":
                    print(f"{name}:{ln} {lines[ln - 1]!r} gold {iso} got {got}")
            elif show == "timestamps":
                print(f"{name}:{ln} timestamp missed: {lines[ln - 1]!r}")
        # boundaries
        gold_starts = {p["lines"][0] for p in gold["posts"]}
        optional = {ln for p in gold["posts"] for ln in p.get("optional_boundaries", [])}
        pred_starts = {d.first for d in drafts}
        tp = len(gold_starts & pred_starts)
        fp = len(pred_starts - gold_starts - optional)
        fn = len(gold_starts - pred_starts)
        b["tp"] += tp
        b["fp"] += fp
        b["fn"] += fn
        kind = page_kind(name, gold)
        by_kind.setdefault(kind, Counter()).update(tp=tp, fp=fp, fn=fn)
        if show == "boundaries":
            for ln in sorted(pred_starts - gold_starts - optional):
                print(f"{name}:{ln} EXTRA split: {lines[ln - 1][:110]}")
            for ln in sorted(gold_starts - pred_starts):
                print(f"{name}:{ln} MISSED split: {lines[ln - 1][:110]}")
        # enrich each gold post using the predicted post that holds its first line
        if args.gold_split:
            from streams.core.split import Draft

            # a perfect split drops the chrome and stamps inside a post too ("From CNN's X")
            skip = gold_chrome | {int(k) for k in gold.get("timestamp_lines", {})}
            drafts = tuple(
                Draft(
                    p["lines"][0],
                    p["lines"][1],
                    tuple(lines[i - 1] for i in range(p["lines"][0], p["lines"][1] + 1) if i not in skip),
                    None,
                )
                for p in gold["posts"]
            )
        enriched = []
        for seq, d in enumerate(drafts, start=1):
            post = Post(
                post_id=f"{name}#{seq}",
                page_id=name,
                seq=seq,
                text="\n".join(d.paragraphs),
                published_at=d.published_at,
            )
            enriched.append((d, enrich_post(post, cat)))
        for gp in gold["posts"]:
            n_posts += 1
            first, last = gp["lines"]
            match = None
            for d, e in enriched:
                if d.first <= first <= d.last:
                    match = (d, e)
                    break
            if match is None:
                continue
            d, e = match
            gold_topics = set(gp["categories"])
            ok = set(gp.get("also_ok", []))
            pred = set(e.topics)
            for t in TOPICS:
                if t in pred and t in gold_topics:
                    topic_c[t]["tp"] += 1
                elif t in pred and t not in ok:
                    topic_c[t]["fp"] += 1
                    if show == t:
                        print(f"{name}:{first} FP {t} gold={sorted(gold_topics)}: {e.text[:300]!r}\n")
                elif t in gold_topics and t not in pred:
                    topic_c[t]["fn"] += 1
                    if show == t:
                        print(f"{name}:{first} FN {t} pred={sorted(pred)}: {e.text[:300]!r}\n")
            # entities
            pairs = {
                "countries": (set(gp.get("countries", [])), set(e.countries)),
                "people": ({name_key(p) for p in gp.get("people", [])}, {name_key(p.name) for p in e.people}),
                "weapons": (
                    {name_key(w["name"] if isinstance(w, dict) else w) for w in gp.get("weapons", [])},
                    {name_key(w.name) for w in e.weapons},
                ),
            }
            if "places" in gp:
                pairs["places"] = ({name_key(p) for p in gp["places"]}, {name_key(p) for p in e.places})
            for k, (g, p) in pairs.items():
                ent[k]["tp"] += len(g & p)
                ent[k]["fp"] += len(p - g)
                ent[k]["fn"] += len(g - p)
                if show == k and (g != p):
                    print(
                        f"{name}:{first} {k} missing={sorted(g - p)} extra={sorted(p - g)} | {e.text[:160]!r}"
                    )
            for person, (role, country) in gp.get("roles", {}).items():
                roles_c["gold"] += 1
                got = next((p for p in e.people if name_key(p.name) == name_key(person)), None)
                if got and got.role and role and got.role.lower() == role.lower():
                    roles_c["role"] += 1
                if got and country and got.country == country:
                    roles_c["country"] += 1
                if show == "roles" and (
                    not got or (got.role or "").lower() != (role or "").lower() or got.country != country
                ):
                    print(
                        f"{name}:{first} {person}: gold {role}/{country} got {got and (got.role, got.country)}"
                    )
            # counts
            gfacts = count_facts(gp.get("counts", []))
            pfacts = count_facts([c.model_dump() for c in e.counts])
            counts_c["gold"] += sum(gfacts.values())
            counts_c["pred"] += sum(pfacts.values())
            counts_c["tp"] += sum((gfacts & pfacts).values())
            gfam = Counter({(family(c), k, v): n for (c, k, v), n in gfacts.items()})
            pfam = Counter({(family(c), k, v): n for (c, k, v), n in pfacts.items()})
            counts_fam["tp"] += sum((gfam & pfam).values())
            if (show == "counts" and gfacts != pfacts) or (show == "counts-family" and gfam != pfam):
                print(
                    f"{name}:{first} missing={dict(gfacts - pfacts)} extra={dict(pfacts - gfacts)}\n   {e.text[:400]!r}\n"
                )
            # quotes
            for q in gp.get("quotes", []):
                quotes_c["gold"] += 1
                line_text = lines[q["line"] - 1]
                hit = [pq for pq in e.quotes if pq.text[:40] in line_text]
                if any(name_key(pq.speaker) == name_key(q["speaker"]) for pq in hit):
                    quotes_c["right"] += 1
                elif show == "quotes":
                    print(
                        f"{name}:{q['line']} gold {q['speaker']} got {[pq.speaker for pq in hit]}: {line_text[:90]!r}"
                    )
            quotes_c["pred"] += len(e.quotes)
    res: dict = {"posts": n_posts}
    res["boundary_f1"] = f1(b["tp"], b["fp"], b["fn"])
    res["chrome_dropped"] = chrome["dropped"] / chrome["gold"] if chrome["gold"] else 1.0
    res["news_lines_dropped"] = chrome["news_dropped"]
    res["timestamps_found"] = (ts_c["found"] / ts_c["gold"]) if ts_c["gold"] else 1.0
    res["timestamps_right"] = (ts_c["right"] / ts_c["gold"]) if ts_c["gold"] else 1.0
    tot = Counter()
    per = {}
    for t in TOPICS:
        tot.update(topic_c[t])
        per[t] = f1(topic_c[t]["tp"], topic_c[t]["fp"], topic_c[t]["fn"])
    res["topics_micro"] = f1(tot["tp"], tot["fp"], tot["fn"])
    res["topics"] = per
    for k in ent:
        res[k] = f1(ent[k]["tp"], ent[k]["fp"], ent[k]["fn"])
    res["counts_recall"] = counts_c["tp"] / counts_c["gold"] if counts_c["gold"] else 1.0
    res["counts_precision"] = counts_c["tp"] / counts_c["pred"] if counts_c["pred"] else 1.0
    res["counts_recall_by_family"] = counts_fam["tp"] / counts_c["gold"] if counts_c["gold"] else 1.0
    res["counts_precision_by_family"] = counts_fam["tp"] / counts_c["pred"] if counts_c["pred"] else 1.0
    res["quotes_attributed"] = quotes_c["right"] / quotes_c["gold"] if quotes_c["gold"] else 1.0
    res["roles_right"] = roles_c["role"] / roles_c["gold"] if roles_c["gold"] else 1.0
    res["role_countries_right"] = roles_c["country"] / roles_c["gold"] if roles_c["gold"] else 1.0
    if not show:
        print(f"posts {n_posts}")
        print(
            f"boundaries      P {res['boundary_f1'][0]:.3f} R {res['boundary_f1'][1]:.3f} F1 {res['boundary_f1'][2]:.3f}"
        )
        built = sum((c for k, c in by_kind.items() if k.startswith("built")), Counter())
        if built:
            by_kind["built, all"] = built
        for kind, c in sorted(by_kind.items()):
            print(f"  {kind:<22} F1 {f1(c['tp'], c['fp'], c['fn'])[2]:.3f} ({c['tp'] + c['fn']} posts)")
        print(f"chrome dropped  {res['chrome_dropped']:.3f}   news lines dropped {res['news_lines_dropped']}")
        print(
            f"timestamps      found {res['timestamps_found']:.3f} dated right {res['timestamps_right']:.3f}"
        )
        print(
            f"topics micro    P {res['topics_micro'][0]:.3f} R {res['topics_micro'][1]:.3f} F1 {res['topics_micro'][2]:.3f}"
        )
        for t in TOPICS:
            p, r, f = per[t]
            print(f"  {t:<22} P {p:.3f} R {r:.3f} F1 {f:.3f}")
        for k in ent:
            p, r, f = res[k]
            print(f"{k:<15} P {p:.3f} R {r:.3f} F1 {f:.3f}")
        print(
            f"counts          recall {res['counts_recall']:.3f} precision {res['counts_precision']:.3f} (by family {res['counts_recall_by_family']:.3f} / {res['counts_precision_by_family']:.3f}; gold {counts_c['gold']}, extracted {counts_c['pred']})"
        )
        print(f"quotes          attributed right {res['quotes_attributed']:.3f} of {quotes_c['gold']}")
        print(
            f"roles           role right {res['roles_right']:.3f}  country right {res['role_countries_right']:.3f} of {roles_c['gold']}"
        )
    if args.json:
        Path(args.json).write_bytes(orjson.dumps(res, option=orjson.OPT_INDENT_2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
