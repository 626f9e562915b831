"""Sitrep: split, enrich and route conflict-news posts through Kafka."""
