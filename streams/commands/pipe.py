"""``pipe``: the worker's split, enrich and route in-process, no Kafka.

Reads JSON lines of raw posts (or, with ``--text``, one plain-text page) on
stdin and writes one JSON line per post: exactly what the worker routes.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime

from faust.cli import option

from streams import codec
from streams.app import app
from streams.catalogue import get_catalogue
from streams.commands.reading import messages_from_bytes
from streams.core.pages import InvalidPage
from streams.core.pipeline import enrich_post, posts_from_message
from streams.settings import get_settings


def pipe_bytes(data: bytes, text: bool, ingested_at: datetime) -> tuple[list[bytes], list[str]]:
    """Output lines and error messages for the bytes read on stdin."""
    settings = get_settings()
    catalogue = get_catalogue(settings.catalogue_dir)
    out: list[bytes] = []
    errors: list[str] = []
    values = [data] if text else list(messages_from_bytes(data, "stdin.jsonl"))
    for n, value in enumerate(values, start=1):
        try:
            posts = posts_from_message(
                value, ingested_at, catalogue, settings.max_page_bytes, settings.max_lines_per_page
            )
        except InvalidPage as exc:
            errors.append(f"input {n}: {exc.reason}")
            continue
        out.extend(codec.dumps(enrich_post(post, catalogue)) for post in posts)
    return out, errors


@app.command(
    option(
        "--text",
        is_flag=True,
        default=False,
        help="Read stdin as one plain-text page instead of JSON lines of raw posts.",
    ),
)
async def pipe(self, text: bool) -> None:
    """Split, enrich and route stdin offline; print one JSON line per post."""
    lines, errors = pipe_bytes(sys.stdin.buffer.read(), text, datetime.now(UTC))
    try:
        for line in lines:
            sys.stdout.buffer.write(line + b"\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`| head`): that is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    for error in errors:
        print(f"sitrep pipe: {error}", file=sys.stderr)
    if errors and not lines:
        raise SystemExit(1)
