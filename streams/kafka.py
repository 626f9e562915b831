"""Plain aiokafka clients for the commands, configured from the same settings as the worker."""

from __future__ import annotations

import socket
import ssl
from typing import Any

from streams.settings import Settings


def broker_reachable(servers: str, timeout: float = 2.0) -> bool:
    """Whether the first bootstrap server accepts a TCP connection (a quick check before real clients)."""
    host, _, port = servers.split(",")[0].strip().rpartition(":")
    try:
        with socket.create_connection((host or "localhost", int(port)), timeout=timeout):
            return True
    except (OSError, ValueError):
        return False


def client_options(settings: Settings) -> dict[str, Any]:
    """Connection keyword arguments shared by aiokafka producers, consumers and admins."""
    opts: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_servers,
        "security_protocol": settings.security_protocol,
    }
    if settings.security_protocol in ("SSL", "SASL_SSL"):
        context = ssl.create_default_context(cafile=settings.ssl_cafile)
        if settings.ssl_certfile:
            context.load_cert_chain(settings.ssl_certfile, settings.ssl_keyfile)
        opts["ssl_context"] = context
    if settings.security_protocol.startswith("SASL"):
        opts["sasl_mechanism"] = settings.sasl_mechanism
        opts["sasl_plain_username"] = settings.sasl_username
        opts["sasl_plain_password"] = (
            settings.sasl_password.get_secret_value() if settings.sasl_password else None
        )
    return opts


async def ensure_topics(settings: Settings) -> list[str]:
    """Create Sitrep's topics with the configured partitions where they are missing."""
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    from streams.settings import OUTPUT_TOPICS

    names = [settings.raw_topic, settings.dlq_topic, settings.posts_topic] + [
        settings.output_topic(t) for t in OUTPUT_TOPICS
    ]
    admin = AIOKafkaAdminClient(**client_options(settings))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [n for n in names if n not in existing]
        if missing:
            # raw-posts refuses what the worker could not dead-letter whole; every other
            # topic takes the largest record the worker sends (settings.max_message_bytes)
            def limit(name: str) -> int:
                return (
                    settings.raw_message_bytes if name == settings.raw_topic else settings.max_message_bytes
                )

            await admin.create_topics(
                [
                    NewTopic(
                        n,
                        num_partitions=settings.partitions,
                        replication_factor=settings.replicas,
                        topic_configs={"max.message.bytes": str(limit(n))},
                    )
                    for n in missing
                ]
            )
        return missing
    finally:
        await admin.close()


def _main(argv: list[str]) -> int:
    import asyncio

    from streams.settings import get_settings

    if argv[1:] != ["ensure-topics"]:
        print("usage: python -m streams.kafka ensure-topics")
        return 2
    created = asyncio.run(ensure_topics(get_settings()))
    print(f"topics created: {', '.join(created) if created else 'none (all exist)'}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(_main(sys.argv))
