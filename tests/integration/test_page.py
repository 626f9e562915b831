"""The page in headless Chromium (Debian's package): it loads with no errors and shows the seed day.

Chromium is installed by scripts/chromium.sh when /usr/bin/chromium is missing
(apt-get; root here and in CI). The page writes any error it sees (uncaught
exceptions, rejected promises, assets that fail to load, console.error) into
``<html data-errors>`` and ``<pre id="errors">``; Chromium's own log on stderr
catches any console message as well.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import re
import subprocess
import tempfile
from html.parser import HTMLParser

import pytest

from tests.integration.conftest import ROOT
from tests.integration.test_web import SEED_DAY, produce, seed_tallied, start_isolated_worker

_spec = importlib.util.spec_from_file_location("screenshot", ROOT / "scripts" / "screenshot.py")
_screenshot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_screenshot)

pytestmark = pytest.mark.integration

# the flags scripts/screenshot.py runs Chromium with (no sandbox, no GPU, no background traffic)
CHROMIUM_FLAGS = [f for f in _screenshot.CHROMIUM_FLAGS if f != "--hide-scrollbars"]


@pytest.fixture(scope="module")
def chromium() -> str:
    """Path of Debian's Chromium, installed first if it is missing."""
    try:
        out = subprocess.run(
            ["bash", str(ROOT / "scripts" / "chromium.sh")],
            check=True,
            capture_output=True,
            text=True,
            timeout=900,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        message = f"could not install chromium: {getattr(exc, 'stderr', exc)}"
        if os.environ.get("SITREP_REQUIRE_KAFKA") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return out.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
async def page_worker(kafka_settings, tmp_path_factory, seed_text):
    worker = await start_isolated_worker(kafka_settings, tmp_path_factory.mktemp("page"), "page")
    try:
        await produce(worker.settings, seed_text.encode("utf-8"))
        await seed_tallied(worker)
        yield worker
    finally:
        worker.proc.stop()


def dump_dom(chromium: str, url: str, budget_ms: int = 8000) -> subprocess.CompletedProcess:
    """The DOM after the page's scripts ran (virtual time lets its fetches and one refresh finish)."""
    with tempfile.TemporaryDirectory(prefix="sitrep-chromium-") as profile:
        return subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--enable-logging=stderr",
                "--v=0",
                f"--virtual-time-budget={budget_ms}",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )


class Page(HTMLParser):
    """What the test reads off the dumped DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.html: dict[str, str | None] = {}
        self.body: dict[str, str | None] = {}
        self.errors_text = ""
        self.cells: dict[tuple[str, str], dict[str, str]] = {}
        self.bars: list[dict[str, str | None]] = []
        self.figures: list[str] = []
        self._in_errors = False
        self._row: tuple[str, str] | None = None
        self._field: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html = a
        elif tag == "body":
            self.body = a
        elif tag == "pre" and a.get("id") == "errors":
            self._in_errors = True
        elif tag == "tr" and "data-date" in a:
            self._row = (a["data-date"], a["data-class"])
            self.cells[self._row] = {}
        elif tag == "td" and self._row and "data-field" in a:
            self._field = a["data-field"]
        elif tag == "rect" and "data-field" in a:
            self.bars.append(a)
        elif tag == "figure" and "data-class" in a:
            self.figures.append(a["data-class"])

    def handle_endtag(self, tag):
        if tag == "pre":
            self._in_errors = False
        elif tag == "tr":
            self._row = None
        elif tag == "td":
            self._field = None

    def handle_data(self, data):
        if self._in_errors:
            self.errors_text += data
        if self._row and self._field:
            self.cells[self._row][self._field] = self.cells[self._row].get(self._field, "") + data


def read_page(chromium: str, url: str) -> tuple[Page, list[str], subprocess.CompletedProcess]:
    run = dump_dom(chromium, url)
    assert run.returncode == 0, run.stderr[-3000:]
    page = Page()
    page.feed(run.stdout)
    console = [line for line in run.stderr.splitlines() if re.search(r":CONSOLE[:(]", line)]
    return page, console, run


async def test_page_loads_without_errors_and_shows_the_seed_day(chromium, page_worker):
    page, console, run = await asyncio.to_thread(read_page, chromium, f"{page_worker.url}/")
    assert "data-errors" not in page.html, page.errors_text
    assert page.errors_text.strip() == ""
    assert console == [], console
    assert page.body.get("data-state") == "ready", run.stdout[-2000:]
    assert int(page.body.get("data-refreshes") or 0) >= 1  # its own fetches worked too
    # the table: the seed day's drones
    drone = page.cells[(SEED_DAY, "drone")]
    assert (drone["launched"], drone["destroyed"], drone["lost"]) == ("11", "8", "3")
    assert page.cells[(SEED_DAY, "ballistic missile")]["launched"] == "2"
    # the chart: a panel per class, with the seed day's bars
    assert {"drone", "ballistic missile", "guided missile"} <= set(page.figures)
    seed_bars = {(b["data-field"], b["data-value"]) for b in page.bars if b.get("data-date") == SEED_DAY}
    assert {("launched", "11"), ("destroyed", "8")} <= seed_bars
