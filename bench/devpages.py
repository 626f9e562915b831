"""Live-blog pages built from the development reports, as the held-out pages are built.

Single-report pages (wire copy, statements, air-force reports) are strung
together into pages of several entries, with timestamp lines before some or
all entries and site chrome between some of them; live-blog pages also get a
variant with their timestamp lines removed. The gold labels follow the lines.
Deterministic for a given seed.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

CHROME = [
    "Advertisement",
    "Share this post",
    "Copy link",
    "Sign up to our newsletter",
    "Please use Chrome browser for a more accessible video player",
    "Read more",
    "Follow our live coverage",
    "Skip to content",
    "Share",
    "Key points",
]


def _stamp(rng: random.Random, when: datetime) -> str:
    style = rng.randrange(4)
    if style == 0:
        return when.strftime("%H:%M")
    if style == 1:
        return when.strftime("%H.%M")
    if style == 2:
        return when.strftime("%A %d %B %Y %H:%M, UK").replace(" 0", " ")
    return "Updated " + when.strftime("%H:%M") + " GMT"


def without_timestamps(name: str, text: str, gold: dict) -> tuple[str, str, dict] | None:
    """A live-blog page with its timestamp lines removed (and line numbers shifted)."""
    drop = {int(k) for k in gold.get("timestamp_lines", {})}
    if not drop:
        return None
    lines = text.split("\n")
    new_no: dict[int, int] = {}
    kept = []
    for i, line in enumerate(lines, start=1):
        if i in drop:
            continue
        kept.append(line)
        new_no[i] = len(kept)
    posts = []
    for p in gold["posts"]:
        q = dict(p)
        q["lines"] = [new_no[p["lines"][0]], new_no[p["lines"][1]]]
        q["optional_boundaries"] = [new_no[x] for x in p.get("optional_boundaries", []) if x in new_no]
        q["quotes"] = [dict(x, line=new_no[x["line"]]) for x in p.get("quotes", [])]
        posts.append(q)
    g = dict(
        gold,
        posts=posts,
        timestamp_lines={},
        boilerplate_lines=[new_no[x] for x in gold.get("boilerplate_lines", []) if x in new_no],
    )
    return f"{name}-nots", "\n".join(kept), g


def built_pages(cases: list[tuple[str, str, dict]], seed: int = 11) -> list[tuple[str, str, dict]]:
    """Pages of 4-9 entries strung together from one-post pages."""
    rng = random.Random(seed)
    singles = []
    for name, text, gold in cases:
        if len(gold["posts"]) != 1:
            continue
        post = gold["posts"][0]
        lines = text.split("\n")
        body = lines[post["lines"][0] - 1 : post["lines"][1]]
        # chrome inside the post's range (a byline under the title) stays chrome on the built page
        inside = [
            ln for ln in gold.get("boilerplate_lines", []) if post["lines"][0] <= ln <= post["lines"][1]
        ]
        singles.append((name, body, dict(post, inside_chrome=inside)))
    rng.shuffle(singles)
    pages = []
    i = 0
    n = 0
    while i < len(singles):
        size = rng.randint(4, 9)
        group = singles[i : i + size]
        i += size
        density = rng.choice(["all", "some", "top", "none"])
        when = datetime(2024, 3, 1, 22, 0) - timedelta(days=n)
        lines: list[str] = []
        posts = []
        stamps: dict[str, str] = {}
        chrome: list[int] = []
        for k, (_, body, post) in enumerate(group):
            if (
                density == "all"
                or (density == "some" and rng.random() < 0.5)
                or (density == "top" and k == 0)
            ):
                lines.append(_stamp(rng, when))
                stamps[str(len(lines))] = ""
                when -= timedelta(minutes=rng.randint(5, 50))
            first = len(lines) + 1
            offset = first - post["lines"][0]
            lines.extend(body)
            q = dict(post)
            q["lines"] = [first, len(lines)]
            q["optional_boundaries"] = [x + offset for x in post.get("optional_boundaries", [])]
            q["quotes"] = [dict(x, line=x["line"] + offset) for x in post.get("quotes", [])]
            chrome.extend(ln + offset for ln in q.pop("inside_chrome"))
            posts.append(q)
            if rng.random() < 0.3:
                lines.append(rng.choice(CHROME))
                chrome.append(len(lines))
        n += 1
        gold = {"page": None, "timestamp_lines": stamps, "boilerplate_lines": chrome, "posts": posts}
        pages.append((f"built_{n:02d}_{density}", "\n".join(lines), gold))
    return pages
