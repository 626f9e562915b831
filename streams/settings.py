"""Sitrep's settings: one frozen model, read once from the environment.

Everything a deployment may change lives here, so no other module reads
``os.environ``. Kafka connection settings use the ``KAFKA_`` prefix that
Kafka tooling users expect; everything else uses ``SITREP_``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from schemas.models import Topic

#: The seven output topics, in taxonomy order (the names come from the message model).
OUTPUT_TOPICS: tuple[str, ...] = Topic.__args__


def _kafka(name: str) -> AliasChoices:
    return AliasChoices(f"KAFKA_{name}", f"SITREP_KAFKA_{name}")


class Settings(BaseSettings):
    """Frozen so that a running worker can never drift from what it logged at start."""

    model_config = SettingsConfigDict(env_prefix="SITREP_", frozen=True, extra="ignore")

    # --- Kafka connection -------------------------------------------------
    bootstrap_servers: str = Field("localhost:9092", validation_alias=_kafka("BOOTSTRAP_SERVERS"))
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT", validation_alias=_kafka("SECURITY_PROTOCOL")
    )
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = Field(
        "PLAIN", validation_alias=_kafka("SASL_MECHANISM")
    )
    sasl_username: str | None = Field(None, validation_alias=_kafka("SASL_USERNAME"))
    sasl_password: SecretStr | None = Field(None, validation_alias=_kafka("SASL_PASSWORD"))
    ssl_cafile: str | None = Field(None, validation_alias=_kafka("SSL_CAFILE"))
    ssl_certfile: str | None = Field(None, validation_alias=_kafka("SSL_CERTFILE"))
    ssl_keyfile: str | None = Field(None, validation_alias=_kafka("SSL_KEYFILE"))

    # --- Topics -------------------------------------------------------------
    raw_topic: str = "raw-posts"
    dlq_topic: str = "raw-posts.dlq"
    posts_topic: str = "sitrep-posts"
    topic_prefix: str = ""
    partitions: int = Field(4, ge=1, le=1024)
    replicas: int = Field(1, ge=1)

    # --- Worker ---------------------------------------------------------------
    app_id: str = "sitrep"
    processing_guarantee: Literal["at_least_once", "exactly_once"] = "exactly_once"
    web_port: int = Field(6066, ge=1, le=65535)
    web_host: str = "127.0.0.1"
    data_dir: str = ".cache/faust"
    max_page_bytes: int = Field(1024 * 1024, ge=1)
    max_lines_per_page: int = Field(20_000, ge=1)
    catalogue_dir: str | None = None

    # --- Delivery (issue 4: docs/delivery.md) ---------------------------------------
    #: Largest record on any Sitrep topic and the worker producer's max_request_size.
    #: raw-posts accepts less (``raw_message_bytes``) so that any raw message the broker
    #: takes can still be dead-lettered whole (base64 grows it by a third).
    max_message_bytes: int = Field(4 * 1024 * 1024, ge=64 * 1024)

    @property
    def raw_message_bytes(self) -> int:
        """max.message.bytes of raw-posts: over max_page_bytes, so oversized pages reach the DLQ."""
        return (self.max_message_bytes - 64 * 1024) * 3 // 4

    #: seconds between commits: under exactly_once a post is visible to read_committed
    #: consumers only after its transactions commit, on each of the two hops
    #: (docs/performance.md: 1 s gave p99 2.9 s at 100 pages/s, 0.25 s gave 0.6 s at 0.95x throughput)
    commit_interval: float = Field(0.25, gt=0)
    #: seconds before a silent worker (killed, say) loses its partitions to the others
    session_timeout: float = Field(10.0, gt=0)
    #: how often clients refresh topic metadata: a worker that joins while a restarted
    #: broker is still loading its topics finds them at the next refresh
    metadata_max_age_ms: int = Field(15_000, ge=1000)

    def output_topic(self, topic: str) -> str:
        """Kafka name of an output topic: the taxonomy name with an optional prefix."""
        return f"{self.topic_prefix}{topic}"

    # --- Tallies, web views and metrics (issue 6) --------------------------------
    #: Output topics whose posts the tally_counts agent counts (a post on several counts once).
    tally_topics: tuple[str, ...] = ("drone-reports", "missile-strikes")
    #: How many of the latest messages of each topic /topics and the page show.
    latest_posts: int = Field(5, ge=0, le=100)
    #: Seconds between the page's refreshes.
    page_refresh_seconds: float = Field(5.0, gt=0)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment once."""
    return Settings()
