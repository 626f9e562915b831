"""Read pages from files for ``produce`` and ``replay``: the pure part of those commands.

``.txt`` files are one page each (sent as the bare text, so the page id is a
hash of the bytes); ``.jsonl`` files hold one raw post per line, sent as is.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

PAGE_SUFFIXES = (".txt", ".jsonl", ".json")


def messages_from_bytes(data: bytes, name: str) -> Iterator[bytes]:
    """The ``raw-posts`` message values held in one file's bytes."""
    if name.endswith(".jsonl"):
        for line in data.splitlines():
            if line.strip():
                yield line.strip()
    elif data.strip():
        yield data


def messages_from_path(path: Path) -> Iterator[bytes]:
    yield from messages_from_bytes(path.read_bytes(), path.name)


def pages_in_dir(directory: Path) -> list[Path]:
    """Page files of a folder in name order (the order they were recorded in)."""
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix in PAGE_SUFFIXES)
