"""Write the JSON Schema of every topic's messages next to the models.

Run ``python -m schemas.export`` after changing a model; a test fails when the
committed files and the models drift apart.
"""

from __future__ import annotations

import sys
from pathlib import Path

import orjson

from schemas.models import TOPIC_MODELS

SCHEMA_DIR = Path(__file__).parent / "json"


def render_schemas() -> dict[str, bytes]:
    """File name -> JSON Schema bytes, stable across runs."""
    out: dict[str, bytes] = {}
    for topic, model in TOPIC_MODELS.items():
        schema = model.model_json_schema(by_alias=True)
        schema["$id"] = f"sitrep:{topic}"
        out[f"{topic}.schema.json"] = (
            orjson.dumps(schema, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
        )
    return out


def main() -> int:
    SCHEMA_DIR.mkdir(exist_ok=True)
    for name, data in render_schemas().items():
        (SCHEMA_DIR / name).write_bytes(data)
        print(f"wrote schemas/json/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
