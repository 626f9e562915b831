"""Turn the bytes of a ``raw-posts`` message into validated pages, or say why not.

A body whose first non-blank character is ``{`` or ``[`` is JSON and must be a
raw post (or a list of them); any other valid UTF-8 body is a bare text page
whose id is a hash of its bytes. HTML bodies are reduced to their text.
"""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser

import orjson
from pydantic import ValidationError

from schemas.models import RawPost


class InvalidPage(ValueError):
    """A message that can never become posts; ``reason`` is what the dead letter says."""

    def __init__(self, reason: str, error_class: str = "InvalidPage") -> None:
        super().__init__(reason)
        self.reason = reason
        self.error_class = error_class


def page_id_for(data: bytes) -> str:
    """Stable id of a bare text page: the same bytes always give the same id."""
    return "txt-" + hashlib.sha256(data).hexdigest()[:16]


_BLOCK_TAGS = frozenset(
    "p div br li h1 h2 h3 h4 h5 h6 blockquote section article header footer tr time".split()
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe"})


class _TextOfHtml(HTMLParser):
    """Collects visible text, one paragraph a line; script and style are dropped unread."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data.replace("\n", " "))


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html", "<body", "<p", "<div", "<article", "<script"))


def html_to_text(text: str) -> str:
    """Visible text of an HTML fragment, paragraphs on lines of their own."""
    parser = _TextOfHtml()
    parser.feed(text)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _check_text(page: RawPost, max_lines: int) -> RawPost:
    text = page.text
    if looks_like_html(text):
        text = html_to_text(text)
    if not text.strip():
        raise InvalidPage(f"page {page.id!r} has no text", "EmptyPage")
    if text.count("\n") + 1 > max_lines:
        raise InvalidPage(
            f"page {page.id!r} has {text.count(chr(10)) + 1} lines, over the limit of {max_lines}",
            "PageTooLong",
        )
    return page if text is page.text else page.model_copy(update={"text": text})


def parse_pages(data: bytes | None, max_bytes: int, max_lines: int = 20_000) -> list[RawPost]:
    """Validate one ``raw-posts`` message value; raises :class:`InvalidPage`."""
    if data is None:
        raise InvalidPage("message has no value", "EmptyMessage")
    if len(data) > max_bytes:
        raise InvalidPage(f"message is {len(data)} bytes, over the limit of {max_bytes}", "TooLarge")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidPage(f"message is not valid UTF-8: {exc}", "NotUtf8") from None
    body = text.lstrip("\ufeff \t\r\n")
    if not body:
        raise InvalidPage("message is empty", "EmptyMessage")
    if body[0] in "{[":
        try:
            decoded = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise InvalidPage(f"invalid JSON: {exc}", "InvalidJson") from None
        items = decoded if isinstance(decoded, list) else [decoded]
        if not items:
            raise InvalidPage("JSON list holds no raw posts", "EmptyMessage")
        pages = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise InvalidPage(
                    f"JSON item {i} is {type(item).__name__}, not a raw post object", "WrongShape"
                )
            try:
                page = RawPost.model_validate(item)
            except ValidationError as exc:
                errors = "; ".join(
                    f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['msg']}" for e in exc.errors()[:5]
                )
                raise InvalidPage(f"raw post {i} does not validate: {errors}", "ValidationError") from None
            pages.append(_check_text(page, max_lines))
        return pages
    if "\x00" in body:
        raise InvalidPage("text page holds NUL bytes (binary data?)", "Binary")
    return [_check_text(RawPost(id=page_id_for(data), text=body), max_lines)]
