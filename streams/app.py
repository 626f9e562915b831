"""The Faust application: built once here; stages, topics and commands attach to it.

``python -m streams worker`` runs it; ``python -m streams --help`` lists the
commands (produce, subscribe, replay, pipe and Faust's own).
"""

from __future__ import annotations

import logging
import ssl

import faust

from streams import codec
from streams.settings import Settings, get_settings

log = logging.getLogger(__name__)


def _broker_url(settings: Settings) -> list[str]:
    return [f"kafka://{host.strip()}" for host in settings.bootstrap_servers.split(",") if host.strip()]


def broker_credentials(settings: Settings) -> faust.auth.Credentials | ssl.SSLContext | None:
    """SASL and/or TLS credentials from the settings (``None`` for plaintext)."""
    context = None
    if settings.security_protocol in ("SSL", "SASL_SSL"):
        context = ssl.create_default_context(cafile=settings.ssl_cafile)
        if settings.ssl_certfile:
            context.load_cert_chain(settings.ssl_certfile, settings.ssl_keyfile)
    if settings.security_protocol.startswith("SASL"):
        password = settings.sasl_password.get_secret_value() if settings.sasl_password else ""
        username = settings.sasl_username or ""
        if settings.sasl_mechanism == "PLAIN":
            return faust.SASLCredentials(
                username=username,
                password=password,
                ssl_context=context,
                mechanism=faust.types.auth.SASLMechanism.PLAIN,
            )
        return faust.SASLCredentials(
            username=username,
            password=password,
            ssl_context=context,
            mechanism=faust.types.auth.SASLMechanism(settings.sasl_mechanism),
        )
    if context is not None:
        return faust.SSLCredentials(context)
    return None


def create_app(settings: Settings | None = None) -> faust.App:
    """Build the app from settings; the codec is registered before any topic exists."""
    settings = settings or get_settings()
    codec.register()
    return faust.App(
        settings.app_id,
        broker=_broker_url(settings),
        broker_credentials=broker_credentials(settings),
        autodiscover=True,
        origin="streams",
        key_serializer="raw",
        value_serializer="raw",
        processing_guarantee=settings.processing_guarantee,
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replicas,
        topic_allow_declare=True,
        web_port=settings.web_port,
        web_bind=settings.web_host,
        web_host=settings.web_host,
        datadir=settings.data_dir,
        store="memory://",
        producer_linger_ms=5,
        producer_max_request_size=settings.max_message_bytes,
        broker_session_timeout=settings.session_timeout,
        consumer_metadata_max_age_ms=settings.metadata_max_age_ms,
        producer_max_batch_size=256 * 1024,
        stream_buffer_maxsize=16384,
        broker_commit_every=1000,
        broker_commit_interval=settings.commit_interval,
        consumer_auto_offset_reset="earliest",
        table_cleanup_interval=60.0,
    )


app = create_app()


def main() -> None:
    """Entry point of ``python -m streams`` and the ``sitrep`` script."""
    app.main()
