"""The worker's web views: the page, its assets, /tallies, /topics, /health and /metrics.

Served by Faust's web server on the ``web_port`` setting; every view reads
this worker's own state (its tables and its sensor) and never blocks on Kafka.
"""

from __future__ import annotations

import time
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import faust
import orjson
from faust import web

from streams import tables
from streams.app import app
from streams.metrics import CONTENT_TYPE, sensor
from streams.settings import get_settings
from streams.tallies import COLUMNS, parse_day, rows

settings = get_settings()

#: The page's assets: name -> content type. Only these names are served.
ASSETS = {
    "dashboard.js": "application/javascript; charset=utf-8",
    "dashboard.css": "text/css; charset=utf-8",
}
_NO_STORE = {"Cache-Control": "no-store"}


@cache
def _asset(name: str) -> bytes:
    return (resources.files("streams.web") / "static" / name).read_bytes()


def tallies_payload(start: date | None, end: date | None, weapon_class: str | None) -> dict[str, Any]:
    """What GET /tallies answers: the filter, the columns and the rows."""
    return {
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        "class": weapon_class or None,
        "columns": list(COLUMNS),
        "rows": rows(list(tables.tally_totals.items()), start, end, weapon_class),
        "posts_tallied": len(tables.tally_posts),
    }


def health_of(faust_app: faust.App) -> tuple[bool, str]:
    """Whether this worker is ready to serve current numbers, and why (not)."""
    if faust_app.should_stop:
        return False, "stopping"
    if faust_app.rebalancing:
        return False, "rebalancing: partitions are being assigned"
    recovery = faust_app.tables.recovery
    if faust_app.in_recovery or recovery.in_recovery:
        remaining = recovery.active_remaining_total()
        return False, f"recovering tables: {remaining} changelog message(s) to replay"
    if faust_app.unassigned:
        return False, "no partitions assigned to this worker"
    consumer = getattr(faust_app, "_consumer", None)  # never build it from here
    try:
        assigned = len(consumer.assignment()) if consumer is not None else 0
    except Exception:
        return False, "consumer not started"
    if consumer is None:
        return False, "consumer not started"
    if not assigned:
        return False, "waiting for a partition assignment"
    if not recovery.completed.is_set():
        return False, "waiting for table recovery to finish"
    return True, f"ready: {assigned} partition(s) assigned, tables recovered"


def health_payload(faust_app: faust.App) -> dict[str, Any]:
    ready, reason = health_of(faust_app)
    return {
        "ready": ready,
        "reason": reason,
        "app_id": faust_app.conf.id,
        "uptime_seconds": round(time.time() - sensor.started_at, 1),
    }


def topics_payload(latest: int | None = None) -> dict[str, Any]:
    return {"topics": sensor.topic_summary(latest)}


def _send(view: web.View, body: bytes, content_type: str, status: int = 200) -> web.Response:
    # the type goes in the headers: aiohttp refuses a charset in its content_type argument
    return view.bytes(body, status=status, headers={"Content-Type": content_type, **_NO_STORE})


def _json(view: web.View, value: Any, status: int = 200) -> web.Response:
    return _send(view, orjson.dumps(value), "application/json; charset=utf-8", status)


def _page_html() -> bytes:
    initial = {
        "tallies": tallies_payload(None, None, None),
        "topics": topics_payload(),
        "health": health_payload(app),
        "refresh_seconds": settings.page_refresh_seconds,
    }
    # safe inside <script>: no "</" can close the element early
    blob = orjson.dumps(initial).replace(b"</", b"<\\/")
    return _asset("index.html").replace(b"{{INITIAL}}", blob)


# The page at "/" is registered first: Faust's own index view also mounts at "/"
# (added later, with the blueprints) and the first route added for a path wins.
@app.page("/", name="sitrep-page")
class Page(web.View):
    """The page: launched against destroyed per day by class, and the latest posts of each topic."""

    async def get(self, request: web.Request) -> web.Response:
        return _send(self, _page_html(), "text/html; charset=utf-8")


@app.page("/static/{name}", name="sitrep-static")
class Static(web.View):
    """The page's script and style sheet, read from the installed package."""

    async def get(self, request: web.Request, name: str) -> web.Response:
        if name not in ASSETS:
            raise self.NotFound(f"no asset {name!r}")
        return _send(self, _asset(name), ASSETS[name])


@app.page("/tallies", name="sitrep-tallies")
class Tallies(web.View):
    """GET /tallies?from=YYYY-MM-DD&to=YYYY-MM-DD&class=drone: launched, destroyed, lost, hit per day and class."""

    async def get(self, request: web.Request) -> web.Response:
        query = request.query
        try:
            start, end = parse_day(query.get("from")), parse_day(query.get("to"))
        except ValueError:
            return _json(self, {"error": "from and to are dates: YYYY-MM-DD"}, status=400)
        if start and end and start > end:
            return _json(self, {"error": f"from ({start}) is after to ({end})"}, status=400)
        return _json(self, tallies_payload(start, end, query.get("class")))


@app.page("/topics", name="sitrep-topics")
class Topics(web.View):
    """GET /topics[?latest=N]: messages per topic, when the last arrived, and the latest few."""

    async def get(self, request: web.Request) -> web.Response:
        raw = request.query.get("latest")
        try:
            latest = None if raw is None else max(0, min(int(raw), settings.latest_posts))
        except ValueError:
            return _json(self, {"error": "latest is a whole number"}, status=400)
        return _json(self, topics_payload(latest))


@app.page("/health", name="sitrep-health")
class Health(web.View):
    """GET /health: 200 when the worker is ready, 503 when not, with the reason either way."""

    async def get(self, request: web.Request) -> web.Response:
        payload = health_payload(self.app)
        return _json(self, payload, status=200 if payload["ready"] else 503)


@app.page("/metrics", name="sitrep-metrics")
class Metrics(web.View):
    """GET /metrics: Prometheus text format (prometheus-client)."""

    async def get(self, request: web.Request) -> web.Response:
        return _send(self, sensor.prometheus_text(), CONTENT_TYPE)
