"""``replay``: send every recorded page of a folder, in order, with a progress bar."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from faust.cli import argument, option
from tqdm import tqdm

from streams.app import app
from streams.commands.produce import send_all
from streams.commands.reading import messages_from_path, pages_in_dir
from streams.settings import get_settings


@app.command(
    argument("directory", required=False, default="seeds", type=click.Path(file_okay=False)),
    option(
        "--speed",
        type=float,
        default=0.0,
        show_default=True,
        help="Pages per second; 0 sends as fast as the broker takes them.",
    ),
)
async def replay(self, directory: str, speed: float) -> None:
    """Produce every page in DIRECTORY (default seeds/) to raw-posts, in name order."""
    settings = get_settings()
    folder = Path(directory)
    if not folder.is_dir():
        raise click.UsageError(f"{folder} is not a folder")
    paths = pages_in_dir(folder)
    values = [v for p in paths for v in messages_from_path(p)]
    with tqdm(total=len(values), desc=f"replay {folder}", unit="page", file=sys.stderr) as bar:
        sent = await send_all(values, settings, bar, rate=speed)
    print(f"replayed {sent} page(s) from {len(paths)} file(s) to {settings.raw_topic}", file=sys.stderr)
