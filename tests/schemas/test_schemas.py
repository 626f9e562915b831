"""The committed JSON Schemas are the ones the models generate, and they describe real messages."""

from __future__ import annotations

import jsonschema
import orjson

from schemas.export import SCHEMA_DIR, render_schemas
from schemas.models import TOPIC_MODELS
from streams import codec


def test_committed_schemas_match_the_models():
    rendered = render_schemas()
    committed = {p.name: p.read_bytes() for p in SCHEMA_DIR.glob("*.schema.json")}
    assert committed == rendered, "run `make schemas` and commit schemas/json"


def test_every_topic_has_a_schema():
    assert {f"{t}.schema.json" for t in TOPIC_MODELS} == {p.name for p in SCHEMA_DIR.glob("*.schema.json")}


def test_an_enriched_post_validates_against_its_topic_schema(enrich):
    post = enrich("Russia fired two Iskander-M ballistic missiles at Kharkiv, the air force said.")
    schema = orjson.loads((SCHEMA_DIR / "missile-strikes.schema.json").read_bytes())
    jsonschema.validate(orjson.loads(codec.dumps(post)), schema)
