"""Enrichment: countries, people, weapons, counts, quotes and places of one post."""

from __future__ import annotations

from streams.core.enrich.extract import Enrichment, enrich_text

__all__ = ["Enrichment", "enrich_text"]
