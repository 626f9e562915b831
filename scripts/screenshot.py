"""Save a PNG of the page a running worker serves (headless Chromium, Debian's package).

Usage: .venv/bin/python scripts/screenshot.py [--url URL] [--out docs/dashboard.png]

URL defaults to the worker's page at SITREP_WEB_HOST:SITREP_WEB_PORT. The
worker must be running (``make demo`` starts one); Chromium is installed by
scripts/chromium.sh when missing. Exits non-zero if the page reports an error.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: As the probe on this kind of machine runs it: no sandbox (root), no GPU, and no
#: background connections (the network is closed here).
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--hide-scrollbars",
]


def chromium() -> str:
    """Path of Chromium, installing Debian's package first when it is missing."""
    out = subprocess.run(
        ["bash", str(ROOT / "scripts" / "chromium.sh")], check=True, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1]


def wait_ready(url: str, timeout: float) -> dict:
    """Poll GET /health until the worker is ready; returns its last answer."""
    deadline = time.monotonic() + timeout
    last: dict = {"ready": False, "reason": "no answer"}
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=5) as response:
                last = json.loads(response.read())
        except urllib.error.HTTPError as exc:  # 503 while not ready, with the reason
            last = json.loads(exc.read() or b"{}")
        except OSError as exc:
            last = {"ready": False, "reason": str(exc)}
        if last.get("ready"):
            return last
        time.sleep(0.5)
    raise SystemExit(f"worker at {url} not ready after {timeout:.0f}s: {last.get('reason')}")


def run(browser: str, url: str, *args: str, budget_ms: int = 6000) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="sitrep-chromium-") as profile:
        return subprocess.run(
            [
                browser,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--virtual-time-budget={budget_ms}",
                *args,
                url,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    from streams.settings import get_settings

    settings = get_settings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=f"http://{settings.web_host}:{settings.web_port}/", help="page URL")
    parser.add_argument("--out", default=str(ROOT / "docs" / "dashboard.png"), help="PNG to write")
    parser.add_argument("--size", default="1280,1100", help="window size WIDTH,HEIGHT")
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for the worker")
    args = parser.parse_args(argv)

    browser = chromium()
    wait_ready(args.url, args.wait)
    # the page reports its own errors in <html data-errors="N">: refuse to picture a broken page
    dom = run(browser, args.url, "--dump-dom")
    html_tag = re.search(r"<html[^>]*>", dom.stdout)
    body_tag = re.search(r"<body[^>]*>", dom.stdout)
    clean = html_tag and "data-errors" not in html_tag.group(0)
    if dom.returncode != 0 or not clean or not body_tag or 'data-state="ready"' not in body_tag.group(0):
        print(dom.stdout[-2000:], dom.stderr[-2000:], sep="\n", file=sys.stderr)
        raise SystemExit("the page did not render cleanly; no screenshot taken")
    out = Path(args.out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    shot = run(browser, args.url, f"--screenshot={out}", f"--window-size={args.size}")
    if shot.returncode != 0 or not out.exists():
        print(shot.stderr[-2000:], file=sys.stderr)
        raise SystemExit("chromium took no screenshot")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
