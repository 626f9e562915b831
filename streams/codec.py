"""The one wire codec: orjson, registered with Faust once under the name ``orjson``.

Pydantic models are dumped in JSON mode (datetimes as ISO strings, field
aliases applied) so every consumer sees the same bytes that ``pipe`` prints.
"""

from __future__ import annotations

from typing import Any

import orjson
from faust.serializers import codecs
from pydantic import BaseModel

CODEC_NAME = "orjson"


def _default(obj: Any) -> Any:
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json", by_alias=True)
    raise TypeError(f"cannot encode {type(obj).__name__} as JSON")


def dumps(obj: Any) -> bytes:
    """Encode a model, dict or list as compact JSON bytes."""
    if isinstance(obj, BaseModel):
        return obj.__pydantic_serializer__.to_json(obj, by_alias=True)
    return orjson.dumps(obj, default=_default)


def loads(data: bytes | str) -> Any:
    """Decode JSON bytes; raises ``orjson.JSONDecodeError`` (a ``ValueError``)."""
    return orjson.loads(data)


class OrjsonCodec(codecs.Codec):
    """Faust codec wrapping :func:`dumps` and :func:`loads`."""

    def _dumps(self, obj: Any) -> bytes:
        return dumps(obj)

    def _loads(self, s: bytes) -> Any:
        return loads(s)


def register() -> None:
    """Make ``value_serializer="orjson"`` available to Faust topics (idempotent)."""
    codecs.register(CODEC_NAME, OrjsonCodec())
