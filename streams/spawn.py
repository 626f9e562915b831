"""Start ``python -m streams worker`` as a child process: for tests, benchmarks and supervisors.

One place knows the command line, so the integration tests, ``bench/chaos.py``
and ``bench/throughput.py`` start workers the same way.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent


def worker_command(web_port: str | int, loglevel: str = "info") -> list[str]:
    """The worker's command line with this interpreter."""
    return [sys.executable, "-m", "streams", "worker", "-l", loglevel, "--web-port", str(web_port)]


def spawn_worker(env: dict[str, str], log: IO[bytes], cwd: Path = ROOT) -> subprocess.Popen:
    """A worker in its own session (so a signal to its group reaches every process it starts)."""
    return subprocess.Popen(
        worker_command(env.get("SITREP_WEB_PORT", "6066")),
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
